//! One request to a source and what its answer means: a vote POSTed to a
//! `votes_url`, a stand-up decision PUT as a Fider post's status, and the
//! sorting of the answer into "sent", "refused for good" and "try later".

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header;

use super::{Decision, Target};
use crate::core::model::Status;
use crate::core::votes::Vote;

/// Why one send did not work.
#[derive(Debug, Clone, PartialEq)]
pub struct SendError {
    pub message: String,
    /// The server refused this item and would refuse it again; other items
    /// may still go. Otherwise the server (or the way to it) is unwell and
    /// everything waits.
    pub permanent: bool,
    /// How long the server asked the wall to wait (429, 503).
    pub retry_after: Option<std::time::Duration>,
}

impl SendError {
    pub(super) fn retry(message: String) -> SendError {
        SendError { message, permanent: false, retry_after: None }
    }
}

/// Sorts an answer of the server: a 2xx (or 409 for a vote) is a yes; a
/// refusal of this one item is permanent; the rest means "try later".
pub(super) fn judge(
    response: &reqwest::blocking::Response,
    what: &str,
    conflict_is_yes: bool,
) -> Result<(), SendError> {
    let status = response.status();
    if status.is_success() || (conflict_is_yes && status == StatusCode::CONFLICT) {
        return Ok(());
    }
    if status.is_redirection() {
        let host = crate::sources::http::location_host(response.headers());
        return Err(SendError::retry(format!(
            "{what} answered {status}, a redirect to {host}; redirects are not followed for votes, so set the final URL (https?) in the config"
        )));
    }
    let permanent = matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::GONE | StatusCode::UNPROCESSABLE_ENTITY
    );
    let hint = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "; check the api_key",
        _ => "",
    };
    let retry_after = matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
        .then(|| crate::sources::http::retry_after(response.headers()))
        .flatten();
    Err(SendError { message: format!("{what} answered {status}{hint}"), permanent, retry_after })
}

/// Fider's name for a status; Fider has no "discussed".
pub fn fider_status(status: Status) -> Option<&'static str> {
    match status {
        Status::New => Some("open"),
        Status::Discussed => None,
        Status::Planned => Some("planned"),
        Status::InProgress => Some("started"),
        Status::Done => Some("completed"),
        Status::Declined => Some("declined"),
    }
}

/// A stand-up decision as a Fider post's status (a collaborator's key).
pub(super) fn put_status(client: &Client, target: &Target, decision: &Decision) -> Result<(), SendError> {
    let status = fider_status(decision.status).unwrap_or("open");
    let url = format!("{}/api/v1/posts/{}/status", target.url.trim_end_matches('/'), decision.note_id);
    let body = serde_json::json!({ "status": status, "text": "Decided at the weekly stand-up at the Wall of Change." });
    let mut request = client.put(&url).header(header::CONTENT_TYPE, "application/json").body(body.to_string());
    if let Some(token) = &target.bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().map_err(|_| SendError::retry("cannot reach the Fider board".into()))?;
    judge(&response, "Fider", false).map_err(|mut err| {
        if response.status() == StatusCode::FORBIDDEN || response.status() == StatusCode::UNAUTHORIZED {
            err.message.push_str(" (a collaborator's or an administrator's key)");
        }
        err
    })
}

/// One vote, once. The body is the documented contract.
pub(super) fn post(client: &Client, target: &Target, vote: &Vote) -> Result<(), SendError> {
    let body = serde_json::json!({
        "vote_id": vote.vote_id,
        "source": vote.source,
        "note_id": vote.note_id,
        "at": vote.at,
        "week": vote.week,
        "kiosk": vote.kiosk,
    });
    let mut request = client
        .post(&target.url)
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", &vote.vote_id)
        .body(body.to_string());
    if let Some(token) = &target.bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().map_err(|err| {
        SendError::retry(if err.is_timeout() {
            "the votes_url did not answer in time".to_string()
        } else {
            "cannot reach the votes_url".to_string()
        })
    })?;
    judge(&response, "the votes_url", true)
}
