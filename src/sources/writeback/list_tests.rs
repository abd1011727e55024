//! Votes and decisions written into a Microsoft list on the fake Graph:
//! two walls voting on one item at once, a stale ETag, a token that
//! lapses, and a vote whose answer was lost before a restart.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::{Value, json};

use super::list::{ListWriter, add_vote, set_status, set_topic};
use super::*;
use crate::sources::heartbeat::Heartbeats;
use crate::sources::signin::SignIn;
use wall_testkit::fake_graph::{self, Shared};

const COLUMNS: &str = r#"columns: (votes: "Stemmen", vote_ids: "StemIds", status: "Status", topic: "Onderwerp"), write_status: true,
    status_words: {"planned": "Gepland"}"#;

fn writer(base: &str) -> ListWriter {
    let list = crate::sources::graph_tests::list(base, COLUMNS);
    let sign_in = SignIn::new(&list, Ok("s3cr3t".into())).unwrap_or_else(|err| panic!("{err}"));
    ListWriter::new(list, sign_in)
}

fn client() -> reqwest::blocking::Client {
    crate::sources::http::write_client(Duration::from_secs(5)).unwrap_or_else(|err| panic!("{err}"))
}

fn vote(id: &str, note: &str) -> Vote {
    Vote {
        vote_id: id.into(),
        source: "list".into(),
        note_id: note.into(),
        at: Utc::now(),
        week: "2026-W49".into(),
        kiosk: "tv".into(),
    }
}

fn column(graph: &Shared, id: &str, name: &str) -> Value {
    let graph = graph.lock().unwrap_or_else(|err| panic!("{err}"));
    graph.item(id).and_then(|item| item.fields.get(name).cloned()).unwrap_or(Value::Null)
}

/// Two walls vote on the same item at the same moment, ten votes each:
/// every vote counts once, whatever order Graph sees them in. A vote that
/// lost too often is tried again later, as the sender does.
#[test]
fn two_walls_voting_on_one_item_count_every_vote_once() {
    let (base, graph) = fake_graph::started(vec![("7", json!({"Title": "Retourlabel zat er niet bij", "Stemmen": 2}))]);
    if let Ok(mut graph) = graph.lock() {
        graph.read_delay = Duration::from_millis(15);
    }
    let walls: Vec<_> = ["hal", "kantine"]
        .into_iter()
        .map(|wall| {
            let (writer, client) = (writer(&base), client());
            thread::spawn(move || {
                (0..10).all(|n| {
                    let vote = vote(&format!("{wall}-{n}"), "7");
                    (0..5).any(|_| add_vote(&client, &writer, &vote).is_ok())
                })
            })
        })
        .collect();
    for wall in walls {
        assert!(wall.join().unwrap_or(false), "each vote is confirmed");
    }
    assert_eq!(column(&graph, "7", "Stemmen"), json!(22));
    let conflicts = graph.lock().map(|g| g.conflicts).unwrap_or_default();
    println!("two walls, 20 votes: {conflicts} stale ETags answered 412 and retried");
}

/// Another wall changes the item between the read and the PATCH: Graph
/// answers 412, the wall reads it again and counts on the new value. A
/// lapsed token is renewed on the way.
#[test]
fn a_stale_etag_is_read_again_and_a_lapsed_token_renewed() {
    let (base, graph) = fake_graph::started(vec![("7", json!({"Title": "Retourlabel", "Stemmen": 4.0}))]);
    let (writer, client) = (writer(&base), client());
    assert_eq!(add_vote(&client, &writer, &vote("a", "7")), Ok(()));
    if let Ok(mut graph) = graph.lock() {
        graph.interfere = 1;
        graph.revoke_tokens();
    }
    assert_eq!(add_vote(&client, &writer, &vote("b", "7")), Ok(()));
    assert_eq!(column(&graph, "7", "Stemmen"), json!(6));
    assert_eq!(column(&graph, "7", "StemIds"), json!("a\nb"));
    let graph = graph.lock().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!((graph.conflicts, graph.tokens_issued), (1, 2));
}

/// A deleted item refuses its vote for good (it is parked, the others go
/// on); a decision lands in the status column in the list's own word.
#[test]
fn a_deleted_item_parks_its_vote_and_decisions_use_the_lists_words() {
    let (base, graph) = fake_graph::started(vec![("7", json!({"Title": "Retourlabel"}))]);
    let (writer, client) = (writer(&base), client());
    let refused = add_vote(&client, &writer, &vote("a", "404"));
    assert!(refused.is_err_and(|err| err.permanent && err.message.contains("deleted")));
    let decision = Decision { source: "list".into(), note_id: "7".into(), status: Status::Planned, at: Utc::now() };
    assert_eq!(set_status(&client, &writer, &decision), Ok(()));
    assert_eq!(column(&graph, "7", "Status"), json!("Gepland"));
    // A topic set at the stand-up lands in the topic column; taken out of
    // every stack, the column is emptied.
    let change = |topic: Option<&str>| TopicChange {
        source: "list".into(),
        note_id: "7".into(),
        topic: topic.map(str::to_string),
        original: None,
        previous: None,
        at: Utc::now(),
    };
    assert_eq!(set_topic(&client, &writer, &change(Some("Retouren"))), Ok(()));
    assert_eq!(column(&graph, "7", "Onderwerp"), json!("Retouren"));
    assert_eq!(set_topic(&client, &writer, &change(None)), Ok(()));
    assert_eq!(column(&graph, "7", "Onderwerp"), json!(""));
}

/// Graph applied a vote but its answer never came, and the wall stopped
/// before it heard anything: the vote is still in the journal, and the
/// next start sends it again. The item already names the vote, so it is
/// confirmed and not counted twice.
#[test]
fn a_vote_whose_answer_was_lost_counts_once_across_a_restart() {
    let (base, graph) = fake_graph::started(vec![("7", json!({"Title": "Retourlabel", "Stemmen": 1}))]);
    if let Ok(mut graph) = graph.lock() {
        graph.lose_answers = 1;
    }
    let targets = || Targets { lists: [("list".to_string(), Arc::new(writer(&base)))].into(), ..Targets::default() };
    let queue = Queue {
        votes: vec![vote("tv-1", "7"), vote("tv-2", "7")],
        decisions: Vec::new(),
        topics: Vec::new(),
        minutes: Vec::new(),
    };
    let first = spawn(targets(), &Heartbeats::default(), Arc::new(|| {})).unwrap_or_else(|err| panic!("{err}"));
    let _ = first.queue.send(queue.clone());
    let deadline = Instant::now() + Duration::from_secs(10);
    while graph.lock().map(|g| g.patches_applied).unwrap_or_default() == 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    drop(first); // the wall stops; the journal still lists both votes
    let second = spawn(targets(), &Heartbeats::default(), Arc::new(|| {})).unwrap_or_else(|err| panic!("{err}"));
    let _ = second.queue.send(queue);
    let mut confirmed = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while confirmed.len() < 2 && Instant::now() < deadline {
        if let Ok(Confirmed::Vote(id)) = second.sent.recv_timeout(Duration::from_millis(100)) {
            confirmed.push(id);
        }
    }
    assert_eq!(confirmed, ["tv-1", "tv-2"]);
    assert_eq!(column(&graph, "7", "Stemmen"), json!(3), "1 + two votes, the first not twice");
    assert_eq!(graph.lock().map(|g| g.patches_applied).unwrap_or_default(), 2);
}

/// An item that comes without its columns (a proxy that drops
/// `expand=fields`) must not be counted from zero: that would overwrite
/// every other wall's votes. The vote waits instead.
#[test]
fn an_item_without_its_columns_is_never_counted_from_nothing() {
    use wall_testkit::test_server::{Reply, serve_at};
    let mut base = String::new();
    let (_, requests) = serve_at(|at| {
        base = at.to_string();
        vec![
            Reply::ok(r#"{"token_type": "Bearer", "expires_in": 3599, "access_token": "t"}"#),
            Reply::ok(r#"{"@odata.etag": "\"a,3\"", "id": "7"}"#),
        ]
    });
    let sent = add_vote(&client(), &writer(&base), &vote("a", "7"));
    assert!(sent.is_err_and(|err| !err.permanent && err.message.contains("columns")));
    let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
    assert!(log.iter().all(|request| !request.starts_with("PATCH")), "{log:?}");
}

/// A vote whose answer was lost, then 150 other votes on the same item,
/// then a restart: the lost vote's id is still on the item, so it is not
/// counted again. The item used to keep only the last 100 ids.
#[test]
fn a_lost_answer_is_told_apart_after_150_other_votes() {
    let (base, graph) = fake_graph::started(vec![("7", json!({"Title": "Retourlabel", "Stemmen": 1}))]);
    if let Ok(mut graph) = graph.lock() {
        graph.lose_answers = 1;
    }
    let client = client();
    let lost = vote(&crate::store::journal::new_vote_id("hal"), "7");
    let before = writer(&base);
    assert!(add_vote(&client, &before, &lost).is_err(), "the answer was lost");
    for _ in 0..150 {
        let other = vote(&crate::store::journal::new_vote_id("kantine"), "7");
        add_vote(&client, &before, &other).unwrap_or_else(|err| panic!("{}", err.message));
    }
    assert_eq!(column(&graph, "7", "Stemmen"), json!(152));
    let after_restart = writer(&base);
    add_vote(&client, &after_restart, &lost).unwrap_or_else(|err| panic!("{}", err.message));
    assert_eq!(column(&graph, "7", "Stemmen"), json!(152), "the lost vote counted once");
}

/// Ids of votes past the retry window leave the item; ids without a time
/// stay; a full column keeps the newest.
#[test]
fn vote_ids_stay_for_the_retry_window() {
    let now = Utc::now();
    let id_at = |days: i64, n: u32| format!("tv-{:x}-1f-{n}", (now - chrono::Duration::days(days)).timestamp_millis());
    let ids = vec![id_at(40, 0), id_at(29, 1), "legacy-id".to_string(), id_at(0, 2)];
    assert_eq!(super::list::kept_ids(ids.clone(), now, "7"), ids[1..].to_vec());
    let many: Vec<String> = (0..5000).map(|n| id_at(1, n)).collect();
    let kept = super::list::kept_ids(many.clone(), now, "7");
    assert!(kept.iter().map(|id| id.len() + 1).sum::<usize>() <= 63_000);
    assert_eq!(kept.last(), many.last(), "the newest stay");
}
