//! Signing in to Microsoft Graph as an app (the OAuth 2.0 client-credentials
//! flow): `POST {login}/{tenant}/oauth2/v2.0/token` with the client id and
//! secret gives a bearer token, kept until shortly before it expires and
//! then asked for again. A 401 from Graph throws the token away
//! ([`SignIn::forget`]) so the next request signs in afresh.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::blocking::Client;

use super::http::{FetchError, Fetched, HttpGet, REQUEST_TIMEOUT, read_small, retry_after, write_client};
use crate::config::ListSource;

/// The largest answer of the sign-in server that is read.
const MAX_ANSWER: u64 = 256 * 1024;

/// One app's sign-in, with its token while it is good.
pub struct SignIn {
    client: Client,
    token_url: String,
    client_id: String,
    secret: Result<String, String>,
    scope: String,
    /// The token and when to ask for the next one.
    token: Option<(String, Instant)>,
}

impl SignIn {
    /// The sign-in for `list`; `secret` is its client secret, or why it
    /// could not be read (then every request fails with that reason).
    pub fn new(list: &ListSource, secret: Result<String, String>) -> Result<SignIn, String> {
        Ok(SignIn {
            client: write_client(REQUEST_TIMEOUT)?,
            token_url: list.token_url(),
            client_id: list.client_id.trim().to_string(),
            secret,
            scope: list.scope.clone(),
            token: None,
        })
    }

    /// A good token: the one kept, or a new one once it is near its end.
    pub fn bearer(&mut self) -> Result<String, FetchError> {
        if let Some((token, renew_at)) = &self.token
            && Instant::now() < *renew_at
        {
            return Ok(token.clone());
        }
        self.token = None;
        let (token, lifetime) = self.ask()?;
        let now = Instant::now();
        self.token = Some((token.clone(), now.checked_add(renew_after(lifetime)).unwrap_or(now)));
        Ok(token)
    }

    /// Throws the token away: Graph said it is no longer good.
    pub fn forget(&mut self) {
        self.token = None;
    }

    fn ask(&mut self) -> Result<(String, Duration), FetchError> {
        let fail = |message: String| FetchError { message, retry_after: None };
        let secret = self.secret.clone().map_err(fail)?;
        let form = [
            ("client_id", self.client_id.as_str()),
            ("client_secret", secret.as_str()),
            ("scope", self.scope.as_str()),
            ("grant_type", "client_credentials"),
        ];
        let response = self
            .client
            .post(&self.token_url)
            .form(&form)
            .send()
            .map_err(|_| fail("cannot reach Microsoft's sign-in (login in the config)".into()))?;
        let status = response.status();
        let wait = retry_after(response.headers());
        let text = read_small(response, MAX_ANSWER).map_err(|err| fail(format!("Microsoft's sign-in: {err}")))?;
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if !status.is_success() {
            return Err(FetchError {
                message: refusal(status, &answer),
                retry_after: matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
                    .then_some(wait)
                    .flatten(),
            });
        }
        let token = answer["access_token"].as_str().filter(|token| !token.is_empty());
        let token = token.ok_or_else(|| fail("Microsoft's sign-in answered without a token".into()))?;
        Ok((token.to_string(), token_lifetime(&answer["expires_in"])))
    }
}

/// The longest a token is kept, whatever the server says: a day.
const LONGEST_TOKEN: Duration = Duration::from_secs(24 * 3600);

/// How long a token lasts by the server's `expires_in` (seconds, as a
/// number or a text), at most [`LONGEST_TOKEN`]; an hour when it says
/// nothing usable. A huge number must not overflow the clock.
fn token_lifetime(expires_in: &serde_json::Value) -> Duration {
    let seconds = expires_in
        .as_u64()
        .or_else(|| expires_in.as_f64().filter(|s| s.is_finite() && *s >= 0.0).map(|s| s.min(1e9) as u64))
        .or_else(|| expires_in.as_str()?.trim().parse().ok())
        .unwrap_or(3599);
    Duration::from_secs(seconds).min(LONGEST_TOKEN)
}

/// When a token that lasts `lifetime` is renewed: five minutes before its
/// end, or halfway for a short one, so no request goes out with a token
/// about to lapse.
fn renew_after(lifetime: Duration) -> Duration {
    lifetime.saturating_sub(Duration::from_secs(300).min(lifetime / 2))
}

/// Why the sign-in was refused, with what to do: Microsoft's error code and
/// the first line of its description (which names no secret).
fn refusal(status: StatusCode, answer: &serde_json::Value) -> String {
    let code = answer["error"].as_str().unwrap_or("");
    let first_line = answer["error_description"].as_str().and_then(|d| d.lines().next()).unwrap_or("");
    let said: String = first_line.chars().take(200).collect();
    let hint = match code {
        "invalid_client" | "unauthorized_client" => "; check client_id and client_secret (has the secret expired?)",
        "invalid_request" | "invalid_tenant" => "; check tenant in the config",
        "invalid_scope" => "; check scope in the config",
        _ => "",
    };
    let code = if code.is_empty() { String::new() } else { format!(" {code}") };
    let said = if said.is_empty() { String::new() } else { format!(" ({said})") };
    format!("Microsoft's sign-in answered {status}{code}{said}{hint}")
}

/// One GET, signed in when the source signs in: a 401 throws the token
/// away and tries once more with a new one (Microsoft tokens lapse, and
/// can be revoked before their time).
pub(crate) fn fetch(sign_in: &mut Option<SignIn>, get: &mut HttpGet) -> Result<Fetched, FetchError> {
    // A page elsewhere is read without the token (HttpGet keeps it home),
    // so its 401 says nothing about the token.
    let Some(sign_in) = sign_in.as_mut().filter(|_| get.signs_in_here()) else {
        return get.fetch();
    };
    get.set_bearer(Some(sign_in.bearer()?));
    match get.fetch() {
        Err(_) if get.was_unauthorized() => {
            sign_in.forget();
            get.set_bearer(Some(sign_in.bearer()?));
            get.fetch()
        }
        answer => answer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wall_testkit::test_server::{Reply, serve};

    fn sign_in(url: &str) -> Result<SignIn, String> {
        let list: ListSource = ron::from_str(&format!(
            r#"(tenant: "t", client_id: "app", client_secret: Env("X"), site: "root", list: "l", login: "{}")"#,
            url.trim_end_matches("/feed.json?token=hidden")
        ))
        .map_err(|err| err.to_string())?;
        SignIn::new(&list, Ok("s3cr3t".into()))
    }

    #[test]
    fn a_token_is_kept_until_near_its_end_and_renewed_early() -> Result<(), String> {
        assert_eq!(renew_after(Duration::from_secs(3599)), Duration::from_secs(3299));
        assert_eq!(renew_after(Duration::from_secs(60)), Duration::from_secs(30));
        let (url, requests) = serve(vec![
            Reply::ok(r#"{"token_type": "Bearer", "expires_in": 3599, "access_token": "one"}"#),
            Reply::ok(r#"{"token_type": "Bearer", "expires_in": 3599, "access_token": "two"}"#),
        ]);
        let mut sign_in = sign_in(&url)?;
        assert_eq!(sign_in.bearer().map_err(|e| e.message)?, "one");
        assert_eq!(sign_in.bearer().map_err(|e| e.message)?, "one", "kept, not asked again");
        sign_in.forget();
        assert_eq!(sign_in.bearer().map_err(|e| e.message)?, "two");
        let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
        assert!(log[0].starts_with("POST /t/oauth2/v2.0/token "), "{}", log[0]);
        Ok(())
    }

    /// A server's number never overflows the clock: any `expires_in`, as
    /// a number or a text, gives a lifetime of at most a day.
    #[test]
    fn any_expires_in_gives_a_bounded_lifetime() -> Result<(), String> {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut values: Vec<serde_json::Value> = vec![
            serde_json::json!(u64::MAX),
            serde_json::json!(-1),
            serde_json::json!(1e308),
            serde_json::json!("18446744073709551615"),
            serde_json::json!("99999999999999999999999"),
            serde_json::json!(null),
        ];
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push(serde_json::json!(seed >> (seed % 64)));
            values.push(serde_json::json!((seed >> (seed % 64)).to_string()));
        }
        for value in &values {
            let lifetime = token_lifetime(value);
            assert!(lifetime <= LONGEST_TOKEN, "{value}: {lifetime:?}");
            let _renew = Instant::now() + renew_after(lifetime);
        }
        // And through the real sign-in, as the repro had it.
        let (url, _) = serve(vec![Reply::ok(
            r#"{"token_type": "Bearer", "expires_in": 18446744073709551615, "access_token": "one"}"#,
        )]);
        let mut sign_in = sign_in(&url)?;
        assert_eq!(sign_in.bearer().map_err(|e| e.message)?, "one");
        Ok(())
    }

    #[test]
    fn a_refused_sign_in_says_what_to_check_and_never_the_secret() -> Result<(), String> {
        let refused = r#"{"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1"}"#;
        let (url, _) = serve(vec![
            Reply { body: refused.as_bytes().to_vec(), ..Reply::status("401 Unauthorized") },
            Reply { headers: vec![("Retry-After", "30".into())], ..Reply::status("429 Too Many Requests") },
        ]);
        let mut sign_in = sign_in(&url)?;
        let err = sign_in.bearer().err().map(|e| e.message).unwrap_or_default();
        assert!(err.contains("AADSTS7000215") && err.contains("client_secret") && !err.contains("Trace"), "{err}");
        assert!(!err.contains("s3cr3t"));
        let throttled = sign_in.bearer().err();
        assert_eq!(throttled.and_then(|e| e.retry_after), Some(Duration::from_secs(30)));
        Ok(())
    }
}
