//! Fider boards: the posts of `GET {base}/api/v1/posts?view=all` as notes.
//!
//! A post's title is the note, its description follows on the next line.
//! The kind comes from a tag that names a kind (English or Dutch), the team
//! from a tag with the configured prefix (or one naming a known team).
//! Duplicates are dropped: they are already on the wall as the original.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{FeedError, Parsed, SkippedItem};
use crate::model::{Note, NoteKind, Snapshot, Status, Team};

/// The tag of an approved post, unless the config names another.
pub const DEFAULT_APPROVED_TAG: &str = "op-de-muur";

/// How posts become notes.
#[derive(Debug, Clone, PartialEq)]
pub struct FiderMapping {
    /// The kind of a post without a kind tag.
    pub default_kind: NoteKind,
    /// Tags starting with this name the team: `team-marketing`.
    pub team_tag_prefix: String,
    /// The tag that marks a post as approved for the wall (`op-de-muur`).
    pub approved_tag: String,
    /// The board's address; a post's page is `{board}/posts/{number}/{slug}`.
    pub board: String,
    /// Tags starting with this name the post's topic: `onderwerp-wachttijd`.
    pub topic_tag_prefix: Option<String>,
}

impl Default for FiderMapping {
    fn default() -> FiderMapping {
        FiderMapping {
            default_kind: NoteKind::Suggestion,
            team_tag_prefix: "team-".into(),
            approved_tag: DEFAULT_APPROVED_TAG.into(),
            board: String::new(),
            topic_tag_prefix: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    number: u64,
    title: String,
    #[serde(default)]
    description: Option<String>,
    created_at: String,
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    votes_count: u32,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    slug: Option<String>,
}

#[derive(Deserialize)]
struct User {
    #[serde(default)]
    name: Option<String>,
}

/// Parses the JSON list of posts that Fider's API returns.
pub fn parse(text: &str, mapping: &FiderMapping, read_at: DateTime<Utc>) -> Result<Parsed, FeedError> {
    let document: Value = serde_json::from_str(text).map_err(|err| FeedError::Syntax {
        line: err.line(),
        column: err.column(),
        message: err.to_string(),
    })?;
    let Value::Array(posts) = document else {
        return Err(FeedError::Shape("expected the list of posts from /api/v1/posts".into()));
    };
    let mut notes = Vec::with_capacity(posts.len());
    let mut skipped = Vec::new();
    for (index, post) in posts.into_iter().enumerate() {
        let result = serde_json::from_value::<Post>(post)
            .map_err(|err| err.to_string())
            .and_then(|post| note_from_post(post, mapping));
        match result {
            Ok(Some(note)) => notes.push(note),
            Ok(None) => {} // A duplicate: its original is on the wall.
            Err(reason) => skipped.push(SkippedItem { section: "posts", index, reason }),
        }
    }
    Ok(Parsed {
        snapshot: Snapshot { notes, commitments: Vec::new(), read_at, withheld: 0 },
        skipped,
        first_pages: None,
    })
}

/// Our status for a Fider status; `None` for duplicates.
pub fn status(fider: &str) -> Result<Option<Status>, String> {
    Ok(Some(match fider.trim().to_lowercase().as_str() {
        "" | "open" => Status::New,
        "planned" => Status::Planned,
        "started" => Status::InProgress,
        "completed" => Status::Done,
        "declined" => Status::Declined,
        "duplicate" => return Ok(None),
        other => return Err(format!("unknown Fider status {other:?}")),
    }))
}

fn note_from_post(post: Post, mapping: &FiderMapping) -> Result<Option<Note>, String> {
    let id = post.number.to_string();
    let Some(status) = status(post.status.as_deref().unwrap_or("open")).map_err(|e| format!("post {id}: {e}"))? else {
        return Ok(None);
    };
    let title = post.title.trim();
    if title.is_empty() {
        return Err(format!("post {id}: the title is empty"));
    }
    let text = match post.description.as_deref().map(str::trim) {
        Some(description) if !description.is_empty() => format!("{title}\n{description}"),
        _ => title.to_string(),
    };
    let created_at = DateTime::parse_from_rfc3339(post.created_at.trim())
        .map_err(|err| format!("post {id}: createdAt {:?} is not an RFC 3339 time ({err})", post.created_at))?
        .with_timezone(&Utc);
    let kind = post.tags.iter().find_map(|tag| NoteKind::parse(tag)).unwrap_or(mapping.default_kind);
    let team = post.tags.iter().find_map(|tag| team_from_tag(tag, &mapping.team_tag_prefix));
    let is_approval = |tag: &str| tag.trim().eq_ignore_ascii_case(mapping.approved_tag.trim());
    let approved = post.tags.iter().any(|tag| is_approval(tag));
    let topic = post.tags.iter().find_map(|tag| topic_from_tag(tag, mapping.topic_tag_prefix.as_deref()));
    let tags = post
        .tags
        .into_iter()
        .filter(|tag| {
            NoteKind::parse(tag).is_none()
                && team_from_tag(tag, &mapping.team_tag_prefix).is_none()
                && !is_approval(tag)
                && topic_from_tag(tag, mapping.topic_tag_prefix.as_deref()).is_none()
        })
        .collect();
    Ok(Some(Note {
        id,
        kind,
        text,
        created_at,
        team,
        noted_by: post.user.and_then(|u| u.name).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        customer: None,
        praised: None,
        status,
        votes: post.votes_count,
        tags,
        approved,
        url: post_page(&mapping.board, post.number, post.slug.as_deref()),
        topic,
    }))
}

/// A post's own page on the board, where a phone can vote and follow it.
/// A password in the board's address never goes into a public code.
fn post_page(board: &str, number: u64, slug: Option<&str>) -> Option<String> {
    let board = board.trim().trim_end_matches('/');
    let (scheme, rest) = board.split_once("://")?;
    let rest = match rest.split_once('/') {
        Some((authority, path)) => format!("{}/{path}", authority.rsplit('@').next().unwrap_or(authority)),
        None => rest.rsplit('@').next().unwrap_or(rest).to_string(),
    };
    let board = format!("{scheme}://{}", rest.split(['?', '#']).next().unwrap_or_default());
    let slug = slug.map(str::trim).filter(|slug| !slug.is_empty() && !slug.contains(['/', '?', '#', ' ']));
    super::wall::web_address(Some(match slug {
        Some(slug) => format!("{board}/posts/{number}/{slug}"),
        None => format!("{board}/posts/{number}"),
    }))
}

/// The topic a tag names, when it has the topic prefix: `onderwerp-
/// wachttijd` → `wachttijd` (dashes between words become spaces).
fn topic_from_tag(tag: &str, prefix: Option<&str>) -> Option<String> {
    let prefix = prefix.map(str::trim).filter(|p| !p.is_empty())?;
    let tag = tag.trim();
    let rest =
        tag.get(..prefix.len()).filter(|head| head.eq_ignore_ascii_case(prefix)).map(|_| &tag[prefix.len()..])?;
    let topic = rest.replace(['-', '_'], " ");
    let topic = topic.trim();
    (!topic.is_empty()).then(|| topic.to_string())
}

fn team_from_tag(tag: &str, prefix: &str) -> Option<Team> {
    if !prefix.is_empty()
        && let Some(rest) = tag.strip_prefix(prefix)
    {
        return Team::parse(rest);
    }
    match Team::parse(tag) {
        Some(Team::Other(_)) | None => None,
        known => known,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(number: u64, status: &str, tags: &[&str]) -> String {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            r#"{{"id": {}, "number": {number}, "title": "Post {number}", "slug": "post-{number}",
                "description": "Meer uitleg", "createdAt": "2026-11-20T09:30:00.123Z",
                "user": {{"id": 7, "name": "Sanne", "role": "collaborator"}},
                "votesCount": {number}, "commentsCount": 0, "status": "{status}", "tags": [{}]}}"#,
            number + 1000,
            tags.join(",")
        )
    }

    fn parse_posts(posts: &[String]) -> Result<Parsed, FeedError> {
        parse(&format!("[{}]", posts.join(",")), &FiderMapping::default(), Utc::now())
    }

    #[test]
    fn every_fider_status_maps_and_duplicates_are_dropped() -> Result<(), FeedError> {
        let statuses = ["open", "planned", "started", "completed", "declined", "duplicate"];
        let posts: Vec<String> = statuses.iter().enumerate().map(|(i, s)| post(i as u64 + 1, s, &[])).collect();
        let parsed = parse_posts(&posts)?;
        let got: Vec<(&str, Status)> = parsed.snapshot.notes.iter().map(|n| (n.id.as_str(), n.status)).collect();
        assert_eq!(
            got,
            [
                ("1", Status::New),
                ("2", Status::Planned),
                ("3", Status::InProgress),
                ("4", Status::Done),
                ("5", Status::Declined),
            ]
        );
        assert!(parsed.skipped.is_empty());
        Ok(())
    }

    #[test]
    fn kind_team_votes_and_author_come_from_the_post() -> Result<(), FeedError> {
        let parsed = parse_posts(&[
            post(1, "open", &["klacht", "team-operations", "storing"]),
            post(2, "open", &["marketing"]),
        ])?;
        let first = &parsed.snapshot.notes[0];
        assert_eq!(first.kind, NoteKind::Complaint);
        assert_eq!(first.team, Some(Team::Operations));
        assert_eq!(first.tags, ["storing"]);
        assert_eq!(first.votes, 1);
        assert_eq!(first.noted_by.as_deref(), Some("Sanne"));
        assert_eq!(first.text, "Post 1\nMeer uitleg");
        let second = &parsed.snapshot.notes[1];
        assert_eq!(second.kind, NoteKind::Suggestion, "the default kind");
        assert_eq!(second.team, Some(Team::Marketing));
        Ok(())
    }

    /// The approval tag (any case) approves a post and is not shown as a tag.
    #[test]
    fn the_approval_tag_marks_a_post_approved() -> Result<(), FeedError> {
        let parsed =
            parse_posts(&[post(1, "open", &["compliment", "Op-De-Muur", "snel"]), post(2, "open", &["compliment"])])?;
        let notes = &parsed.snapshot.notes;
        assert!(notes[0].approved && !notes[1].approved);
        assert_eq!(notes[0].tags, ["snel"]);
        let mapping = FiderMapping { approved_tag: "on-the-wall".into(), ..FiderMapping::default() };
        let other = parse(&format!("[{}]", post(3, "open", &["on-the-wall"])), &mapping, Utc::now())?;
        assert!(other.snapshot.notes[0].approved);
        Ok(())
    }

    /// A post links to its own page on the board, for the detail view's
    /// QR code: never with a password from the configured address.
    #[test]
    fn a_post_links_to_its_own_page_without_a_password() -> Result<(), FeedError> {
        let board = |board: &str| FiderMapping { board: board.into(), ..FiderMapping::default() };
        let text = format!("[{}]", post(7, "open", &[]));
        let parsed = parse(&text, &board("https://feedback.example.com/"), Utc::now())?;
        assert_eq!(parsed.snapshot.notes[0].url.as_deref(), Some("https://feedback.example.com/posts/7/post-7"));
        let secret = parse(&text, &board("https://wall:s3cret@feedback.example.com/fider?x=1"), Utc::now())?;
        assert_eq!(secret.snapshot.notes[0].url.as_deref(), Some("https://feedback.example.com/fider/posts/7/post-7"));
        assert_eq!(parse_posts(&[post(1, "open", &[])])?.snapshot.notes[0].url, None, "no board, no page");
        Ok(())
    }

    #[test]
    fn bad_posts_are_skipped_and_a_non_list_is_refused() -> Result<(), FeedError> {
        let parsed = parse_posts(&[post(1, "open", &[]), "{\"number\": 2}".into(), post(3, "weird", &[])])?;
        assert_eq!(parsed.snapshot.notes.len(), 1);
        assert_eq!(parsed.skipped.len(), 2);
        assert!(parsed.skipped[1].reason.contains("unknown Fider status"));
        assert!(matches!(parse("{}", &FiderMapping::default(), Utc::now()), Err(FeedError::Shape(_))));
        Ok(())
    }
}
