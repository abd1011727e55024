//! Topics and minutes sent back: a Fider board's tags and duplicates, and
//! the body each kind of webhook expects.

use chrono::Utc;

use super::exchange::minutes_body;
use super::tests::{confirmations, start};
use super::*;
use wall_testkit::test_server::{Reply, serve};

/// A confirmed story on a Fider board: each post gets the topic's tag,
/// and the others become duplicates of the top post, through a failure
/// and a restart of the sender, each arriving once. A post taken out of
/// every stack sends nothing to Fider (it has no "no tag").
#[test]
fn a_confirmed_story_tags_its_posts_and_marks_duplicates_once() {
    // A Fider board that fails the first request, then takes four.
    let mut busy = Reply::status("503 Service Unavailable");
    busy.headers.push(("Retry-After", "0".into()));
    let (feed, requests) = serve(vec![busy, Reply::ok(""), Reply::ok(""), Reply::ok(""), Reply::ok("")]);
    // The board's address, without the test feed's path.
    let url = feed.split("/feed.json").next().unwrap_or_default().to_string();
    let targets = || Targets {
        decisions: HashMap::from([("fider".to_string(), Target { url: url.clone(), bearer: Some("key".into()) })]),
        topic_tags: HashMap::from([("fider".to_string(), "onderwerp-".to_string())]),
        ..Targets::default()
    };
    let at = Utc::now();
    let change = |id: &str, topic: Option<&str>, original: Option<&str>| TopicChange {
        source: "fider".into(),
        note_id: id.into(),
        topic: topic.map(str::to_string),
        original: original.map(str::to_string),
        previous: None,
        at,
    };
    let all = vec![
        change("5", Some("Jaarnota te hoog"), None),
        change("7", Some("Jaarnota te hoog"), Some("5")),
        change("9", None, None),
        // Taken out of its stack: its old tag goes.
        TopicChange { previous: Some("Wachttijd".into()), ..change("11", None, None) },
    ];
    let outbox = start(targets());
    let _ = outbox.queue.send(Queue { topics: all.clone(), ..Queue::default() });
    let got = confirmations(&outbox, 3, 20);
    assert_eq!(got, ["topic:5", "topic:7", "topic:11"]);
    drop(outbox);
    // A restart: the wall hands only what the journal has not confirmed.
    let outbox = start(targets());
    let _ = outbox.queue.send(Queue { topics: vec![all[2].clone()], ..Queue::default() });
    // (9 had no topic before either: nothing to send.)
    assert!(confirmations(&outbox, 1, 1).is_empty(), "nothing for a post taken out of every stack");
    // Each request as "METHOD path body", the refused first one left out.
    let requests = requests.lock().map(|requests| requests.clone()).unwrap_or_default();
    let log: Vec<String> = requests
        .iter()
        .skip(1)
        .map(|request| {
            let (head, body) = request.split_once("\r\n\r\n").unwrap_or((request, ""));
            let line: Vec<&str> = head.split(' ').take(2).collect();
            format!("{} {body}", line.join(" ")).trim().to_string()
        })
        .collect();
    assert_eq!(
        log,
        [
            "POST /api/v1/posts/5/tags/onderwerp-jaarnota-te-hoog",
            r#"PUT /api/v1/posts/7/status {"originalNumber":5,"status":"duplicate","text":""}"#,
            "POST /api/v1/posts/7/tags/onderwerp-jaarnota-te-hoog",
            "DELETE /api/v1/posts/11/tags/onderwerp-wachttijd",
        ]
    );
}

/// The JSON each kind of webhook expects: Teams' workflows an Adaptive
/// Card, Slack `{"text"}`.
#[test]
fn the_minutes_go_in_the_json_each_webhook_expects() {
    let teams = minutes_body(crate::config::WebhookFormat::Teams, "# Stand-up");
    assert_eq!(teams["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
    assert_eq!(teams["attachments"][0]["content"]["body"][0]["text"], "# Stand-up");
    assert_eq!(
        minutes_body(crate::config::WebhookFormat::Slack, "# Stand-up"),
        serde_json::json!({"text": "# Stand-up"})
    );
}
