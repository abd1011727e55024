//! Fetching a feed over HTTP(S), done properly: a deadline for the whole
//! request (body included), conditional GET, a cap on the body size,
//! Retry-After, no Referer, and errors that never contain the API key.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::{self, HeaderMap, HeaderValue};

/// How long connecting may take.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, body included. reqwest's blocking
/// `timeout` bounds each read, not the body: a server that sends one byte
/// every few seconds would keep a read going forever. [`HttpGet::fetch`]
/// checks this deadline between reads itself.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest body the wall accepts (a feed of ~20,000 notes).
pub(crate) const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// What a GET gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Body(String),
    /// 304: the server says nothing changed since the last body.
    NotModified,
}

/// Why a GET failed, and when the server wants to be asked again.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchError {
    pub message: String,
    pub retry_after: Option<Duration>,
}

/// The kind of body a source expects; a login page in HTML is an error,
/// not a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Csv,
}

/// One URL, fetched again and again with conditional GET.
pub struct HttpGet {
    client: Client,
    url: String,
    bearer: Option<String>,
    /// A user and password for HTTP Basic, instead of a bearer token.
    basic: Option<(String, String)>,
    expect: BodyKind,
    max_bytes: u64,
    /// The deadline for one whole fetch, headers and body.
    deadline: Duration,
    etag: Option<HeaderValue>,
    last_modified: Option<HeaderValue>,
    /// The last answer's `Link: <…>; rel="next"` (RFC 8288), for APIs that
    /// page in a header (Freshdesk, GitHub).
    link_next: Option<String>,
    /// The status of the last answer, if one came.
    last_status: Option<StatusCode>,
    /// Scheme, host and port of the configured URL: the only place its
    /// credential goes. A page link elsewhere is read without it.
    home: Option<Origin>,
    /// How long the last answer's rate-limit headers ask the next poll to
    /// wait (`backoff::rate_limit_hold`).
    rate_hold: Option<Duration>,
}

/// Scheme, host and port of a URL.
type Origin = (String, String, u16);

/// Where `url` is, as scheme, host (lower case) and port; `None` for a URL
/// that does not parse or names no host.
fn origin(url: &str) -> Option<Origin> {
    let url = reqwest::Url::parse(url).ok()?;
    Some((url.scheme().to_string(), url.host_str()?.to_ascii_lowercase(), url.port_or_known_default()?))
}

/// The host of `url` alone, for a log line: never its path or query,
/// which may hold a key.
pub(crate) fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
        .unwrap_or_else(|| "an unreadable address".to_string())
}

/// Says once per host that a credential was kept from it.
fn warn_kept_from(host: &str) {
    static WARNED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut warned) = WARNED.lock() else {
        return;
    };
    if !warned.iter().any(|seen| seen == host) {
        warned.push(host.to_string());
        bevy::log::warn!(
            "a page link points to {host}, not where the source is configured; it is read without the source's credentials"
        );
    }
}

/// The wall's HTTP client for reading feeds: connect within 10 s, each
/// wait for the server within `timeout`, the wall's name as user agent,
/// and no `Referer` header (a redirect must not tell another host where
/// it came from, query string and all).
pub(crate) fn client(timeout: Duration) -> Result<Client, String> {
    builder(timeout).build().map_err(|err| format!("cannot set up HTTP: {err}"))
}

/// The client for sending votes and statuses back: like [`client`], but it
/// never follows a redirect. A redirected POST becomes a GET that "succeeds"
/// at a login page or on another host, and the vote would count as sent.
pub(crate) fn write_client(timeout: Duration) -> Result<Client, String> {
    builder(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| format!("cannot set up HTTP: {err}"))
}

fn builder(timeout: Duration) -> reqwest::blocking::ClientBuilder {
    Client::builder()
        .connect_timeout(timeout.min(CONNECT_TIMEOUT))
        .timeout(timeout)
        .referer(false)
        .user_agent(concat!("wall-of-change/", env!("CARGO_PKG_VERSION")))
}

/// The host a redirect points to, for a log line that says where a write
/// was sent away to (never the path or query, which may hold a token).
pub(crate) fn location_host(headers: &HeaderMap) -> String {
    headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|location| reqwest::Url::parse(location).ok())
        .and_then(|url| url.host_str().map(str::to_string))
        .unwrap_or_else(|| "the same host".to_string())
}

impl HttpGet {
    pub fn new(url: String, bearer: Option<String>, expect: BodyKind) -> Result<HttpGet, String> {
        let client = client(REQUEST_TIMEOUT)?;
        Ok(HttpGet {
            client,
            home: origin(&url),
            rate_hold: None,
            url,
            bearer,
            basic: None,
            expect,
            max_bytes: DEFAULT_MAX_BYTES,
            deadline: REQUEST_TIMEOUT,
            etag: None,
            last_modified: None,
            link_next: None,
            last_status: None,
        })
    }

    pub fn with_max_bytes(mut self, max_bytes: u64) -> HttpGet {
        self.max_bytes = max_bytes;
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Result<HttpGet, String> {
        self.client = client(timeout)?;
        self.deadline = timeout;
        Ok(self)
    }

    /// Signs in with HTTP Basic (a helpdesk's user and API token).
    pub fn with_basic_auth(mut self, user: String, password: String) -> HttpGet {
        self.basic = Some((user, password));
        self
    }

    /// The same request for another page: its own URL, no validators.
    pub fn for_url(&self, url: String) -> HttpGet {
        HttpGet {
            url,
            etag: None,
            last_modified: None,
            link_next: None,
            last_status: None,
            home: self.home.clone(),
            rate_hold: None,
            client: self.client.clone(),
            basic: self.basic.clone(),
            bearer: self.bearer.clone(),
            ..*self
        }
    }

    /// Signs in with this bearer token from now on (one that expires and
    /// is renewed, such as Microsoft's).
    pub fn set_bearer(&mut self, bearer: Option<String>) {
        self.bearer = bearer;
    }

    /// Whether this request's credential goes with it: only where the
    /// source is configured (same scheme, host and port).
    pub fn signs_in_here(&self) -> bool {
        self.home.is_some() && origin(&self.url) == self.home
    }

    /// Whether the last answer was 401: the token is no longer good.
    pub fn was_unauthorized(&self) -> bool {
        self.last_status == Some(StatusCode::UNAUTHORIZED)
    }

    /// The status of the last answer, if one came.
    pub fn last_status(&self) -> Option<u16> {
        self.last_status.map(|status| status.as_u16())
    }

    /// Forgets the validators, so the next GET fetches the whole body.
    pub fn forget_validators(&mut self) {
        self.etag = None;
        self.last_modified = None;
    }

    pub fn fetch(&mut self) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let mut request = self.client.get(&self.url);
        let signed = self.bearer.is_some() || self.basic.is_some();
        if signed && !self.signs_in_here() {
            warn_kept_from(&host_of(&self.url));
        } else {
            if let Some(key) = &self.bearer {
                request = request.bearer_auth(key);
            }
            if let Some((user, password)) = &self.basic {
                request = request.basic_auth(user, Some(password));
            }
        }
        if let Some(etag) = &self.etag {
            request = request.header(header::IF_NONE_MATCH, etag.clone());
        }
        if let Some(modified) = &self.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified.clone());
        }
        self.last_status = None;
        let response = request.send().map_err(|err| FetchError { message: describe(&err), retry_after: None })?;
        let status = response.status();
        self.last_status = Some(status);
        let headers = response.headers().clone();
        let header = |name: &str| {
            headers.get(name).or_else(|| headers.get(format!("x-{name}"))).and_then(|value| value.to_str().ok())
        };
        self.rate_hold = super::backoff::rate_limit_hold(
            header("ratelimit-limit"),
            header("ratelimit-remaining"),
            header("ratelimit-reset"),
        );
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let retry_after = matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
                .then(|| retry_after(&headers))
                .flatten();
            let hint = match status {
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "; check the API key",
                StatusCode::NOT_FOUND => "; check the URL in the config",
                _ => "",
            };
            return Err(FetchError { message: format!("the server answered {status}{hint}"), retry_after });
        }
        check_content_type(&headers, self.expect).map_err(|message| FetchError { message, retry_after: None })?;
        if let Some(length) = response.content_length()
            && length > self.max_bytes
        {
            return Err(self.too_large());
        }
        let body = read_body(response, self.max_bytes, started + self.deadline).map_err(|err| match err {
            BodyError::TooLarge => self.too_large(),
            BodyError::Late => FetchError {
                message: format!(
                    "the server did not send the whole feed within {} s (it trickles)",
                    self.deadline.as_secs()
                ),
                retry_after: None,
            },
            BodyError::Broken(err) => FetchError { message: format!("the body broke off ({err})"), retry_after: None },
        })?;
        // One bad byte must not cost the wall every note: invalid UTF-8
        // becomes U+FFFD, shown as "�" in the one note that has it.
        let text = match String::from_utf8(body) {
            Ok(text) => text,
            Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
        };
        // Remember the validators only for a body that arrived whole.
        self.etag = headers.get(header::ETAG).cloned();
        self.last_modified = headers.get(header::LAST_MODIFIED).cloned();
        self.link_next =
            headers.get(header::LINK).and_then(|value| value.to_str().ok()).and_then(super::links::next_link);
        Ok(Fetched::Body(text))
    }

    /// How long the last answer asked the next poll to wait, by its
    /// rate-limit headers.
    pub fn rate_hold(&self) -> Option<Duration> {
        self.rate_hold
    }

    /// The next page named by the last answer's `Link` header, if any.
    pub fn link_next(&self) -> Option<&str> {
        self.link_next.as_deref()
    }

    fn too_large(&self) -> FetchError {
        FetchError {
            message: format!("the body is larger than {} KB; is this the right URL?", self.max_bytes / 1024),
            retry_after: None,
        }
    }
}

/// A small answer (a token, one list item) read whole within
/// [`REQUEST_TIMEOUT`] and `max_bytes`, as text; a server that trickles or
/// sends too much is cut off like a feed's.
pub(crate) fn read_small(response: impl Read, max_bytes: u64) -> Result<String, String> {
    match read_body(response, max_bytes, Instant::now() + REQUEST_TIMEOUT) {
        Ok(body) => Ok(String::from_utf8_lossy(&body).into_owned()),
        Err(BodyError::TooLarge) => Err(format!("the answer is larger than {} KB", max_bytes / 1024)),
        Err(BodyError::Late) => Err("the answer did not arrive in time (it trickles)".into()),
        Err(BodyError::Broken(err)) => Err(format!("the answer broke off ({err})")),
    }
}

enum BodyError {
    TooLarge,
    Late,
    Broken(std::io::Error),
}

/// Reads a body in chunks, at most `max_bytes`, and gives up once
/// `deadline` has passed: each read waits at most the client's timeout, so
/// a trickling server is cut off at the deadline plus one such wait.
fn read_body(mut response: impl Read, max_bytes: u64, deadline: Instant) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err(BodyError::Late);
        }
        match response.read(&mut chunk) {
            Ok(0) => return Ok(body),
            Ok(n) => {
                body.extend_from_slice(&chunk[..n]);
                if body.len() as u64 > max_bytes {
                    return Err(BodyError::TooLarge);
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(BodyError::Broken(err)),
        }
    }
}

/// The wait a 429 or 503 answer asks for in its `Retry-After` header.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    super::backoff::parse_retry_after(value, chrono::Utc::now())
}

fn check_content_type(headers: &HeaderMap, expect: BodyKind) -> Result<(), String> {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let media = value.split(';').next().unwrap_or_default().trim().to_lowercase();
    let fits = match expect {
        BodyKind::Json => media.contains("json") || media == "text/plain",
        BodyKind::Csv => media.contains("csv") || media == "text/plain" || media == "application/octet-stream",
    };
    if fits {
        Ok(())
    } else {
        let what = if media.contains("html") { " (a login or error page?)" } else { "" };
        Err(format!("expected {expect:?} but got {media}{what}"))
    }
}

/// A failed request in words, without the URL (the source's name says
/// which one) or any header.
fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "the server did not answer in time".into()
    } else if err.is_connect() {
        "cannot connect to the server".into()
    } else if err.is_body() || err.is_decode() {
        "the body broke off".into()
    } else {
        "the request failed".into()
    }
}
