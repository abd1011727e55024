//! One request to a source and what its answer means: a vote POSTed to a
//! `votes_url`, a stand-up decision PUT as a Fider post's status, and the
//! sorting of the answer into "sent", "refused for good" and "try later".

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header;

use super::{Decision, Target, TopicChange};
use crate::core::model::Status;
use crate::core::votes::Vote;

/// Why one send did not work.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SendError {
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
pub(crate) fn fider_status(status: Status) -> Option<&'static str> {
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

/// The Fider tag of a topic: the prefix, then the topic folded (case,
/// accents) with dashes between its words: `onderwerp-` and "Wachttijd
/// bij de helpdesk" make `onderwerp-wachttijd-bij-de-helpdesk`, which
/// `topic_tag_prefix` reads back as the same topic.
pub(crate) fn tag_slug(prefix: &str, topic: &str) -> String {
    let words: Vec<String> = crate::core::topics::text::fold(topic)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    format!("{}{}", prefix.trim().to_lowercase(), words.join("-"))
}

/// A topic set at the stand-up, on a Fider post: for a confirmed story,
/// the post as a duplicate of the story's top post, then its tag (with a
/// topic tag prefix; the tag must exist on the board). Both are the same
/// when sent twice.
pub(super) fn fider_topic(
    client: &Client,
    target: &Target,
    prefix: Option<&str>,
    change: &TopicChange,
) -> Result<(), SendError> {
    let base = target.url.trim_end_matches('/');
    let signed = |request: reqwest::blocking::RequestBuilder| match &target.bearer {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    // The duplicate first: a tag the board lacks (a 404, set aside) must
    // not keep the story's posts from being marked.
    if let Some(original) = change.original.as_deref().filter(|original| *original != change.note_id) {
        let Ok(number) = original.parse::<u64>() else {
            let message = format!("post {original:?} is not a Fider post number");
            return Err(SendError { message, permanent: true, retry_after: None });
        };
        let url = format!("{base}/api/v1/posts/{}/status", change.note_id);
        let body = serde_json::json!({ "status": "duplicate", "originalNumber": number, "text": "" });
        let request = client.put(&url).header(header::CONTENT_TYPE, "application/json").body(body.to_string());
        let response = signed(request).send().map_err(|_| SendError::retry("cannot reach the Fider board".into()))?;
        judge(&response, "Fider", false)?;
    }
    // The old topic's tag goes (a post without it, or a board without the
    // tag, answers 404: nothing to take away).
    if let (Some(prefix), Some(previous)) = (prefix, change.previous.as_deref())
        && change.topic.as_deref() != Some(previous)
    {
        let url = format!("{base}/api/v1/posts/{}/tags/{}", change.note_id, tag_slug(prefix, previous));
        let response =
            signed(client.delete(&url)).send().map_err(|_| SendError::retry("cannot reach the Fider board".into()))?;
        if response.status() != StatusCode::NOT_FOUND {
            judge(&response, "Fider", false)?;
        }
    }
    if let (Some(prefix), Some(topic)) = (prefix, change.topic.as_deref()) {
        let slug = tag_slug(prefix, topic);
        let url = format!("{base}/api/v1/posts/{}/tags/{slug}", change.note_id);
        let response =
            signed(client.post(&url)).send().map_err(|_| SendError::retry("cannot reach the Fider board".into()))?;
        judge(&response, "Fider", false).map_err(|mut err| {
            if response.status() == StatusCode::NOT_FOUND {
                err.message.push_str(&format!(" (is there a tag {slug:?} on the board? Create it in Fider)"));
            }
            err
        })?;
    }
    Ok(())
}

/// The body an incoming webhook expects for the minutes `text`: an
/// Adaptive Card for Teams (as its workflows take it), `{"text"}` for Slack.
pub(crate) fn minutes_body(format: crate::config::WebhookFormat, text: &str) -> serde_json::Value {
    match format {
        crate::config::WebhookFormat::Slack => serde_json::json!({ "text": text }),
        crate::config::WebhookFormat::Teams => serde_json::json!({
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [{ "type": "TextBlock", "text": text, "wrap": true }]
                }
            }]
        }),
    }
}

/// A stand-up's minutes to the team's webhook; a 2xx from the configured
/// address itself is a yes (no redirects).
pub(super) fn post_minutes(
    client: &Client,
    target: &Target,
    format: crate::config::WebhookFormat,
    text: &str,
) -> Result<(), SendError> {
    let body = minutes_body(format, text);
    let request = client.post(&target.url).header(header::CONTENT_TYPE, "application/json").body(body.to_string());
    let response = request.send().map_err(|_| SendError::retry("cannot reach the minutes webhook".into()))?;
    judge(&response, "the minutes webhook", false)
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
