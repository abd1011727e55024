//! Topics and minutes sent back: a Fider board's tags and duplicates, and
//! the body each kind of webhook expects.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::tests::{confirmations, start};
use super::*;

type Shared<T> = Arc<Mutex<T>>;

/// A Fider board on 127.0.0.1 that answers the `n`th request (method,
/// path) as `answer` says, and logs each request it answered with 2xx as
/// "METHOD path body".
fn fider_board(answer: impl Fn(usize, &str, &str) -> String + Send + 'static) -> (String, Shared<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let log = Arc::new(Mutex::new(Vec::new()));
    let accepted = log.clone();
    thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|err| panic!("{err}")));
            let (mut line, mut request, mut length) = (String::new(), String::new(), 0);
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                if request.is_empty() {
                    request = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
                }
                if let Some(value) = line.to_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let (method, path) = request.split_once(' ').unwrap_or_default();
            let head = answer(n, method, path);
            if head.starts_with("HTTP/1.1 2")
                && let Ok(mut log) = accepted.lock()
            {
                log.push(format!("{request} {}", String::from_utf8_lossy(&body)).trim().to_string());
            }
            let _ = stream.write_all(format!("{head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
        }
    });
    (url, log)
}

/// A confirmed story on a Fider board: each post gets the topic's tag,
/// and the others become duplicates of the top post, through a failure
/// and a restart of the sender, each arriving once. A post taken out of
/// every stack sends nothing to Fider (it has no "no tag").
#[test]
fn a_confirmed_story_tags_its_posts_and_marks_duplicates_once() {
    let (url, log) = fider_board(|n, _, _| {
        if n == 0 { "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0" } else { "HTTP/1.1 200 OK" }.to_string()
    });
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
    let log = log.lock().map(|log| log.clone()).unwrap_or_default();
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
