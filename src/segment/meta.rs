//! What an HTML page says about itself outside its text: `<title>`, Open
//! Graph and other `<meta>` tags, `<link rel="canonical">` and JSON-LD.
//! The HTML segmenter fills a [`PageMeta`] while it walks the page; the
//! title search and the JSON output use it.

use serde_json::Value;

/// Page metadata; every field is optional because pages carry any subset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMeta {
    /// Text of the `<title>` element.
    pub title: Option<String>,
    /// `og:title`, `twitter:title` or a JSON-LD `headline`.
    pub og_title: Option<String>,
    /// `lang` of `<html>`, `content-language`, `og:locale` or JSON-LD `inLanguage`.
    pub lang: Option<String>,
    /// `<link rel="canonical">`, `og:url` or JSON-LD `url`.
    pub canonical_url: Option<String>,
    /// `og:site_name`, `application-name` or JSON-LD `publisher.name`.
    pub site_name: Option<String>,
    /// JSON-LD `author`, `<meta name="author">` or `article:author`.
    pub author: Option<String>,
    /// JSON-LD `datePublished`, `article:published_time` or a `date` meta tag.
    pub published: Option<String>,
    /// The schema.org types the page declares for its top-level things:
    /// JSON-LD `@type`s (of the top level and of `@graph`) and microdata
    /// `itemtype`s of items that are no other item's property, without
    /// their `https://schema.org/` prefix, in order, each once.
    pub schema_types: Vec<String>,
    /// `og:type`.
    pub og_type: Option<String>,
    /// `<meta name="generator">`: the software that made the page.
    pub generator: Option<String>,
}

/// Most schema types a page records (a hostile page can declare thousands).
const MAX_SCHEMA_TYPES: usize = 64;

/// Sets a field once: the first source that has it wins.
fn set(field: &mut Option<String>, value: Option<&str>) {
    if field.is_none() {
        let v = value.map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "));
        *field = v.filter(|v| !v.is_empty());
    }
}

impl PageMeta {
    /// The `<title>` text (the first one wins).
    pub fn set_title(&mut self, text: &str) {
        set(&mut self.title, Some(text));
    }

    /// A `<link rel="canonical">` address.
    pub fn set_canonical(&mut self, href: Option<&str>) {
        set(&mut self.canonical_url, href);
    }

    /// Reads a `<meta>` tag, given a lookup of its attributes.
    pub fn read_meta<'a>(&mut self, attr: impl Fn(&str) -> Option<&'a str>) {
        let key = attr("property")
            .or_else(|| attr("name"))
            .or_else(|| attr("http-equiv"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let content = attr("content");
        match key.as_str() {
            "og:title" | "twitter:title" => set(&mut self.og_title, content),
            "og:site_name" | "application-name" => set(&mut self.site_name, content),
            "og:url" => set(&mut self.canonical_url, content),
            "og:type" => set(&mut self.og_type, content),
            "generator" => set(&mut self.generator, content),
            // article:author is often a profile URL, which names no one.
            "author" | "article:author" | "byl" | "dc.creator"
                if !content.is_some_and(|c| c.starts_with("http")) =>
            {
                set(&mut self.author, content)
            }
            "article:published_time"
            | "date"
            | "pubdate"
            | "publish-date"
            | "publishdate"
            | "dc.date"
            | "dc.date.issued"
            | "sailthru.date"
            | "parsely-pub-date" => set(&mut self.published, content),
            "content-language" | "og:locale" | "language" => {
                let lang = content.map(|c| c.replace('_', "-").to_lowercase());
                set(&mut self.lang, lang.as_deref());
            }
            _ => {}
        }
    }

    /// Reads an `application/ld+json` script: an object, a list, or a
    /// `@graph`. Invalid JSON is ignored (pages are full of it).
    pub fn read_json_ld(&mut self, text: &str) {
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            return;
        };
        let mut stack = vec![&value];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            // A page's JSON-LD is small; this bounds a hostile one.
            seen += 1;
            if seen > 1000 {
                break;
            }
            match v {
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    match map.get("@type") {
                        Some(Value::String(t)) => self.add_schema_type(t),
                        Some(Value::Array(types)) => {
                            types.iter().filter_map(Value::as_str).for_each(|t| {
                                self.add_schema_type(t);
                            })
                        }
                        _ => {}
                    }
                    if is_article(map.get("@type")) {
                        self.read_article(map);
                    }
                }
                _ => {}
            }
        }
    }

    /// Records a schema.org type (`Product`, `https://schema.org/Product`).
    pub fn add_schema_type(&mut self, t: &str) {
        for t in t.split_whitespace() {
            let name = t.rsplit(['/', ':']).next().unwrap_or(t);
            let known = self.schema_types.iter().any(|s| s == name);
            if !name.is_empty() && !known && self.schema_types.len() < MAX_SCHEMA_TYPES {
                self.schema_types.push(name.to_string());
            }
        }
    }

    fn read_article(&mut self, map: &serde_json::Map<String, Value>) {
        let s = |k: &str| map.get(k).and_then(Value::as_str);
        set(&mut self.og_title, s("headline"));
        set(&mut self.published, s("datePublished"));
        set(&mut self.lang, s("inLanguage"));
        set(&mut self.canonical_url, s("url"));
        let name = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        if let Some(author) = map.get("author") {
            let names: Vec<String> = match author {
                Value::Array(list) => list.iter().filter_map(name).collect(),
                other => name(other).into_iter().collect(),
            };
            if !names.is_empty() {
                set(&mut self.author, Some(&names.join(", ")));
            }
        }
        if let Some(publisher) = map.get("publisher") {
            set(&mut self.site_name, name(publisher).as_deref());
        }
    }
}

/// JSON-LD types that describe the page's article.
fn is_article(ty: Option<&Value>) -> bool {
    const TYPES: &[&str] = &[
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "WebPage",
    ];
    match ty {
        Some(Value::String(t)) => TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::html::segment;

    #[test]
    fn metadata_from_meta_tags_link_and_json_ld() {
        let page = segment(
            r#"<html lang="en-GB"><head>
            <title>Bridge opens | Courier</title>
            <link rel="canonical" href="https://courier.example/bridge">
            <meta property="og:site_name" content="The Courier">
            <meta property="article:author" content="https://courier.example/jane">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"ignored"},
              {"@type":"NewsArticle","headline":"Bridge opens","datePublished":"2024-05-10T08:00:00Z",
               "author":[{"@type":"Person","name":"Jane Doe"},{"name":"Tom Roe"}],
               "publisher":{"@type":"Organization","name":"Courier Media"}}]}</script>
            </head><body><p>x</p><script type="application/ld+json">{ broken</script></body></html>"#,
        );
        let m = page.meta;
        assert_eq!(m.title.as_deref(), Some("Bridge opens | Courier"));
        assert_eq!(m.og_title.as_deref(), Some("Bridge opens"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://courier.example/bridge")
        );
        assert_eq!(m.site_name.as_deref(), Some("The Courier"));
        assert_eq!(m.author.as_deref(), Some("Jane Doe, Tom Roe"));
        assert_eq!(m.published.as_deref(), Some("2024-05-10T08:00:00Z"));
        assert_eq!(m.lang.as_deref(), Some("en-gb"));
    }

    #[test]
    fn json_ld_in_the_body_counts_too() {
        let page = segment(
            r#"<html><body><p>x</p><script type="application/ld+json">{"@type":"BlogPosting","author":"Ann Lee","datePublished":"2019-11-20"}</script></body></html>"#,
        );
        assert_eq!(page.meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(page.meta.published.as_deref(), Some("2019-11-20"));
    }
}
