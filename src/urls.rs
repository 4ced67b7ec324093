//! Hosts of page URLs: what site rule files ([`crate::ruleset`]) and
//! site-level repeats ([`crate::batch::site`]) are keyed on.

/// The site of a URL: its host, lower case, without `www.` and port.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.Example.com:8080/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            host_of("http://user@news.example.org/").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host_of("example.net/path").as_deref(), Some("example.net"));
        assert_eq!(host_of("not a url"), None);
        assert_eq!(host_of(""), None);
    }
}
