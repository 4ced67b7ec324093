//! Site-level boilerplate (`--site-repeats N`): the first pass of a batch
//! counts, for each site (host), on how many pages each block text appears;
//! the second pass labels texts found on N or more pages of their site
//! `site-boilerplate`.
//!
//! Memory is bounded: a text is kept as a 64-bit hash with a 32-bit page
//! count; each host keeps at most [`SiteTable::per_host`] texts and all hosts
//! together at most [`SiteTable::total`]. When a host's table is full, the
//! texts seen on one page only (article paragraphs, mostly) are dropped to
//! make room; if that frees too little, the host stops taking new texts.
//! Boilerplate is on a site's first pages already, so it is kept. With the
//! defaults the table stays under about 160 MB (16 bytes of entry plus hash
//! map overhead, for 4 million texts).
//!
//! A page counts once per URL: a crawl that fetched one URL three times
//! would otherwise make its article text "repeated on three pages". The
//! URLs seen are kept as hashes too (at most [`SiteTable::total`]; past
//! that, pages are no longer told apart by URL).

use std::collections::HashMap;
use std::hash::Hasher;

use crate::fastmap::{FastMap, FxHasher};

/// Page counts of block texts per host.
#[derive(Debug, Clone)]
pub struct SiteTable {
    hosts: HashMap<String, Host>,
    /// Most texts one host keeps.
    pub per_host: usize,
    /// Most texts all hosts keep together.
    pub total: usize,
    stored: usize,
    /// Hashes of the URLs counted (fragment removed).
    urls: FastMap<u64, ()>,
    /// Pages not counted because their URL already was.
    pub duplicates: u64,
}

#[derive(Debug, Clone, Default)]
struct Host {
    counts: FastMap<u64, u32>,
    pages: u32,
    /// No longer takes new texts.
    full: bool,
}

impl Default for SiteTable {
    fn default() -> SiteTable {
        SiteTable::new(50_000, 4_000_000)
    }
}

impl SiteTable {
    pub fn new(per_host: usize, total: usize) -> SiteTable {
        SiteTable {
            hosts: HashMap::new(),
            per_host,
            total,
            stored: 0,
            urls: FastMap::default(),
            duplicates: 0,
        }
    }

    /// Counts one page of `host` at `url` with these distinct text hashes,
    /// unless a page at the same URL was counted already (a re-crawl).
    pub fn add_page(&mut self, host: &str, url: &str, hashes: &[u64]) {
        let url = url.split_once('#').map_or(url, |(u, _)| u);
        let url = key_hash(url.trim_end_matches('/'));
        if self.urls.contains_key(&url) {
            self.duplicates += 1;
            return;
        }
        if self.urls.len() < self.total {
            self.urls.insert(url, ());
        }
        if !self.hosts.contains_key(host) && self.stored >= self.total {
            return;
        }
        let h = self.hosts.entry(host.to_string()).or_default();
        h.pages = h.pages.saturating_add(1);
        for &hash in hashes {
            if let Some(n) = h.counts.get_mut(&hash) {
                *n = n.saturating_add(1);
                continue;
            }
            if h.full {
                continue;
            }
            if h.counts.len() >= self.per_host || self.stored >= self.total {
                let before = h.counts.len();
                h.counts.retain(|_, n| *n > 1);
                self.stored -= before - h.counts.len();
                if h.counts.len() * 4 >= self.per_host * 3 || self.stored >= self.total {
                    h.full = true;
                    continue;
                }
            }
            h.counts.insert(hash, 1);
            self.stored += 1;
        }
    }

    /// On how many pages of `host` the text with this match key was seen.
    pub fn pages_with(&self, host: &str, key: &str) -> u32 {
        self.hosts
            .get(host)
            .and_then(|h| h.counts.get(&key_hash(key)))
            .copied()
            .unwrap_or(0)
    }

    /// Pages counted for `host`.
    pub fn pages(&self, host: &str) -> u32 {
        self.hosts.get(host).map_or(0, |h| h.pages)
    }

    /// Texts stored over all hosts.
    pub fn stored(&self) -> usize {
        self.stored
    }
}

/// The hash a text is stored under.
pub fn key_hash(key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_per_host() {
        let mut t = SiteTable::default();
        let (menu, story1, story2) = (key_hash("home news sport"), key_hash("a"), key_hash("b"));
        t.add_page("a.example", "https://a.example/1", &[menu, story1]);
        t.add_page("a.example", "https://a.example/2", &[menu, story2]);
        t.add_page("b.example", "https://b.example/1", &[menu]);
        assert_eq!(t.pages_with("a.example", "home news sport"), 2);
        assert_eq!(t.pages_with("a.example", "a"), 1);
        assert_eq!(t.pages_with("b.example", "home news sport"), 1);
        assert_eq!(t.pages("a.example"), 2);
        assert_eq!(t.duplicates, 0);
    }

    #[test]
    fn a_url_crawled_again_counts_once() {
        let mut t = SiteTable::default();
        let (menu, story) = (key_hash("menu"), key_hash("story"));
        for url in [
            "https://a.example/1",
            "https://a.example/1#top",
            "https://a.example/1/",
        ] {
            t.add_page("a.example", url, &[menu, story]);
        }
        t.add_page("a.example", "https://a.example/2", &[menu]);
        assert_eq!(t.pages_with("a.example", "story"), 1);
        assert_eq!(t.pages_with("a.example", "menu"), 2);
        assert_eq!(t.pages("a.example"), 2);
        assert_eq!(t.duplicates, 2);
    }

    #[test]
    fn memory_stays_bounded_and_keeps_repeats() {
        let mut t = SiteTable::new(100, 150);
        let menu = key_hash("menu");
        for page in 0..1_000u64 {
            // Each page: the menu and 20 texts of its own.
            let mut hashes: Vec<u64> = (0..20).map(|i| key_hash(&format!("{page}-{i}"))).collect();
            hashes.push(menu);
            t.add_page("a.example", &format!("https://a.example/{page}"), &hashes);
            t.add_page(
                "b.example",
                &format!("https://b.example/{page}"),
                &hashes[..5],
            );
            assert!(t.stored() <= 150);
        }
        assert_eq!(t.pages_with("a.example", "menu"), 1_000);
    }
}
