//! A loopback HTTP server for the sources' tests: scripted answers, one
//! per connection, with the requests recorded.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One scripted answer of the test server.
pub struct Reply {
    pub status: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Claim a longer body than is sent, then hang up.
    pub truncate: bool,
    /// Send the body one byte at a time, this far apart.
    pub trickle: Duration,
}

impl Reply {
    pub fn ok(body: &str) -> Reply {
        Reply {
            status: "200 OK",
            headers: vec![("Content-Type", "application/json".into()), ("ETag", "\"v1\"".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            truncate: false,
            trickle: Duration::ZERO,
        }
    }
    pub fn status(status: &'static str) -> Reply {
        Reply { status, headers: Vec::new(), ..Reply::ok("") }
    }
}

/// A loopback server that answers each connection with the next reply
/// and records the requests; it stops after the last reply.
pub fn serve(replies: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    serve_at(|_| replies)
}

/// [`serve`], with replies that may name the server's own address
/// (`http://127.0.0.1:port`), e.g. a next page's link.
pub fn serve_at(make: impl FnOnce(&str) -> Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let base = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let url = format!("{base}/feed.json?token=hidden");
    let replies = make(&base);
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    thread::spawn(move || {
        for reply in replies {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let seen = seen.clone();
            // Each answer on its own thread, so a slow one does not
            // hold up the next request.
            thread::spawn(move || {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                // The body too (a POST's form), so the answer is not cut
                // off by a reset.
                while request.len() < whole_length(&request) {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                if let Ok(mut log) = seen.lock() {
                    log.push(String::from_utf8_lossy(&request).to_string());
                }
                thread::sleep(reply.delay);
                let length = if reply.truncate { reply.body.len() + 100 } else { reply.body.len() };
                let mut head =
                    format!("HTTP/1.1 {}\r\nContent-Length: {length}\r\nConnection: close\r\n", reply.status);
                for (name, value) in &reply.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                if reply.trickle.is_zero() {
                    let _ = stream.write_all(&reply.body);
                } else {
                    for byte in &reply.body {
                        if stream.write_all(&[*byte]).and_then(|()| stream.flush()).is_err() {
                            return;
                        }
                        thread::sleep(reply.trickle);
                    }
                }
            });
        }
    });
    (url, requests)
}

/// The length of a request whose head has arrived: its head and the body
/// its Content-Length announces.
fn whole_length(request: &[u8]) -> usize {
    let text = String::from_utf8_lossy(request);
    let Some(head_end) = text.find("\r\n\r\n") else {
        return 0;
    };
    let length = text[..head_end]
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(0);
    head_end + 4 + length
}
