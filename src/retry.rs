//! Whether and when a failed attempt is tried again: pure functions of what
//! failed, kept apart from the loop in [`crate::runtime`] that waits and
//! re-signs, so that the policy reads (and is tested) as a table.

use std::time::{Duration, SystemTime};

/// What one attempt came to, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection was made: no byte reached the server.
    Connect,
    /// The connection failed, or timed out, after the request may have left.
    MidRequest,
    /// The server answered with this HTTP status (never 200).
    HttpStatus(u16),
    /// The server answered HTTP 200 with an envelope refusing with this
    /// `statusCode`.
    Envelope(i64),
}

/// Whether `failure`, met by attempt `attempt` (1-based) of a call allowed
/// `max_attempts`, is tried again. `is_read` is true for `GET`, which the
/// API never lets change anything.
///
/// A retry must be harmless: a failure that proves the server never
/// processed the request (no connection, throttling, "unavailable") is
/// retried for every method; one after which the server may have processed
/// it (a dropped connection, a gateway's 502 or 504) only for reads, so that
/// no write is ever applied twice.
pub(crate) fn should_retry(failure: Failure, is_read: bool, attempt: u32, max_attempts: u32) -> bool {
    let safe = match failure {
        Failure::Connect | Failure::HttpStatus(429 | 503) | Failure::Envelope(429 | 503) => true,
        Failure::MidRequest | Failure::HttpStatus(502 | 504) => is_read,
        Failure::HttpStatus(_) | Failure::Envelope(_) => false,
    };
    safe && attempt < max_attempts
}

/// The wait a `Retry-After` header asks for: whole seconds, or an HTTP date
/// (taken relative to `now`; a date in the past asks for no wait). `None`
/// when the header is absent or neither form.
pub(crate) fn retry_after(value: Option<&reqwest::header::HeaderValue>, now: SystemTime) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The delay before the next attempt: what the server asked for when it
/// said, else the configured backoff; never more than the configuration's
/// maximum delay, whatever the server asked.
pub(crate) fn delay(config: &crate::RetryConfig, attempt: u32, asked: Option<Duration>) -> Duration {
    match asked {
        Some(asked) => asked.min(config.max_delay),
        None => config.backoff(attempt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_policy_as_a_table() {
        use Failure::*;
        // (failure, retried for a read, retried for a write)
        let table = [
            (Connect, true, true),
            (MidRequest, true, false),
            (HttpStatus(429), true, true),
            (HttpStatus(503), true, true),
            (HttpStatus(502), true, false),
            (HttpStatus(504), true, false),
            (HttpStatus(500), false, false),
            (HttpStatus(404), false, false),
            (Envelope(429), true, true),
            (Envelope(503), true, true),
            (Envelope(500), false, false),
            (Envelope(400), false, false),
            (Envelope(401), false, false),
        ];
        for (failure, read, write) in table {
            assert_eq!(should_retry(failure, true, 1, 3), read, "{failure:?} on a read");
            assert_eq!(should_retry(failure, false, 1, 3), write, "{failure:?} on a write");
            // The last attempt is never followed by another.
            assert!(!should_retry(failure, true, 3, 3), "{failure:?} on the last attempt");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = httpdate::parse_http_date("Tue, 01 Dec 2026 12:00:00 GMT").unwrap();
        let header = |s: &'static str| HeaderValue::from_static(s);
        assert_eq!(retry_after(Some(&header("7")), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(Some(&header(" 0 ")), now), Some(Duration::ZERO));
        assert_eq!(retry_after(Some(&header("Tue, 01 Dec 2026 12:00:30 GMT")), now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after(Some(&header("Tue, 01 Dec 2026 11:00:00 GMT")), now), Some(Duration::ZERO));
        assert_eq!(retry_after(Some(&header("soon")), now), None);
        assert_eq!(retry_after(Some(&header("-3")), now), None);
        assert_eq!(retry_after(None, now), None);
    }

    #[test]
    fn the_servers_wait_is_bounded_by_the_configured_maximum() {
        let config = crate::RetryConfig::standard().with_max_delay(Duration::from_secs(2));
        assert_eq!(delay(&config, 1, Some(Duration::from_secs(1))), Duration::from_secs(1));
        assert_eq!(delay(&config, 1, Some(Duration::from_secs(3600))), Duration::from_secs(2));
        assert!(delay(&config, 1, None) <= Duration::from_millis(100));
    }
}
