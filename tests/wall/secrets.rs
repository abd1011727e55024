//! Secrets in every place a config can hold one (a URL's user-info, path
//! and query, key files, a PIN file, the uptime ping's path) never reach
//! the log, status.json, wall.prom or `--check-config`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use crate::support::*;

/// Every secret of the config below.
const SECRETS: [&str; 10] = [
    "pw-Sx1q",
    "hooks-Sx2w",
    "query-Sx3e",
    "key-Sx4r",
    "votes-Sx5t",
    "2PACX-Sx6y",
    "helpdesk-Sx7u",
    "ping-Sx8i",
    "8642",
    "vkey-Sx9o",
];

/// A server on 127.0.0.1 that answers every request with `status`.
fn failing_server(status: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let base = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    base
}

fn config(json: &str, csv: &str, helpdesk: &str) -> String {
    format!(
        r#"(
    sources: [
        Json(url: "{}/hooks/hooks-Sx2w/feed.json?token=query-Sx3e", api_key: File("key"),
             votes_url: "{json}/votes/votes-Sx5t?k=vkey-Sx9o"),
        Csv(from: "{csv}/spreadsheets/d/e/2PACX-Sx6y/pub?output=csv", columns: (text: "Feedback")),
        Mapped(url: "{helpdesk}/api/v2/ratings.json", auth: Basic("agent@example.com/token", File("helpdesk")),
               items: "/ratings", id: "/id", text: "/comment"),
    ],
    heartbeat_url: "http://127.0.0.1:9/ping/ping-Sx8i",
    exit: (pin: File("pin")),
)"#,
        json.replacen("http://", "http://wall:pw-Sx1q@", 1)
    )
}

fn leaks<'a>(text: &str) -> Vec<&'a str> {
    SECRETS.iter().copied().filter(|secret| text.contains(secret)).collect()
}

/// The real binary, as on a TV: it starts, its sources fail (500, 404,
/// 401), it writes its status; then `--check-config`.
#[test]
fn no_secret_reaches_the_log_the_status_the_metrics_or_the_check() {
    if !runs_here("the secrets test", xvfb_and_xdotool()) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    for (file, secret) in [("key", "key-Sx4r"), ("helpdesk", "helpdesk-Sx7u"), ("pin", "8642")] {
        let _ = std::fs::write(dir.join(file), format!("{secret}\n"));
    }
    let (json, csv, helpdesk) = (
        failing_server("500 Internal Server Error"),
        failing_server("404 Not Found"),
        failing_server("401 Unauthorized"),
    );
    let config_path = dir.join("wall.ron");
    let _ = std::fs::write(&config_path, config(&json, &csv, &helpdesk));
    let data = dir.join("data");
    let script = r#"RUST_LOG=info "$BIN" --config "$CONFIG" --data-dir "$DATA" --windowed --size 1280x720 > "$LOG" 2>&1 &
        wall=$!
        for _ in $(seq 120); do grep -q "ready: showing" "$LOG" 2>/dev/null && [ -f "$DATA/wall.prom" ] && break; sleep 0.5; done
        sleep 2
        kill $wall; wait $wall"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1280x720x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("CONFIG", &config_path)
        .env("DATA", &data)
        .env("LOG", dir.join("wall.log"))
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let log = std::fs::read_to_string(dir.join("wall.log")).unwrap_or_default();
    let status_json = std::fs::read_to_string(data.join("status.json")).unwrap_or_default();
    let prom = std::fs::read_to_string(data.join("wall.prom")).unwrap_or_default();
    assert!(log.contains("ready: showing"), "the wall ran ({status}):\n{log}");
    assert!(status_json.contains("\"sources\"") && prom.contains("wall_source_up"), "{status_json}\n{prom}");
    assert!(status_json.contains("127.0.0.1"), "sources are shown by host: {status_json}");
    let check = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .args(["--check-config", "--config"])
        .arg(&config_path)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("run --check-config: {err}"));
    let check = format!("{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    for (what, text) in
        [("the log", &log), ("status.json", &status_json), ("wall.prom", &prom), ("--check-config", &check)]
    {
        assert!(leaks(text).is_empty(), "{what} shows {:?}:\n{text}", leaks(text));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
