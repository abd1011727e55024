//! A Microsoft list read through the fake Graph: pages, the sign-in, a
//! token that lapses mid-run, throttling, a column that is not there.

use std::time::Duration;

use serde_json::json;

use super::Source;
use super::mapped::{MappedSource, microsoft_list};
use crate::core::model::{NoteKind, Status, Team};
use crate::core::wall_model::Outcome;
use wall_testkit::fake_graph::{self, Shared};

const COLUMNS: &str = r#"columns: (kind: "Soort", team: "Team", votes: "Stemmen", status: "Status", approved: "Akkoord"),
    kinds: {"Klacht": "complaint", "Lof": "compliment"}"#;

fn office() -> (String, Shared) {
    fake_graph::started(vec![
        ("1", json!({"Title": "Bezorger belde niet aan", "Soort": "Klacht", "Team": "Operations", "Stemmen": 3.0})),
        ("2", json!({"Title": "Snel geholpen door Sanne", "Soort": "Lof", "Akkoord": true})),
        ("3", json!({"Title": "Chat ook in het weekend?", "Soort": "Idee", "Status": "Gepland"})),
        ("4", json!({"Soort": "Klacht"})),
        ("5", json!({"Title": "Factuur per mail graag"})),
    ])
}

/// A `MicrosoftList` source on the fake Graph at `base`, with the config's
/// own parsing and checks; `more` adds fields (`columns: (…)`).
pub(crate) fn list(base: &str, more: &str) -> crate::config::ListSource {
    let text = format!(
        r#"(sources: [MicrosoftList(tenant: "contoso.onmicrosoft.com", client_id: "wall", client_secret: Env("WALL_GRAPH_TEST"),
            site: "root", list: "Klantfeedback", graph: "{base}", login: "{base}", {more})])"#
    );
    match crate::config::parse(&text, "c.ron").map(|config| config.sources.into_iter().next()) {
        Ok(Some(crate::config::SourceConfig::MicrosoftList(list))) => *list,
        other => panic!("not a list: {other:?}"),
    }
}

fn wall(base: &str, more: &str) -> MappedSource {
    microsoft_list("list".into(), &list(base, more), Ok("s3cr3t".into()))
}

fn fresh(source: &mut MappedSource) -> crate::core::feed::Parsed {
    match source.poll() {
        Some(Outcome::Fresh(parsed)) => parsed,
        other => panic!("expected fresh notes: {other:?}"),
    }
}

fn log(graph: &Shared) -> Vec<String> {
    graph.lock().map(|graph| graph.log.clone()).unwrap_or_default()
}

/// Pages of two items are followed through `@odata.nextLink`, each signed
/// in with one token; columns map to kinds (the config's words, then the
/// kinds' own names), team, shared votes, status and approval; an item
/// without text is left out and counted.
#[test]
fn a_list_is_read_page_by_page_with_its_columns_mapped() {
    let (base, graph) = office();
    if let Ok(mut graph) = graph.lock() {
        graph.page_size = 2;
    }
    let parsed = fresh(&mut wall(&base, COLUMNS));
    let notes = &parsed.snapshot.notes;
    let kinds: Vec<(&str, NoteKind)> = notes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
    assert_eq!(
        kinds,
        [("1", NoteKind::Complaint), ("2", NoteKind::Compliment), ("3", NoteKind::Idea), ("5", NoteKind::Suggestion)]
    );
    assert_eq!((notes[0].votes, notes[0].team.clone()), (3, Some(Team::Operations)));
    assert!(notes[1].approved && !notes[0].approved);
    assert_eq!(notes[2].status, Status::Planned);
    assert!(notes[0].url.as_deref().is_some_and(|url| url.ends_with("DispForm.aspx?ID=1")));
    assert_eq!(parsed.skipped.len(), 1, "the item without a title is counted");
    let requests = log(&graph);
    assert_eq!(requests.iter().filter(|r| r.starts_with("POST /contoso.onmicrosoft.com/oauth2/v2.0/token")).count(), 1);
    assert_eq!(
        requests.iter().filter(|r| r.starts_with("GET /v1.0/sites/root/lists/Klantfeedback/items/delta")).count(),
        3
    );
}

/// The token lapses between two polls (Graph answers 401): the wall asks
/// for a new one once and reads on; no poll fails.
#[test]
fn a_token_that_lapses_mid_run_is_renewed_without_a_gap() {
    let (base, graph) = office();
    let mut source = wall(&base, COLUMNS);
    fresh(&mut source);
    if let Ok(mut graph) = graph.lock() {
        graph.revoke_tokens();
        graph.put("6", json!({"Title": "Nieuwe klacht", "Soort": "Klacht"}));
    }
    assert_eq!(fresh(&mut source).snapshot.notes.len(), 5);
    assert_eq!(graph.lock().map(|g| g.tokens_issued).unwrap_or_default(), 2);
}

fn delta_reads(graph: &Shared) -> usize {
    log(graph).iter().filter(|r| r.contains("/items/delta?token=")).count()
}

/// A hundred walls on one list must stay within the tenant's Graph budget:
/// after the first read, a poll with nothing changed is one request to
/// the delta link (one resource unit) and changes nothing on the wall; a
/// change, a new item and a deletion arrive as a page of changes, applied
/// to what the wall holds.
#[test]
fn a_list_is_kept_in_step_by_its_changes() {
    let (base, graph) = office();
    if let Ok(mut graph) = graph.lock() {
        graph.page_size = 2;
    }
    let mut source = wall(&base, COLUMNS);
    assert_eq!(fresh(&mut source).snapshot.notes.len(), 4);
    let before = log(&graph).len();
    assert!(matches!(source.poll(), Some(Outcome::Unchanged)));
    assert_eq!(log(&graph).len() - before, 1, "one request: {:?}", &log(&graph)[before..]);
    assert_eq!(delta_reads(&graph), 1);
    if let Ok(mut graph) = graph.lock() {
        graph.put("3", json!({"Status": "Klaar"}));
        graph.put("7", json!({"Title": "Wachtmuziek te hard", "Soort": "Klacht"}));
        graph.delete("1");
    }
    let parsed = fresh(&mut source);
    let notes: Vec<(&str, &str)> =
        parsed.snapshot.notes.iter().map(|note| (note.id.as_str(), note.text.as_str())).collect();
    assert_eq!(
        notes,
        [
            ("2", "Snel geholpen door Sanne"),
            ("3", "Chat ook in het weekend?"),
            ("5", "Factuur per mail graag"),
            ("7", "Wachtmuziek te hard")
        ]
    );
    assert_eq!(parsed.snapshot.notes[1].status, Status::Done);
    assert_eq!(parsed.skipped.len(), 1, "the item without a title is still counted");
    assert_eq!(delta_reads(&graph), 2);
}

/// Graph keeps a delta link for a while only: an expired one (410 Gone)
/// starts a whole read in the same poll, and what was deleted meanwhile
/// leaves the wall. A throttled change read keeps the link: the next poll
/// asks again and nothing is lost.
#[test]
fn an_expired_link_reads_the_whole_list_and_a_failed_read_loses_nothing() {
    let (base, graph) = office();
    let mut source = wall(&base, COLUMNS);
    fresh(&mut source);
    if let Ok(mut graph) = graph.lock() {
        graph.delete("2");
        graph.expire_delta_links();
    }
    let parsed = fresh(&mut source);
    assert_eq!(parsed.snapshot.notes.iter().map(|note| note.id.as_str()).collect::<Vec<_>>(), ["1", "3", "5"]);
    assert!(log(&graph).iter().any(|r| r.contains("/items/delta?expand=fields")), "{:?}", log(&graph));
    if let Ok(mut graph) = graph.lock() {
        graph.put("8", json!({"Title": "Graag een bon per mail"}));
        graph.throttle = 1;
    }
    assert!(matches!(source.poll(), Some(Outcome::Failed(_))));
    let parsed = fresh(&mut source);
    assert!(parsed.snapshot.notes.iter().any(|note| note.id == "8"));
    assert!(matches!(source.poll(), Some(Outcome::Unchanged)));
}

/// A Graph without `items/delta` (400 to the first read): the list is read
/// whole on every poll instead, and the wall shows it all the same.
#[test]
fn a_server_without_delta_is_read_page_by_page() {
    let (base, graph) = office();
    if let Ok(mut graph) = graph.lock() {
        graph.no_delta = true;
    }
    let mut source = wall(&base, COLUMNS);
    assert_eq!(fresh(&mut source).snapshot.notes.len(), 4);
    assert_eq!(fresh(&mut source).snapshot.notes.len(), 4);
    let plain = log(&graph).iter().filter(|r| r.starts_with("GET") && !r.contains("/delta")).count();
    assert_eq!(plain, 2, "{:?}", log(&graph));
}

/// Graph throttles with 429 and Retry-After: the poll fails (the wall
/// keeps its notes), waits at least as asked, then reads again.
#[test]
fn throttling_waits_as_long_as_graph_asks() {
    let (base, graph) = office();
    if let Ok(mut graph) = graph.lock() {
        graph.throttle = 1;
    }
    let mut source = wall(&base, COLUMNS);
    match source.poll() {
        Some(Outcome::Failed(message)) => assert!(message.contains("429"), "{message}"),
        other => panic!("a throttled read fails the poll: {other:?}"),
    }
    assert!(source.next_poll() >= Duration::from_secs(1), "{:?}", source.next_poll());
    assert_eq!(fresh(&mut source).snapshot.notes.len(), 4);
}

/// A text column no item has is a mistake in the config, not an empty
/// list: the poll fails and names the columns the items do have. A wrong
/// secret says what to check and never shows the secret.
#[test]
fn a_missing_column_and_a_wrong_secret_say_what_to_fix() {
    let (base, _graph) = office();
    let mut source = wall(&base, r#"columns: (text: "Tekst")"#);
    match source.poll() {
        Some(Outcome::Failed(message)) => {
            assert!(message.contains("/fields/Tekst") && message.contains("Title"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let list = list(&base, COLUMNS);
    let mut wrong = microsoft_list("list".into(), &list, Ok("wrong-secret".into()));
    match wrong.poll() {
        Some(Outcome::Failed(message)) => {
            assert!(message.contains("client_secret") && !message.contains("wrong-secret"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let mut unset = microsoft_list("list".into(), &list, list.client_secret.read(std::path::Path::new(".")));
    match unset.poll() {
        Some(Outcome::Failed(message)) => assert!(message.contains("WALL_GRAPH_TEST"), "{message}"),
        other => panic!("{other:?}"),
    }
}
