//! Votes and decisions written into a Microsoft list through Graph, so
//! every wall that reads the list shares one count without a server of
//! ours.
//!
//! A vote reads the item (its ETag and columns), then PATCHes its fields
//! with `If-Match` on that ETag: the count plus one, and the vote's id added
//! to the `vote_ids` column. Another wall that changed the item in between
//! makes Graph answer 412; the item is read again and the vote tried again.
//! A vote whose id is already in the item was counted before (the answer
//! was lost, or the wall stopped before it journaled the yes): it is
//! confirmed without counting it again. Without a `vote_ids` column that
//! last case cannot be told apart, and such a vote may count twice.
//!
//! An id stays on the item for as long as its vote may still be sent again
//! (`RETRY_WINDOW_DAYS`, read from the time inside the id); the sender
//! gives up on an older vote. Only if the column's 63,999 characters fill
//! up (some 2,000 votes on one item within the window) do the oldest ids
//! go early, and that is logged.

use std::sync::Mutex;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header;
use serde_json::{Value, json};

use super::Decision;
use super::exchange::{SendError, judge};
use crate::config::ListSource;
use crate::core::votes::Vote;
use crate::sources::signin::SignIn;

/// The most characters the vote ids take in their column: a multi-line
/// text column holds 63,999.
const MAX_VOTE_ID_CHARS: usize = 63_000;
/// The largest answer for one item that is read.
const MAX_ITEM: u64 = 4 * 1024 * 1024;
/// How often a vote is tried again at once when other walls keep changing
/// the item; after that the sender backs off.
const CONFLICTS: usize = 8;

/// A list that takes votes or decisions, with the wall's sign-in for it.
pub(crate) struct ListWriter {
    pub list: ListSource,
    sign_in: Mutex<SignIn>,
}

impl std::fmt::Debug for ListWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListWriter").field("list", &self.list.list).finish_non_exhaustive()
    }
}

impl ListWriter {
    pub(crate) fn new(list: ListSource, sign_in: SignIn) -> ListWriter {
        ListWriter { list, sign_in: Mutex::new(sign_in) }
    }

    /// Sends a request signed in; a 401 gets a new token and one more try.
    /// The answer is the caller's to judge.
    fn send(&self, client: &Client, build: impl Fn(&Client) -> RequestBuilder) -> Result<Response, SendError> {
        let response = self.signed(client, &build, false)?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        self.signed(client, &build, true)
    }

    /// One request with the kept token, or with a new one when `renew`.
    fn signed(
        &self,
        client: &Client,
        build: &impl Fn(&Client) -> RequestBuilder,
        renew: bool,
    ) -> Result<Response, SendError> {
        let token = {
            let Ok(mut sign_in) = self.sign_in.lock() else {
                return Err(SendError::retry("the sign-in is unusable".into()));
            };
            if renew {
                sign_in.forget();
            }
            sign_in.bearer().map_err(|err| SendError {
                message: err.message,
                permanent: false,
                retry_after: err.retry_after,
            })?
        };
        build(client).bearer_auth(token).send().map_err(|_| SendError::retry("cannot reach Microsoft Graph".into()))
    }

    /// Reads an item: its ETag and its columns.
    fn item(&self, client: &Client, id: &str) -> Result<(String, Value), SendError> {
        let url = self.list.item_url(id);
        let response = self.send(client, |client| client.get(&url))?;
        judge(&response, "Microsoft Graph", false).map_err(|err| gone(err, id))?;
        let header_etag = response.headers().get(header::ETAG).and_then(|v| v.to_str().ok()).map(str::to_string);
        let text = crate::sources::http::read_small(response, MAX_ITEM)
            .map_err(|err| SendError::retry(format!("list item {id}: {err}")))?;
        let item: Value =
            serde_json::from_str(&text).map_err(|_| SendError::retry("Graph's answer was not JSON".into()))?;
        let etag = ["/@odata.etag", "/eTag", "/fields/@odata.etag"]
            .iter()
            .find_map(|pointer| item.pointer(pointer).and_then(Value::as_str).map(str::to_string))
            .or(header_etag)
            .ok_or_else(|| SendError::retry(format!("list item {id} came without an ETag")))?;
        // Never a count guessed from nothing: without its columns the item
        // is asked for again later.
        match item.get("fields") {
            Some(fields @ Value::Object(_)) => Ok((etag, fields.clone())),
            _ => Err(SendError::retry(format!("list item {id} came without its columns (fields)"))),
        }
    }
}

/// A 404 for an item means it was deleted from the list: the vote is set
/// aside, not retried.
fn gone(mut err: SendError, id: &str) -> SendError {
    if err.permanent {
        err.message = format!("list item {id}: {} (was it deleted?)", err.message);
    }
    err
}

/// Counts one vote in its item, once.
pub(super) fn add_vote(client: &Client, writer: &ListWriter, vote: &Vote) -> Result<(), SendError> {
    let columns = &writer.list.columns;
    let Some(votes_column) = columns.votes.as_deref() else {
        return Err(SendError { message: "the list has no votes column".into(), permanent: true, retry_after: None });
    };
    for _ in 0..CONFLICTS {
        let (etag, fields) = writer.item(client, &vote.note_id)?;
        let ids = columns.vote_ids.as_deref().map(|column| vote_ids(&fields, column));
        if ids.as_ref().is_some_and(|ids| ids.contains(&vote.vote_id)) {
            return Ok(());
        }
        let count = fields.get(votes_column).and_then(number).unwrap_or(0);
        let mut change = json!({ votes_column: count + 1 });
        if let (Some(column), Some(mut ids)) = (columns.vote_ids.as_deref(), ids) {
            ids.push(vote.vote_id.clone());
            change[column] = Value::String(kept_ids(ids, chrono::Utc::now(), &vote.note_id).join("\n"));
        }
        let url = writer.list.fields_url(&vote.note_id);
        let response = writer.send(client, |client| {
            client
                .patch(&url)
                .header(header::IF_MATCH, &etag)
                .header(header::CONTENT_TYPE, "application/json")
                .body(change.to_string())
        })?;
        if response.status() == StatusCode::PRECONDITION_FAILED {
            // Another wall won: wait a moment, different on each wall, so
            // the two do not collide again in step.
            std::thread::sleep(std::time::Duration::from_millis(
                20 + (crate::sources::backoff::jitter() * 200.0) as u64,
            ));
            continue;
        }
        return judge(&response, "Microsoft Graph", false).map_err(|err| gone(err, &vote.note_id));
    }
    Err(SendError::retry(format!("list item {} kept changing while the vote was counted", vote.note_id)))
}

/// Writes a stand-up decision into the item's status column.
pub(super) fn set_status(client: &Client, writer: &ListWriter, decision: &Decision) -> Result<(), SendError> {
    let Some(column) = writer.list.columns.status.as_deref() else {
        return Err(SendError { message: "the list has no status column".into(), permanent: true, retry_after: None });
    };
    let word = writer.list.status_word(decision.status);
    let url = writer.list.fields_url(&decision.note_id);
    let change = json!({ column: word });
    let response = writer.send(client, |client| {
        client.patch(&url).header(header::CONTENT_TYPE, "application/json").body(change.to_string())
    })?;
    judge(&response, "Microsoft Graph", false).map_err(|err| gone(err, &decision.note_id))
}

/// Writes a topic set at the stand-up into the item's topic column (an
/// empty text for a note taken out of every stack).
pub(super) fn set_topic(client: &Client, writer: &ListWriter, change: &super::TopicChange) -> Result<(), SendError> {
    let Some(column) = writer.list.columns.topic.as_deref() else {
        return Err(SendError { message: "the list has no topic column".into(), permanent: true, retry_after: None });
    };
    let url = writer.list.fields_url(&change.note_id);
    let body = json!({ column: change.topic.as_deref().unwrap_or_default() });
    let response = writer.send(client, |client| {
        client.patch(&url).header(header::CONTENT_TYPE, "application/json").body(body.to_string())
    })?;
    judge(&response, "Microsoft Graph", false).map_err(|err| gone(err, &change.note_id))
}

/// The ids an item keeps after a vote: every id whose vote may still be
/// sent again (cast within the retry window, a day's margin for clocks;
/// an id with no time in it stays), then, if they do not fit the column,
/// the newest that do.
pub(super) fn kept_ids(ids: Vec<String>, now: chrono::DateTime<chrono::Utc>, item: &str) -> Vec<String> {
    let oldest = now - chrono::Duration::days(super::RETRY_WINDOW_DAYS + 1);
    let mut kept: Vec<String> =
        ids.into_iter().filter(|id| crate::core::votes::vote_time(id).is_none_or(|at| at >= oldest)).collect();
    let mut chars: usize = kept.iter().map(|id| id.len() + 1).sum();
    let mut dropped = 0;
    while chars > MAX_VOTE_ID_CHARS && dropped + 1 < kept.len() {
        chars -= kept[dropped].len() + 1;
        dropped += 1;
    }
    if dropped > 0 {
        bevy::log::warn!(
            "list item {item}: the vote ids column is full; the {dropped} oldest ids within the retry window are dropped"
        );
        kept.drain(..dropped);
    }
    kept
}

/// The vote ids an item keeps, one per line.
fn vote_ids(fields: &Value, column: &str) -> Vec<String> {
    let text = fields.get(column).and_then(Value::as_str).unwrap_or("");
    text.lines().map(str::trim).filter(|id| !id.is_empty()).map(str::to_string).collect()
}

/// A number column's value: Graph writes 3 or 3.0, sometimes "3".
fn number(value: &Value) -> Option<u64> {
    let number = value.as_f64().or_else(|| value.as_str()?.trim().parse().ok())?;
    (number.is_finite() && number >= 0.0).then(|| number.round() as u64)
}
