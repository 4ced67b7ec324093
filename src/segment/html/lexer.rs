//! The stream front end's tokenizer: HTML5's tokenization states as far as
//! they change text, on `memchr`. Text runs come out borrowed from the page
//! unless a character reference, CR or NUL had to be decoded; tag names
//! are lower-cased; attributes are kept in one buffer reused by every tag,
//! the first of a name winning. The content of `script`, `style` and the
//! other raw-text elements is found by searching for its end tag, never
//! tokenised.

use std::borrow::Cow;
use std::collections::HashSet;

use super::entities::decode;
use super::walker::Attr;

/// One token. Tag names and attributes are in [`Lexer::name`] and
/// [`Lexer::attrs`] until the next token is read.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token<'a> {
    /// A start tag; whether it ended with `/>`.
    Start {
        self_closing: bool,
    },
    End,
    /// A run of text: decoded, NULs dropped (data) or replaced (raw text).
    Text(Cow<'a, str>),
    /// Text of a raw-text element (`script`, `style`, `title`, …).
    RawText(Cow<'a, str>),
    Comment,
    /// A doctype; whether it puts the page in quirks mode.
    Doctype {
        quirks: bool,
    },
}

/// How the content after a start tag is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// Tags, text and references.
    Markup,
    /// Text up to the end tag, references decoded (`title`, `textarea`).
    RcData(&'static str),
    /// Text up to the end tag, as written (`script`, `style`, …).
    RawText(&'static str),
    /// Everything to the end of the page is text (`plaintext`).
    PlainText,
}

#[derive(Clone)]
pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    next_content: Content,
    /// Whether scripting is on: `<noscript>` content is then raw text.
    scripting: bool,
    /// The name of the last tag, lower-cased.
    pub(super) name: Cow<'a, str>,
    /// The attributes of the last start tag.
    pub(super) attrs: Vec<Attr<'a>>,
}

/// HTML's white space inside tags.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// A tag or attribute name, lower-cased (borrowed when it already is).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        Cow::Owned(s.to_ascii_lowercase().replace('\0', "\u{fffd}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Attributes beyond which duplicates are found by hashing rather than by
/// comparing with each earlier one (a tag may carry 200,000).
const LINEAR_DUPLICATE_CHECK: usize = 16;

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a str, scripting: bool) -> Lexer<'a> {
        Lexer {
            src,
            pos: 0,
            next_content: Content::Markup,
            scripting,
            name: Cow::Borrowed(""),
            attrs: Vec::new(),
        }
    }

    /// The attributes of the first `<body>` tag after where reading is.
    pub(super) fn later_body_attrs(&self) -> Vec<Attr<'a>> {
        let b = self.src.as_bytes();
        let mut at = self.pos;
        while let Some(off) = memchr::memchr(b'<', &b[at..]) {
            let lt = at + off;
            at = lt + 1;
            if names_tag(b, lt + 1, "body") {
                let mut lexer = Lexer::new(self.src, false);
                lexer.pos = lt;
                if let Some(Token::Start { .. }) = lexer.next() {
                    return lexer.attrs;
                }
                break;
            }
        }
        Vec::new()
    }

    /// Reads what follows the last start tag as markup after all: the tree
    /// builder ignored a tag that would have made it raw text.
    pub(super) fn markup_only(&mut self) {
        self.next_content = Content::Markup;
    }

    pub(super) fn next(&mut self) -> Option<Token<'a>> {
        let b = self.src.as_bytes();
        if self.pos >= b.len() {
            return None;
        }
        match std::mem::replace(&mut self.next_content, Content::Markup) {
            Content::Markup => {}
            Content::RcData(end) => return Some(self.raw_text(end, true)),
            Content::RawText(end) => return Some(self.raw_text(end, false)),
            Content::PlainText => {
                let text = decode(&self.src[self.pos..], false, false);
                self.pos = b.len();
                self.next_content = Content::PlainText;
                return Some(Token::RawText(text));
            }
        }
        let start = self.pos;
        let mut i = start;
        loop {
            match memchr::memchr(b'<', &b[i..]) {
                None => {
                    i = b.len();
                    break;
                }
                Some(off) => {
                    let lt = i + off;
                    if self.opens_markup(lt) {
                        i = lt;
                        break;
                    }
                    i = lt + 1;
                }
            }
        }
        if i > start {
            self.pos = i;
            return Some(Token::Text(decode(&self.src[start..i], false, true)));
        }
        self.markup(i)
    }

    /// Whether the `<` at `lt` starts a tag, comment or declaration
    /// rather than being text.
    fn opens_markup(&self, lt: usize) -> bool {
        let b = self.src.as_bytes();
        match b.get(lt + 1) {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(b'!' | b'?') => true,
            Some(b'/') => lt + 2 < b.len(),
            _ => false,
        }
    }

    /// Reads the markup at `lt` (a `<` that opens some).
    fn markup(&mut self, lt: usize) -> Option<Token<'a>> {
        let b = self.src.as_bytes();
        match b[lt + 1] {
            b'!' => {
                if b[lt + 2..].starts_with(b"--") {
                    return Some(self.comment(lt + 4));
                }
                let doctype =
                    b.len() >= lt + 9 && b[lt + 2..lt + 9].eq_ignore_ascii_case(b"doctype");
                let end = memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e);
                self.pos = (end + 1).min(b.len());
                if doctype {
                    return Some(Token::Doctype {
                        quirks: is_quirks(&self.src[lt + 9..end]),
                    });
                }
                Some(Token::Comment)
            }
            b'?' => Some(self.bogus_comment(lt)),
            b'/' => {
                let c = b[lt + 2];
                if c == b'>' {
                    // `</>` is dropped.
                    self.pos = lt + 3;
                    return self.next();
                }
                if !c.is_ascii_alphabetic() {
                    return Some(self.bogus_comment(lt));
                }
                if self.tag(lt + 2, false) {
                    Some(Token::End)
                } else {
                    None
                }
            }
            _ => {
                if !self.tag(lt + 1, true) {
                    return None;
                }
                let self_closing = self.src.as_bytes()[..self.pos].ends_with(b"/>");
                self.next_content = match &*self.name {
                    "title" | "textarea" => Content::RcData(if &*self.name == "title" {
                        "title"
                    } else {
                        "textarea"
                    }),
                    "script" => Content::RawText("script"),
                    "style" => Content::RawText("style"),
                    "xmp" => Content::RawText("xmp"),
                    "iframe" => Content::RawText("iframe"),
                    "noembed" => Content::RawText("noembed"),
                    "noframes" => Content::RawText("noframes"),
                    "noscript" if self.scripting => Content::RawText("noscript"),
                    "plaintext" => Content::PlainText,
                    _ => Content::Markup,
                };
                Some(Token::Start { self_closing })
            }
        }
    }

    /// A comment whose text starts at `from` (after `<!--`).
    fn comment(&mut self, from: usize) -> Token<'a> {
        let b = self.src.as_bytes();
        // `<!-->` and `<!--->` are whole (empty) comments.
        for short in [&b">"[..], b"->"] {
            if b[from.min(b.len())..].starts_with(short) {
                self.pos = from + short.len();
                return Token::Comment;
            }
        }
        let mut i = from;
        self.pos = loop {
            match memchr::memchr(b'>', &b[i.min(b.len())..]) {
                None => break b.len(),
                Some(off) => {
                    let gt = i + off;
                    let before = &b[from..gt];
                    if before.ends_with(b"--") || before.ends_with(b"--!") {
                        break gt + 1;
                    }
                    i = gt + 1;
                }
            }
        };
        Token::Comment
    }

    /// `<?…>`, `</3…>`, `<!x…>`: a comment up to the next `>`.
    fn bogus_comment(&mut self, lt: usize) -> Token<'a> {
        let b = self.src.as_bytes();
        self.pos = memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
        Token::Comment
    }

    /// Reads a tag whose name starts at `at`: its name and (for a start
    /// tag) its attributes. False if the page ends inside it: such a tag
    /// is dropped, and so is the rest.
    fn tag(&mut self, at: usize, start: bool) -> bool {
        let b = self.src.as_bytes();
        let mut i = at;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        self.name = lower(&self.src[at..i]);
        if start {
            self.attrs.clear();
        }
        let mut seen: Option<HashSet<Cow<'a, str>>> = None;
        loop {
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                self.pos = b.len();
                return false;
            }
            if b[i] == b'>' {
                self.pos = i + 1;
                return true;
            }
            // The name: its first character may be `=`.
            let name_start = i;
            i += 1;
            while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = memchr::memchr(q, &b[i + 1..]) else {
                            self.pos = b.len();
                            return false;
                        };
                        value = &self.src[i + 1..i + 1 + close];
                        i += close + 2;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        value = &self.src[v..i];
                    }
                }
            }
            if start {
                self.push_attr(&self.src[name_start..name_end], value, &mut seen);
            }
        }
    }

    /// Keeps an attribute unless the tag already has one of that name.
    fn push_attr(
        &mut self,
        name: &'a str,
        value: &'a str,
        seen: &mut Option<HashSet<Cow<'a, str>>>,
    ) {
        let name = lower(name);
        let duplicate = if self.attrs.len() < LINEAR_DUPLICATE_CHECK {
            self.attrs.iter().any(|(n, _)| *n == name)
        } else {
            let seen =
                seen.get_or_insert_with(|| self.attrs.iter().map(|(n, _)| n.clone()).collect());
            !seen.insert(name.clone())
        };
        if !duplicate {
            self.attrs.push((name, decode(value, true, false)));
        }
    }

    /// The content of a raw-text or RCDATA element, up to its end tag.
    fn raw_text(&mut self, end_name: &str, references: bool) -> Token<'a> {
        let b = self.src.as_bytes();
        let start = self.pos;
        let end = if end_name == "script" {
            script_end(b, start)
        } else {
            let mut i = start;
            loop {
                let Some(off) = memchr::memchr(b'<', &b[i..]) else {
                    break b.len();
                };
                let lt = i + off;
                if b.get(lt + 1) == Some(&b'/') && names_tag(b, lt + 2, end_name) {
                    break lt;
                }
                i = lt + 1;
            }
        };
        self.pos = end;
        let text = &self.src[start..end];
        let text = if references {
            decode(text, false, false)
        } else if memchr::memchr2(b'\r', b'\0', text.as_bytes()).is_some() {
            Cow::Owned(
                text.replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .replace('\0', "\u{fffd}"),
            )
        } else {
            Cow::Borrowed(text)
        };
        Token::RawText(text)
    }
}

/// Whether the bytes at `at` are the tag name `name` (any case), ended
/// as a tag name ends.
fn names_tag(b: &[u8], at: usize, name: &str) -> bool {
    let end = at + name.len();
    b.len() >= end
        && b[at..end].eq_ignore_ascii_case(name.as_bytes())
        && b.get(end)
            .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// Where a script's content that starts at `start` ends: at its
/// `</script>`, unless that is inside a `<!-- … <script> … -->` stretch,
/// where HTML5 takes it for the end of a script the script writes
/// (`document.write('<script …></script>')`).
fn script_end(b: &[u8], start: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = start;
    loop {
        let found = if state == State::Data {
            memchr::memchr(b'<', &b[i..])
        } else {
            memchr::memchr2(b'<', b'-', &b[i..])
        };
        let Some(off) = found else {
            return b.len();
        };
        let at = i + off;
        i = at + 1;
        if b[at] == b'-' {
            if b[at..].starts_with(b"-->") {
                state = State::Data;
                i = at + 3;
            }
            continue;
        }
        if state == State::Data && b[at + 1..].starts_with(b"!--") {
            state = State::Escaped;
            i = at + 4;
        } else if b.get(at + 1) == Some(&b'/') && names_tag(b, at + 2, "script") {
            if state != State::DoubleEscaped {
                return at;
            }
            state = State::Escaped;
        } else if state == State::Escaped && names_tag(b, at + 1, "script") {
            state = State::DoubleEscaped;
        }
    }
}

/// Whether a doctype (the text after `<!DOCTYPE`) puts a page in quirks
/// mode, where a `<table>` does not close an open `<p>`: a name other than
/// `html`, or one of the legacy public identifiers.
fn is_quirks(doctype: &str) -> bool {
    let d = doctype.trim().to_ascii_lowercase();
    let mut words = d.split_ascii_whitespace();
    if words.next() != Some("html") {
        return true;
    }
    let public = d.find("public").map(|p| d[p + 6..].trim_start());
    let Some(public) = public else {
        return false;
    };
    let id = public.trim_start_matches(['"', '\'']);
    let has_system = id.matches(['"', '\'']).count() >= 3;
    const QUIRKY: &[&str] = &[
        "-//w3c//dtd html 3",
        "-//w3c//dtd html 2",
        "-//ietf//dtd html",
        "-//w3o//dtd w3 html",
        "-//w3c//dtd w3 html",
        "-//netscape comm. corp.//dtd",
        "-//microsoft//dtd internet explorer",
        "-//webtechs//dtd mozilla html",
        "-//softquad",
        "-//metrius//dtd metrius presentational//",
    ];
    QUIRKY.iter().any(|q| id.starts_with(q))
        || (!has_system
            && (id.starts_with("-//w3c//dtd html 4.01 transitional//")
                || id.starts_with("-//w3c//dtd html 4.01 frameset//")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<String> {
        let mut lexer = Lexer::new(html, false);
        let mut out = Vec::new();
        while let Some(t) = lexer.next() {
            out.push(match t {
                Token::Start { self_closing } => {
                    let attrs: Vec<String> = (lexer.attrs.iter())
                        .map(|(n, v)| format!("{n}={v}"))
                        .collect();
                    let slash = if self_closing { "/" } else { "" };
                    format!("<{}{}{slash}>", lexer.name, attrs.join(","))
                }
                Token::End => format!("</{}>", lexer.name),
                Token::Text(t) => format!("'{t}'"),
                Token::RawText(t) => format!("raw'{t}'"),
                Token::Comment => "#".into(),
                Token::Doctype { quirks } => format!("doctype quirks={quirks}"),
            });
        }
        out
    }

    #[test]
    fn tags_text_and_attributes() {
        assert_eq!(
            tokens(
                r#"<!DOCTYPE html><P Class="a b" id=x hidden class=c data-v='1>2'>one &amp; two<br/></p>"#
            ),
            [
                "doctype quirks=false",
                "<pclass=a b,id=x,hidden=,data-v=1>2>",
                "'one & two'",
                "<br/>",
                "</p>"
            ]
        );
    }

    #[test]
    fn stray_less_than_signs_are_text() {
        assert_eq!(tokens("a < b <3 c<"), ["'a < b <3 c<'"]);
        assert_eq!(tokens("x</>y</ 3>z"), ["'x'", "'y'", "#", "'z'"]);
    }

    #[test]
    fn raw_text_is_not_tokenised() {
        assert_eq!(
            tokens("<script>if (a<b) '</div>';</SCRIPT ><p>x"),
            [
                "<script>",
                "raw'if (a<b) '</div>';'",
                "</script>",
                "<p>",
                "'x'"
            ]
        );
        assert_eq!(
            tokens("<title>A &amp; <b>B</title>"),
            ["<title>", "raw'A & <b>B'", "</title>"]
        );
        assert_eq!(tokens("<style>p{}"), ["<style>", "raw'p{}'"]);
        // A script that writes a script: its `</script>` is its own.
        let written = "<!-- document.write('<script src=x></script>'); -->";
        assert_eq!(
            tokens(&format!("<script>{written}</script>t")),
            ["<script>", &format!("raw'{written}'"), "</script>", "'t'"]
        );
    }

    #[test]
    fn comments_and_declarations() {
        assert_eq!(
            tokens("a<!-- <p>x</p> -->b<!---->c<!-->d<?php x ?>e<!x>f"),
            ["'a'", "#", "'b'", "#", "'c'", "#", "'d'", "#", "'e'", "#", "'f'"]
        );
        assert_eq!(tokens("a<!-- never closed <p>"), ["'a'", "#"]);
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_the_page_is_dropped() {
        assert_eq!(tokens("text<p class=\"never"), ["'text'"]);
        assert_eq!(tokens("text<div"), ["'text'"]);
    }

    #[test]
    fn quirks_mode_follows_the_doctype() {
        let quirks = |d: &str| tokens(d)[0].clone();
        assert_eq!(quirks("<!doctype html>"), "doctype quirks=false");
        assert_eq!(
            quirks(r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">"#),
            "doctype quirks=true"
        );
        assert_eq!(
            quirks(
                r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">"#
            ),
            "doctype quirks=false"
        );
    }
}
