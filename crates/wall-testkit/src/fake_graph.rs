//! A small Microsoft Graph on 127.0.0.1 for the tests, shaped like the
//! documentation: the client-credentials token endpoint, a list's items in
//! pages with `@odata.nextLink`, the items' changes (`items/delta`: every
//! item, then a `@odata.deltaLink` whose token gives what changed and was
//! deleted since; 410 Gone for a token older than `delta_since`), one
//! item with its ETag, and PATCH of an
//! item's fields with `If-Match` (412 on a stale ETag). Tokens can be
//! revoked, answers throttled (429 with Retry-After) and a PATCH's answer
//! lost after it was applied, so the faults the wall must survive are
//! real requests over a real socket.
//!
//! Only for tests and benchmarks (the sources' unit tests, `tests/wall`,
//! `benches/fleet.rs`): the wall's own binary does not contain it.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

/// One list item: its id, version (in its ETag) and columns.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub version: u32,
    pub fields: serde_json::Map<String, Value>,
    /// The change (of [`Graph::changes`]) that last touched it.
    pub changed: u64,
}

/// What the fake Graph holds and how it misbehaves.
#[derive(Debug, Default)]
pub struct Graph {
    pub items: Vec<Item>,
    pub page_size: usize,
    pub tokens_issued: u32,
    valid_tokens: HashSet<String>,
    /// The next list reads answered 429 with `Retry-After: 1`.
    pub throttle: u32,
    /// The next applied PATCHes whose connection is dropped unanswered.
    pub lose_answers: u32,
    /// Each item read waits this long (so two walls overlap).
    pub read_delay: Duration,
    /// The next item reads are followed by another wall's change, so the
    /// ETag they gave is stale at once.
    pub interfere: u32,
    pub patches_applied: u32,
    pub conflicts: u32,
    /// Method and path of every request.
    pub log: Vec<String>,
    /// Changes made so far: a delta link's token is one of these counts.
    pub changes: u64,
    /// Deleted items' ids and the change that deleted them.
    pub deleted: Vec<(String, u64)>,
    /// Delta links with a token older than this are gone (410).
    pub delta_since: u64,
    /// The server has no `items/delta` (400, as an older or national cloud).
    pub no_delta: bool,
}

impl Graph {
    /// Every token given so far stops working, as at expiry.
    pub fn revoke_tokens(&mut self) {
        self.valid_tokens.clear();
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Another wall or a person adds an item, or changes its columns.
    pub fn put(&mut self, id: &str, fields: Value) {
        self.changes += 1;
        let changed = self.changes;
        let fields = fields.as_object().cloned().unwrap_or_default();
        match self.items.iter_mut().find(|item| item.id == id) {
            Some(item) => {
                item.fields.extend(fields);
                item.version += 1;
                item.changed = changed;
            }
            None => self.items.push(Item { id: id.into(), version: 1, fields, changed }),
        }
    }

    /// Someone deletes an item.
    pub fn delete(&mut self, id: &str) {
        self.changes += 1;
        self.items.retain(|item| item.id != id);
        self.deleted.push((id.into(), self.changes));
    }

    /// Every delta link given so far expires.
    pub fn expire_delta_links(&mut self) {
        self.delta_since = self.changes + 1;
    }
}

pub type Shared = Arc<Mutex<Graph>>;

/// Starts the fake Graph with `items` (id, columns); returns its base URL
/// (both `graph` and `login` in a config) and its state. It answers until
/// the test process ends.
pub fn start(items: Vec<(&str, Value)>) -> std::io::Result<(String, Shared)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let items = items
        .into_iter()
        .map(|(id, fields)| Item {
            id: id.into(),
            version: 1,
            fields: fields.as_object().cloned().unwrap_or_default(),
            changed: 0,
        })
        .collect();
    let graph = Arc::new(Mutex::new(Graph { items, page_size: 200, ..Graph::default() }));
    let (shared, at) = (graph.clone(), base.clone());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (graph, base) = (shared.clone(), at.clone());
            thread::spawn(move || answer(stream, &graph, &base));
        }
    });
    Ok((base, graph))
}

/// [`start`] for a test: a loopback port is always there.
pub fn started(items: Vec<(&str, Value)>) -> (String, Shared) {
    start(items).unwrap_or_else(|err| panic!("start the fake Graph: {err}"))
}

/// A request as the fake reads it.
struct Request {
    method: String,
    target: String,
    bearer: Option<String>,
    if_match: Option<String>,
    body: String,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let (mut length, mut bearer, mut if_match) = (0, None, None);
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? <= 2 {
            break;
        }
        let (name, value) = line.split_once(':')?;
        let value = value.trim().to_string();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "authorization" => bearer = value.strip_prefix("Bearer ").map(str::to_string),
            "if-match" => if_match = Some(value),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request { method, target, bearer, if_match, body: String::from_utf8_lossy(&body).into_owned() })
}

fn reply(mut stream: TcpStream, status: &str, headers: &[(&str, String)], body: &Value) {
    let body = if body.is_null() { String::new() } else { body.to_string() };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let _ = stream.write_all(format!("{head}\r\n{body}").as_bytes());
}

fn etag(item: &Item) -> String {
    format!("\"5c2f1a9e-0000-4000-8000-{:012},{}\"", item.id.len(), item.version)
}

fn item_json(item: &Item, base: &str) -> Value {
    let mut fields = item.fields.clone();
    fields.insert("@odata.etag".into(), Value::String(etag(item)));
    json!({
        "@odata.etag": etag(item),
        "eTag": etag(item),
        "id": item.id,
        "createdDateTime": "2026-11-20T09:30:00Z",
        "webUrl": format!("{base}/sites/klantenservice/Lists/Feedback/DispForm.aspx?ID={}", item.id),
        "fields": fields,
    })
}

fn answer(stream: TcpStream, graph: &Shared, base: &str) {
    let Some(request) = read_request(&stream) else { return };
    let unauthorized = json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired or is not yet valid."}});
    let Ok(mut state) = graph.lock() else { return };
    state.log.push(format!("{} {}", request.method, request.target));
    if request.method == "POST" && request.target.ends_with("/oauth2/v2.0/token") {
        if !request.body.contains("client_secret=s3cr3t") || !request.body.contains("grant_type=client_credentials") {
            let refused = json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."});
            return reply(stream, "401 Unauthorized", &[], &refused);
        }
        state.tokens_issued += 1;
        let token = format!("token-{}", state.tokens_issued);
        state.valid_tokens.insert(token.clone());
        let body = json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token});
        return reply(stream, "200 OK", &[], &body);
    }
    if !request.bearer.as_ref().is_some_and(|token| state.valid_tokens.contains(token)) {
        return reply(stream, "401 Unauthorized", &[], &unauthorized);
    }
    let path = request.target.split('?').next().unwrap_or_default().to_string();
    let Some((_, rest)) = path.split_once("/items") else {
        return reply(stream, "404 Not Found", &[], &json!({"error": {"code": "itemNotFound"}}));
    };
    let parts: Vec<&str> = rest.split('/').filter(|part| !part.is_empty()).collect();
    match (request.method.as_str(), parts.as_slice()) {
        ("GET", []) => list_page(stream, &mut state, &request.target, base),
        ("GET", ["delta"]) => delta_page(stream, &mut state, &request.target, base),
        ("GET", [id]) => {
            let delay = state.read_delay;
            let found = state.item(id).map(|item| item_json(item, base));
            if state.interfere > 0 {
                state.interfere -= 1;
                if let Some(item) = state.items.iter_mut().find(|item| item.id == *id) {
                    item.version += 1;
                }
            }
            drop(state);
            thread::sleep(delay);
            match found {
                Some(item) => reply(stream, "200 OK", &[], &item),
                None => reply(stream, "404 Not Found", &[], &json!({"error": {"code": "itemNotFound"}})),
            }
        }
        ("PATCH", [id, "fields"]) => patch(stream, &mut state, id, &request),
        _ => reply(stream, "400 Bad Request", &[], &json!({"error": {"code": "invalidRequest"}})),
    }
}

fn list_page(stream: TcpStream, state: &mut Graph, target: &str, base: &str) {
    if state.throttle > 0 {
        state.throttle -= 1;
        let busy = json!({"error": {"code": "TooManyRequests", "message": "Please retry again later."}});
        return reply(stream, "429 Too Many Requests", &[("Retry-After", "1".into())], &busy);
    }
    let skip: usize = target.split("$skiptoken=").nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    let page: Vec<Value> =
        state.items.iter().skip(skip).take(state.page_size).map(|item| item_json(item, base)).collect();
    let mut body = json!({"@odata.context": format!("{base}/v1.0/$metadata#items"), "value": page});
    if skip + state.page_size < state.items.len() {
        let path = target.split('?').next().unwrap_or_default();
        let next = format!("{base}{path}?expand=fields&$top={}&$skiptoken={}", state.page_size, skip + state.page_size);
        body["@odata.nextLink"] = Value::String(next);
    }
    reply(stream, "200 OK", &[], &body);
}

/// `items/delta`: without a token, every item in pages, the last with a
/// delta link; with one, what changed and was deleted since, one page.
fn delta_page(stream: TcpStream, state: &mut Graph, target: &str, base: &str) {
    if state.throttle > 0 {
        state.throttle -= 1;
        let busy = json!({"error": {"code": "TooManyRequests", "message": "Please retry again later."}});
        return reply(stream, "429 Too Many Requests", &[("Retry-After", "1".into())], &busy);
    }
    if state.no_delta {
        return reply(stream, "400 Bad Request", &[], &json!({"error": {"code": "invalidRequest"}}));
    }
    let path = target.split('?').next().unwrap_or_default().to_string();
    let link = format!("{base}{path}?token={}", state.changes);
    let query = |name: &str| -> Option<u64> {
        let query = target.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    let mut body = json!({"@odata.context": format!("{base}/v1.0/$metadata#Collection(listItem)")});
    if let Some(token) = query("token") {
        if token < state.delta_since {
            let gone = json!({"error": {"code": "resyncRequired", "message": "Resync required."}});
            let fresh = format!("{base}{path}?expand=fields&$top={}", state.page_size);
            return reply(stream, "410 Gone", &[("Location", fresh)], &gone);
        }
        let mut value: Vec<Value> =
            state.items.iter().filter(|item| item.changed > token).map(|item| item_json(item, base)).collect();
        let gone = state.deleted.iter().filter(|(_, at)| *at > token);
        value.extend(gone.map(|(id, _)| json!({"id": id, "deleted": {"state": "deleted"}})));
        body["value"] = Value::Array(value);
        body["@odata.deltaLink"] = Value::String(link);
        return reply(stream, "200 OK", &[], &body);
    }
    let skip = query("$skiptoken").unwrap_or(0) as usize;
    let page: Vec<Value> =
        state.items.iter().skip(skip).take(state.page_size).map(|item| item_json(item, base)).collect();
    body["value"] = Value::Array(page);
    if skip + state.page_size < state.items.len() {
        let next = format!("{base}{path}?expand=fields&$top={}&$skiptoken={}", state.page_size, skip + state.page_size);
        body["@odata.nextLink"] = Value::String(next);
    } else {
        body["@odata.deltaLink"] = Value::String(link);
    }
    reply(stream, "200 OK", &[], &body);
}

fn patch(stream: TcpStream, state: &mut Graph, id: &str, request: &Request) {
    let lose = state.lose_answers > 0;
    let Some(item) = state.items.iter_mut().find(|item| item.id == id) else {
        return reply(stream, "404 Not Found", &[], &json!({"error": {"code": "itemNotFound"}}));
    };
    if request.if_match.as_ref().is_some_and(|tag| *tag != etag(item) && tag != "*") {
        state.conflicts += 1;
        let stale = json!({"error": {"code": "resourceModified", "message": "The resource has changed since the caller last read it"}});
        return reply(stream, "412 Precondition Failed", &[], &stale);
    }
    let Ok(Value::Object(change)) = serde_json::from_str::<Value>(&request.body) else {
        return reply(stream, "400 Bad Request", &[], &json!({"error": {"code": "invalidRequest"}}));
    };
    item.fields.extend(change);
    item.version += 1;
    state.changes += 1;
    item.changed = state.changes;
    let fields = Value::Object(item.fields.clone());
    state.patches_applied += 1;
    if lose {
        // Applied, but the answer never reaches the wall.
        state.lose_answers -= 1;
        return;
    }
    reply(stream, "200 OK", &[], &fields);
}
