//! Suggested stacks, for the notes no source field and no rule placed: two
//! notes whose words are clearly alike (precision first: several shared
//! content words and a large share of their words) are suggested as one
//! story, for the stand-up to confirm or reject. Weak likeness never forms
//! a stack, compliments pair only with compliments, and a pair the
//! stand-up rejected is never suggested again.
//!
//! Each note is compared only with notes that share its rarest words, at
//! most [`NEIGHBOURS`] of them per word, so 5,000 near-identical notes from
//! a spammed form make one stack in linear time.

use std::collections::{HashMap, HashSet};

use super::decide::Decided;
use super::text::Stems;

/// A note as the suggestions see it.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub compliment: bool,
}

/// At least this many content words in common…
const MIN_SHARED: usize = 3;
/// …and at least this share of the two notes' words together.
const MIN_JACCARD: f64 = 0.4;
/// How many rare words of a note lead to candidates.
const RARE_WORDS: usize = 3;
/// How many notes one word leads to.
const NEIGHBOURS: usize = 48;

/// Words that say nothing about a subject, in Dutch and English, and the
/// words every note of a customer service has.
const STOPWORDS: &str = "de het een en of maar dat die dit deze is was zijn wordt worden werd heeft hebben had \
    van voor naar met op in aan bij uit om tot over door als dan ook nog niet geen wel al er hier daar \
    ik je jij u hij zij ze we wij mij me mijn zijn haar hun ons onze uw wat wie waar wanneer hoe waarom \
    kan kon moet moeten wil wilde zou zouden gaat ging komt kwam krijgt kreeg graag even echt heel veel \
    meer minder weer steeds al sinds na per via zo te the a an and or but that this these those is are was \
    were be been being has have had do does did of for to from with on in at by about as than too also \
    not no yet still just very really much more less again since after per via so it its they them their \
    he she his her we our you your i my me what who where when how why can could must would will should \
    klant klanten customer customers vraagt vroeg asks asked wants wanted zegt zei says said belde gebeld \
    called call calls mail mailde emailed graag please bedankt thanks thank";

/// Each note's content words, as ids, sorted.
fn content_words(notes: &[Candidate], stems: &Stems) -> Vec<Vec<u32>> {
    let stop: HashSet<&str> = STOPWORDS.split_whitespace().collect();
    let mut ids: HashMap<String, u32> = HashMap::new();
    notes
        .iter()
        .map(|note| {
            let mut words: Vec<u32> = stems
                .tokens(note.text)
                .into_iter()
                .filter(|t| t.word.chars().count() >= 3 && !stop.contains(t.word.as_str()))
                .filter(|t| !t.word.chars().all(|c| c.is_ascii_digit()))
                .map(|t| {
                    // One key per word: the shorter of its two stems.
                    let key = if t.en.len() < t.nl.len() { t.en } else { t.nl };
                    let next = ids.len() as u32;
                    *ids.entry(key).or_insert(next)
                })
                .collect();
            words.sort_unstable();
            words.dedup();
            words
        })
        .collect()
}

/// How many of two sorted lists' ids they share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

fn root(parent: &mut [usize], mut at: usize) -> usize {
    while parent[at] != at {
        parent[at] = parent[parent[at]];
        at = parent[at];
    }
    at
}

/// The suggested stacks among `notes`: groups of two or more, each as
/// indexes into `notes` in order. No group holds two notes the stand-up
/// said are not the same story (`decided`).
pub fn suggest(notes: &[Candidate], decided: &Decided) -> Vec<Vec<usize>> {
    let words = content_words(notes, &Stems::default());
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    for (note, ids) in words.iter().enumerate() {
        for id in ids {
            postings.entry(*id).or_default().push(note);
        }
    }
    let mut parent: Vec<usize> = (0..notes.len()).collect();
    // Per group (by its root), its notes that were kept apart from some
    // note: two groups join only when none of them is apart from another.
    let mut marked: HashMap<usize, Vec<usize>> =
        (0..notes.len()).filter(|at| decided.kept_apart(notes[*at].id)).map(|at| (at, vec![at])).collect();
    for (i, own) in words.iter().enumerate() {
        if own.len() < MIN_SHARED {
            continue;
        }
        let mut rare: Vec<&Vec<usize>> = own.iter().filter_map(|id| postings.get(id)).filter(|p| p.len() > 1).collect();
        rare.sort_by_key(|posting| posting.len());
        for posting in rare.into_iter().take(RARE_WORDS) {
            // The notes nearest in the list (they came in about the same time).
            let at = posting.partition_point(|&j| j < i);
            let from = at.saturating_sub(NEIGHBOURS / 2);
            for &j in posting.iter().skip(from).take(NEIGHBOURS + 1) {
                if j == i || notes[i].compliment != notes[j].compliment || root(&mut parent, i) == root(&mut parent, j)
                {
                    continue;
                }
                let other = &words[j];
                let common = shared(own, other);
                let union = own.len() + other.len() - common;
                let alike = common >= MIN_SHARED && common as f64 >= MIN_JACCARD * union as f64;
                if !alike {
                    continue;
                }
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                let (in_a, in_b) = (marked.get(&a), marked.get(&b));
                let refused = in_a.zip(in_b).is_some_and(|(in_a, in_b)| {
                    in_a.iter().any(|x| in_b.iter().any(|y| decided.apart(notes[*x].id, notes[*y].id)))
                });
                if refused {
                    continue;
                }
                let (keep, gone) = (a.min(b), a.max(b));
                parent[gone] = keep;
                if let Some(moved) = marked.remove(&gone) {
                    marked.entry(keep).or_default().extend(moved);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for note in 0..notes.len() {
        let top = root(&mut parent, note);
        groups.entry(top).or_default().push(note);
    }
    let mut stacks: Vec<Vec<usize>> = groups.into_values().filter(|group| group.len() > 1).collect();
    stacks.sort_by_key(|group| group[0]);
    stacks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates<'a>(texts: &'a [(&'a str, &'a str)]) -> Vec<Candidate<'a>> {
        texts.iter().map(|(id, text)| Candidate { id, text, compliment: false }).collect()
    }

    #[test]
    fn clearly_alike_notes_are_suggested_and_weak_likeness_is_not() {
        let texts = [
            ("a", "Monteur kwam niet opdagen voor de glasvezel aansluiting, klant had vrij genomen"),
            ("b", "Glasvezel aansluiting: monteur kwam niet opdagen, vrij genomen voor niets"),
            ("c", "Monteur kwam niet opdagen voor de slimme meter"),
            ("d", "Wifi reikt niet tot de slaapkamer boven"),
        ];
        let stacks = suggest(&candidates(&texts), &Decided::default());
        assert_eq!(stacks, [vec![0, 1]], "the fibre notes, not the smart meter");
        let mut stories = super::super::Stories::default();
        let at = |id: &str| crate::model::NoteRef { source: "s".into(), id: id.into() };
        stories.keep_apart(vec![at("b"), at("a")]);
        let rejected = Decided::new(&stories, |note| Some(note.id.clone()));
        assert!(suggest(&candidates(&texts), &rejected).is_empty(), "a rejected pair never comes back");
    }

    #[test]
    fn five_thousand_spammed_notes_make_one_stack() {
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("Gratis energie actie werkt niet, code {i} ongeldig bij het aanmelden"))
            .collect();
        let notes: Vec<Candidate> =
            texts.iter().map(|text| Candidate { id: text.as_str(), text, compliment: false }).collect();
        let stacks = suggest(&notes, &Decided::default());
        assert_eq!(stacks.len(), 1);
        assert_eq!(stacks[0].len(), 5000);
    }

    #[test]
    fn compliments_pair_only_with_compliments() {
        let notes = [
            Candidate {
                id: "a",
                text: "Sanne van de helpdesk hielp snel en vriendelijk met de router",
                compliment: true,
            },
            Candidate {
                id: "b",
                text: "Sanne van de helpdesk hielp snel en vriendelijk met de router",
                compliment: false,
            },
        ];
        assert!(suggest(&notes, &Decided::default()).is_empty());
    }
}
