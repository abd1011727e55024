//! The journal's lines: each record as JSON with a checksum, read back so
//! that a torn or damaged line costs only itself.

use super::Record;
use crate::hash;

/// Gives records new source names where `rename` says one (journals from
/// before sources had stable names kept their position, "0"). Returns how
/// many records changed.
pub fn rename_sources(records: &mut [Record], rename: impl Fn(&str) -> Option<String>) -> usize {
    let mut changed = 0;
    for record in records {
        let sources: Vec<&mut String> = match record {
            Record::Vote(vote) => vec![&mut vote.source],
            Record::Status { source, .. }
            | Record::StatusSent { source, .. }
            | Record::Topic { source, .. }
            | Record::TopicSent { source, .. } => vec![source],
            Record::Apart { notes, .. } => notes.iter_mut().map(|(source, _)| source).collect(),
            Record::Sent { .. } | Record::Minutes { .. } | Record::MinutesSent { .. } => continue,
        };
        let mut renamed = false;
        for source in sources {
            if let Some(new) = rename(source) {
                *source = new;
                renamed = true;
            }
        }
        changed += usize::from(renamed);
    }
    changed
}

/// Encodes a record as one journal line: the JSON, a tab, a checksum of
/// the JSON (FNV-1a 64, which changes for any changed byte), a newline.
pub fn encode(record: &Record) -> String {
    let json = serde_json::to_string(record).unwrap_or_else(|_| "{}".into());
    format!("{json}\t{:016x}\n", hash::of(&json))
}

/// What recovery found wrong in a journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Damage {
    /// Line numbers (from 1) of records that failed their checksum or did
    /// not parse, and were left out.
    pub corrupt_lines: Vec<usize>,
    /// The last line had no newline: a write that was cut off.
    pub torn_tail: bool,
    /// Bytes of the file that hold good records; the rest is cut off.
    pub good_len: usize,
}

impl Damage {
    pub fn is_clean(&self) -> bool {
        self.corrupt_lines.is_empty() && !self.torn_tail
    }
}

/// Reads a journal's text: every intact record in order, and the damage.
pub fn recover(text: &str) -> (Vec<Record>, Damage) {
    let mut records = Vec::new();
    let mut damage = Damage::default();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let complete = line.ends_with('\n');
        let decoded = complete.then(|| decode(line.trim_end_matches('\n'))).flatten();
        match decoded {
            Some(record) => {
                records.push(record);
                offset += line.len();
                // Good records after a bad one are kept; the file is cut only
                // after the last good record.
                damage.good_len = offset;
            }
            None if !complete => damage.torn_tail = true,
            None => {
                offset += line.len();
                damage.corrupt_lines.push(index + 1);
            }
        }
    }
    (records, damage)
}

fn decode(line: &str) -> Option<Record> {
    let (json, checksum) = line.rsplit_once('\t')?;
    let expected = u64::from_str_radix(checksum, 16).ok()?;
    if hash::of(json) != expected {
        return None;
    }
    serde_json::from_str(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::votes::tests::vote;

    #[test]
    fn a_torn_last_record_is_cut_off_and_the_rest_kept() {
        let text = format!("{}{}", encode(&vote("a", "n1", "2026-W48")), encode(&vote("b", "n2", "2026-W48")));
        let torn = &text[..text.len() - 7];
        let (records, damage) = recover(torn);
        assert_eq!(records, vec![vote("a", "n1", "2026-W48")]);
        assert!(damage.torn_tail);
        assert_eq!(damage.good_len, encode(&vote("a", "n1", "2026-W48")).len());
    }

    #[test]
    fn a_flipped_byte_is_found_by_the_checksum() {
        let text = format!(
            "{}{}{}",
            encode(&vote("a", "n1", "2026-W48")),
            encode(&vote("b", "n2", "2026-W48")),
            encode(&vote("c", "n3", "2026-W48"))
        );
        for at in 0..text.len() {
            let mut bytes = text.clone().into_bytes();
            if bytes[at] == b'\n' {
                continue;
            }
            bytes[at] ^= 0x04;
            let flipped = String::from_utf8_lossy(&bytes).into_owned();
            let (records, damage) = recover(&flipped);
            assert_eq!(records.len(), 2, "a flip at byte {at} costs exactly one record");
            assert_eq!(damage.corrupt_lines.len(), 1);
        }
    }
}
