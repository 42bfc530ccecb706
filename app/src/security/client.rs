//! Who is on the other end of a request, for throttling and the audit log.
//!
//! The address is the TCP peer's, unless that peer is one of the configured
//! trusted proxies (`security.trusted_proxies`): then `X-Forwarded-For` is
//! read from the right (the end each proxy appends to), skipping trusted
//! proxies, and the first address that is not one is the client. What a
//! client writes into the header itself sits to the left of that and is
//! never reached, so it cannot choose its own address. An untrusted peer's
//! `X-Forwarded-For` is ignored entirely. (`Forwarded`, RFC 7239, is not read.)
//!
//! A broken chain (an entry that is not an address, or a header that is not
//! text) stops the walk and the peer itself is used: the one address known
//! for certain. That is the safe side: at worst every client behind the
//! proxy shares the proxy's throttle, but nobody can pick an address by
//! making the header unreadable.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::header::{HeaderName, USER_AGENT};
use axum::http::request::Parts;

use crate::store::audit::Origin;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// User agents are the client's to choose; the audit log keeps this many characters.
const USER_AGENT_CHARS: usize = 200;

/// The client's address; `None` when the connection's address is unknown
/// (the router was not served with `into_make_service_with_connect_info`,
/// as in in-process tests).
pub fn client_ip(parts: &Parts, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip().to_canonical();
    let trusted = |ip: IpAddr| trusted_proxies.iter().any(|t| t.to_canonical() == ip);
    if !trusted(peer) {
        return Some(peer);
    }
    // Several header lines are one list, in order (RFC 9110 §5.3).
    let mut entries = Vec::new();
    for line in parts.headers.get_all(X_FORWARDED_FOR) {
        let Ok(line) = line.to_str() else { return Some(peer) };
        entries.extend(line.split(','));
    }
    let mut nearest = peer;
    for entry in entries.into_iter().rev() {
        let Some(ip) = parse_entry(entry) else { return Some(peer) };
        if !trusted(ip) {
            return Some(ip);
        }
        nearest = ip;
    }
    // Every hop is a trusted proxy: the request began at the leftmost one.
    Some(nearest)
}

/// One `X-Forwarded-For` entry: an address, also in the `ip:port` /
/// `[ipv6]:port` form some proxies write.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry.parse::<IpAddr>().or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip())).ok().map(|ip| ip.to_canonical())
}

/// Where the request came from, for the audit log.
pub fn origin(parts: &Parts, trusted_proxies: &[IpAddr]) -> Origin {
    Origin {
        ip: client_ip(parts, trusted_proxies).map(|ip| ip.to_string()),
        user_agent: parts
            .headers
            .get(USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().chars().take(USER_AGENT_CHARS).collect::<String>())
            .filter(|a| !a.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: Option<&str>, headers: &[(&str, &[u8])]) -> Parts {
        let mut builder = Request::get("/");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let (mut parts, ()) = builder.body(()).unwrap().into_parts();
        if let Some(peer) = peer {
            parts.extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        }
        parts
    }

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    fn ip(a: &str) -> Option<IpAddr> {
        Some(a.parse().unwrap())
    }

    #[test]
    fn without_connect_info_the_address_is_unknown() {
        let p = parts(None, &[("x-forwarded-for", b"203.0.113.9")]);
        assert_eq!(client_ip(&p, &ips(&["10.0.0.1"])), None);
        assert_eq!(origin(&p, &[]).ip, None);
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let p = parts(Some("198.51.100.7:5555"), &[("x-forwarded-for", b"203.0.113.9")]);
        assert_eq!(client_ip(&p, &[]), ip("198.51.100.7"));
        assert_eq!(client_ip(&p, &ips(&["10.0.0.1"])), ip("198.51.100.7"));
        assert_eq!(client_ip(&parts(Some("[2001:db8::5]:443"), &[]), &[]), ip("2001:db8::5"));
    }

    #[test]
    fn a_trusted_peer_names_the_rightmost_untrusted_address() {
        let trusted = ips(&["10.0.0.1"]);
        // The client forged the first entry; the proxy appended the real one.
        let p = parts(Some("10.0.0.1:40000"), &[("x-forwarded-for", b"1.2.3.4, 203.0.113.9")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
        // Several header lines are one list, read from the last line.
        let p = parts(Some("10.0.0.1:40000"), &[("x-forwarded-for", b"1.2.3.4"), ("x-forwarded-for", b"203.0.113.9")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
        // Ports and IPv6 as some proxies write them.
        let p = parts(Some("10.0.0.1:40000"), &[("x-forwarded-for", b"[2001:db8::9]:1234")]);
        assert_eq!(client_ip(&p, &trusted), ip("2001:db8::9"));
        let p = parts(Some("10.0.0.1:40000"), &[("x-forwarded-for", b"203.0.113.9:1234")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
        // A trusted peer forwarding nothing is itself the client.
        assert_eq!(client_ip(&parts(Some("10.0.0.1:40000"), &[]), &trusted), ip("10.0.0.1"));
        // An IPv4 peer seen on a dual-stack socket still matches.
        let p = parts(Some("[::ffff:10.0.0.1]:40000"), &[("x-forwarded-for", b"203.0.113.9")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked() {
        let trusted = ips(&["10.0.0.1", "10.0.0.2", "2001:db8::1"]);
        let p = parts(Some("10.0.0.1:1"), &[("x-forwarded-for", b"6.6.6.6, 203.0.113.9, 2001:db8::1, 10.0.0.2")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
        // All hops trusted: the request began at the leftmost.
        let p = parts(Some("10.0.0.1:1"), &[("x-forwarded-for", b"10.0.0.2, 2001:db8::1")]);
        assert_eq!(client_ip(&p, &trusted), ip("10.0.0.2"));
    }

    #[test]
    fn garbage_stops_the_walk_at_the_peer() {
        let trusted = ips(&["10.0.0.1", "10.0.0.2"]);
        for header in [
            &b"unknown"[..],
            b"203.0.113.9, not-an-ip",
            b"203.0.113.9, , 10.0.0.2",
            b"203.0.113.9, 10.0.0.0/8",
            b"",
            b"203.0.113.9, \xff\xfe",
        ] {
            let p = parts(Some("10.0.0.1:1"), &[("x-forwarded-for", header)]);
            assert_eq!(client_ip(&p, &trusted), ip("10.0.0.1"), "{}", String::from_utf8_lossy(header));
        }
        // Garbage left of the client's address is never reached.
        let p = parts(Some("10.0.0.1:1"), &[("x-forwarded-for", b"<script>, 203.0.113.9")]);
        assert_eq!(client_ip(&p, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn origin_carries_the_address_and_a_short_user_agent() {
        let long = format!("  Mozilla/5.0 {}  ", "x".repeat(500));
        let p = parts(Some("198.51.100.7:5555"), &[("user-agent", long.as_bytes())]);
        let o = origin(&p, &[]);
        assert_eq!(o.ip.as_deref(), Some("198.51.100.7"));
        let agent = o.user_agent.unwrap();
        assert_eq!(agent.chars().count(), 200);
        assert!(agent.starts_with("Mozilla/5.0 x"));

        let p = parts(Some("[2001:db8::5]:1"), &[("user-agent", b"caf\xe9 browser")]);
        let o = origin(&p, &[]);
        assert_eq!(o.ip.as_deref(), Some("2001:db8::5"));
        assert_eq!(o.user_agent.as_deref(), Some("caf\u{fffd} browser"));

        assert_eq!(origin(&parts(None, &[("user-agent", b"  ")]), &[]), Origin::default());
    }
}
