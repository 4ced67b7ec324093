//! The stream front end's tree construction, without a tree: a stack of
//! open elements and the insertion modes of the HTML5 tree builder, as far
//! as they decide where elements start and end and so where text and
//! blocks break. Tokens from the [`Lexer`] become [`Ev`]ents for the
//! [`super::walker::Reader`].
//!
//! What is applied: the implied `html`, `head` and `body`; head content;
//! implied end tags (`p` closed by block elements, `li`, `dt`/`dd`,
//! headings, `option`), end tags matched through scopes and ignored when
//! nothing matches, `</p>` and `</br>` without a start; tables (implied
//! `tbody` and `tr`, cells closing cells, rows closing rows, `<table>` in
//! a table); `select`; void elements; foreign content (`svg`, `math`:
//! self-closing tags, and the HTML tags that break out of it); quirks mode
//! for `<table>` in `<p>`. What is not, as it does not change the text:
//! the reconstruction of formatting elements and foster parenting (text
//! stray in a table stays where it is written). A formatting element
//! closed while block elements inside it are open is detached instead of
//! run through the adoption agency: what follows is no longer inside it.

use std::borrow::Cow;
use std::collections::VecDeque;

use super::lexer::{Lexer, Token};
use super::names::is_void_name;
use super::walker::Attr;

/// An event for the reader.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ev<'a> {
    /// An element opens. `attrs`: whether the lexer's attributes are its
    /// own (false for elements the builder implies; an implied body has
    /// [`Builder::body_attrs`]). A void element never gets an `End`.
    Start {
        name: Cow<'a, str>,
        node: u32,
        void: bool,
        attrs: bool,
    },
    /// The element `node` closes: it is the innermost open one.
    End { node: u32 },
    /// The element `node` closes while elements inside it stay open.
    Detach { node: u32 },
    /// Text; `code` when it is the content of a script or style, which the
    /// share of a page's text does not count.
    Text { text: Cow<'a, str>, code: bool },
}

/// Nesting beyond which a page is read without its DOM: scope checks walk
/// the stack, so pathological nesting would cost the square of its depth.
pub(super) const MAX_DEPTH: usize = 2_000;

/// Where the builder is in the document (HTML5's insertion modes, those
/// that decide where elements go).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Initial,
    BeforeHead,
    InHead,
    InHeadNoscript,
    AfterHead,
    InBody,
    InTable,
    InTableBody,
    InRow,
    InCell,
    InCaption,
    InColumnGroup,
    InSelect,
}

#[derive(Debug, Clone)]
struct Node<'a> {
    name: Cow<'a, str>,
    id: u32,
    /// In SVG or MathML.
    foreign: bool,
}

/// The page ended inside more than [`MAX_DEPTH`] open elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooDeep;

#[derive(Clone)]
pub(super) struct Builder<'a> {
    lexer: Lexer<'a>,
    stack: Vec<Node<'a>>,
    queue: VecDeque<Ev<'a>>,
    mode: Mode,
    quirks: bool,
    /// Text read since the last event, merged as the tree merges adjacent
    /// text into one node.
    text: Option<Cow<'a, str>>,
    text_is_code: bool,
    nodes: u32,
    /// Characters of trimmed text handed out so far, scripts and styles
    /// left out: what the share of a hidden element is measured against.
    pub(super) text_seen: usize,
    /// Open elements of a name, for the names whose scope is asked about
    /// on every start tag: most answers are "none open" at no cost.
    open_p: usize,
    open_table: usize,
    open_select: usize,
    open_foreign: usize,
    open_a: usize,
    open_template: usize,
    body_attrs: Vec<Attr<'a>>,
    too_deep: bool,
    scripting: bool,
}

/// Start tags that close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "xmp"
            | "hr"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// HTML5's "special" elements: an end tag for something else does not
/// reach past them.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// An element that never has content (names here are lower case).
fn is_void(name: &str) -> bool {
    is_void_name(name.as_bytes())
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements whose end tag may be implied (HTML5's "generate implied end
/// tags").
fn end_is_implied(name: &str) -> bool {
    matches!(
        name,
        "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt" | "rtc"
    )
}

/// Table structure: these start tags end a cell or caption, and in a
/// table they are what the table modes handle.
fn is_table_part(name: &str) -> bool {
    matches!(
        name,
        "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
    )
}

/// The HTML start tags that end SVG or MathML content.
fn breaks_out_of_foreign(name: &str, attrs: &[Attr<'_>]) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    ) || (name == "font"
        && attrs
            .iter()
            .any(|(n, _)| matches!(&**n, "color" | "face" | "size")))
}

/// Which elements bound a scope (HTML5's "has an element in scope").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

fn bounds(scope: Scope, name: &str) -> bool {
    let default = || {
        matches!(
            name,
            "applet"
                | "caption"
                | "html"
                | "table"
                | "td"
                | "th"
                | "marquee"
                | "object"
                | "template"
        )
    };
    match scope {
        Scope::Default => default(),
        Scope::ListItem => default() || name == "ol" || name == "ul",
        Scope::Button => default() || name == "button",
        Scope::Table => matches!(name, "html" | "table" | "template"),
    }
}

impl<'a> Builder<'a> {
    /// A builder over a page; `scripting` as the browser whose reading is
    /// wanted (off: `<noscript>` content is markup).
    pub(super) fn new(src: &'a str, scripting: bool) -> Builder<'a> {
        Builder {
            lexer: Lexer::new(src, scripting),
            stack: Vec::new(),
            queue: VecDeque::new(),
            mode: Mode::Initial,
            quirks: true,
            text: None,
            text_is_code: false,
            nodes: 0,
            text_seen: 0,
            open_p: 0,
            open_table: 0,
            open_select: 0,
            open_foreign: 0,
            open_a: 0,
            open_template: 0,
            body_attrs: Vec::new(),
            too_deep: false,
            scripting,
        }
    }

    /// The attributes of the last `Start` event whose `attrs` is true.
    pub(super) fn attrs(&self) -> &[Attr<'a>] {
        &self.lexer.attrs
    }

    /// The next event; `Err` when the page nests too deep to read this way.
    pub(super) fn next(&mut self) -> Result<Option<Ev<'a>>, TooDeep> {
        loop {
            if self.too_deep {
                return Err(TooDeep);
            }
            if let Some(ev) = self.queue.pop_front() {
                if let Ev::Text { text, code: false } = &ev {
                    self.text_seen += text.trim().len();
                }
                return Ok(Some(ev));
            }
            match self.lexer.next() {
                Some(token) => self.token(token),
                None => {
                    if self.stack.is_empty() && self.mode != Mode::Initial {
                        return Ok(None);
                    }
                    self.end_of_page();
                    if self.queue.is_empty() {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Reads on until the element `node` has closed; the characters of
    /// text read on the way.
    pub(super) fn skip_element(&mut self, node: u32) -> Result<usize, TooDeep> {
        let before = self.text_seen;
        while let Some(ev) = self.next()? {
            if let Ev::End { node: n } | Ev::Detach { node: n } = ev {
                if n == node {
                    break;
                }
            }
        }
        Ok(self.text_seen - before)
    }

    /// Reads to the end of the page; the characters of text on the way.
    pub(super) fn skip_rest(&mut self) -> Result<usize, TooDeep> {
        let before = self.text_seen;
        while self.next()?.is_some() {}
        Ok(self.text_seen - before)
    }

    fn end_of_page(&mut self) {
        self.open_body();
        self.flush_text();
        while !self.stack.is_empty() {
            self.pop();
        }
    }

    // ---- the stack and the events ----

    fn flush_text(&mut self) {
        if let Some(text) = self.text.take() {
            self.queue.push_back(Ev::Text {
                text,
                code: self.text_is_code,
            });
        }
    }

    fn add_text(&mut self, text: Cow<'a, str>) {
        let code = self
            .stack
            .last()
            .is_some_and(|n| n.name == "script" || n.name == "style");
        match &mut self.text {
            None => {
                self.text = Some(text);
                self.text_is_code = code;
            }
            Some(t) => t.to_mut().push_str(&text),
        }
    }

    fn count(&mut self, name: &str, by: isize) {
        let slot = match name {
            "p" => &mut self.open_p,
            "table" => &mut self.open_table,
            "select" => &mut self.open_select,
            "a" => &mut self.open_a,
            "template" => &mut self.open_template,
            _ => return,
        };
        *slot = slot.saturating_add_signed(by);
    }

    fn push(&mut self, name: Cow<'a, str>, attrs: bool, foreign: bool) -> u32 {
        self.flush_text();
        self.nodes += 1;
        let id = self.nodes;
        self.count(&name, 1);
        if foreign {
            self.open_foreign += 1;
        }
        self.queue.push_back(Ev::Start {
            name: name.clone(),
            node: id,
            void: false,
            attrs,
        });
        self.stack.push(Node { name, id, foreign });
        if self.stack.len() > MAX_DEPTH {
            self.too_deep = true;
        }
        id
    }

    fn implied_start(&mut self, name: &'static str) {
        if name == "body" {
            self.body_attrs = self.lexer.later_body_attrs();
        }
        self.push(Cow::Borrowed(name), false, false);
    }

    /// The attributes of the body when it was implied: those of a
    /// `<body>` tag further on, which the tree gives the body it made.
    pub(super) fn body_attrs(&self) -> &[Attr<'a>] {
        &self.body_attrs
    }

    fn void(&mut self, name: Cow<'a, str>, attrs: bool) {
        self.flush_text();
        self.nodes += 1;
        self.queue.push_back(Ev::Start {
            name,
            node: self.nodes,
            void: true,
            attrs,
        });
    }

    fn pop(&mut self) {
        self.flush_text();
        if let Some(node) = self.stack.pop() {
            self.count(&node.name, -1);
            if node.foreign {
                self.open_foreign -= 1;
            }
            self.queue.push_back(Ev::End { node: node.id });
        }
    }

    /// Pops up to and including the innermost element of that name.
    fn pop_until(&mut self, name: &str) {
        while let Some(top) = self.stack.last() {
            let done = top.name == name;
            self.pop();
            if done {
                break;
            }
        }
    }

    fn pop_until_any(&mut self, names: &[&str]) {
        while let Some(top) = self.stack.last() {
            let done = names.contains(&&*top.name);
            self.pop();
            if done {
                break;
            }
        }
    }

    fn top_is(&self, name: &str) -> bool {
        self.stack.last().is_some_and(|n| n.name == name)
    }

    fn in_scope(&self, name: &str, scope: Scope) -> bool {
        let none_open = match name {
            "p" => self.open_p == 0,
            "table" => self.open_table == 0,
            "select" => self.open_select == 0,
            "a" => self.open_a == 0,
            _ => false,
        };
        if none_open {
            return false;
        }
        for node in self.stack.iter().rev() {
            if node.name == name {
                return true;
            }
            if bounds(scope, &node.name) {
                return false;
            }
        }
        false
    }

    fn any_in_scope(&self, names: &[&str], scope: Scope) -> bool {
        for node in self.stack.iter().rev() {
            if names.contains(&&*node.name) {
                return true;
            }
            if bounds(scope, &node.name) {
                return false;
            }
        }
        false
    }

    fn implied_end_tags(&mut self, except: &str) {
        while let Some(top) = self.stack.last() {
            if top.name == except || !end_is_implied(&top.name) {
                break;
            }
            self.pop();
        }
    }

    fn close_p(&mut self) {
        if self.in_scope("p", Scope::Button) {
            self.implied_end_tags("p");
            self.pop_until("p");
        }
    }

    /// HTML5's "reset the insertion mode appropriately", after table or
    /// select elements closed.
    fn reset_mode(&mut self) {
        for node in self.stack.iter().rev() {
            self.mode = match &*node.name {
                "select" => Mode::InSelect,
                "td" | "th" => Mode::InCell,
                "tr" => Mode::InRow,
                "tbody" | "thead" | "tfoot" => Mode::InTableBody,
                "caption" => Mode::InCaption,
                "colgroup" => Mode::InColumnGroup,
                "table" => Mode::InTable,
                "body" | "html" | "template" => Mode::InBody,
                _ => continue,
            };
            return;
        }
        self.mode = Mode::InBody;
    }

    // ---- tokens ----

    fn token(&mut self, token: Token<'a>) {
        match token {
            Token::Doctype { quirks } => {
                if self.mode == Mode::Initial {
                    self.quirks = quirks;
                }
            }
            Token::Comment => {
                // A comment is a node: text on either side stays apart.
                self.flush_text();
            }
            Token::Text(text) | Token::RawText(text) => self.text_token(text),
            Token::Start { self_closing } => {
                let name = self.lexer.name.clone();
                self.start(name, self_closing);
            }
            Token::End => {
                let name = self.lexer.name.clone();
                self.end(name);
            }
        }
    }

    fn text_token(&mut self, text: Cow<'a, str>) {
        let blank = text.bytes().all(|c| c.is_ascii_whitespace());
        if self.open_template > 0 {
            return self.add_text(text);
        }
        match self.mode {
            Mode::Initial | Mode::BeforeHead if blank => {}
            Mode::Initial
            | Mode::BeforeHead
            | Mode::InHead
            | Mode::InHeadNoscript
            | Mode::AfterHead
                if !blank && !self.in_raw_text() =>
            {
                self.open_body();
                self.add_text(text);
            }
            Mode::InColumnGroup if !blank => {
                if self.top_is("colgroup") {
                    self.pop();
                }
                self.mode = Mode::InTable;
                self.add_text(text);
            }
            _ => self.add_text(text),
        }
    }

    /// Whether the current node reads its content as raw text (a title,
    /// script or style in the head).
    fn in_raw_text(&self) -> bool {
        self.stack.last().is_some_and(|n| {
            matches!(
                &*n.name,
                "title" | "script" | "style" | "noframes" | "textarea" | "xmp" | "iframe"
            ) || (n.name == "noscript" && self.scripting)
        })
    }

    /// Everything before the body is implied: `html`, `head`, `body`.
    fn open_body(&mut self) {
        if self.mode == Mode::Initial {
            self.implied_start("html");
            self.mode = Mode::BeforeHead;
        }
        if self.mode == Mode::BeforeHead {
            self.implied_start("head");
            self.mode = Mode::InHead;
        }
        if matches!(self.mode, Mode::InHead | Mode::InHeadNoscript) {
            self.pop_until("head");
            self.mode = Mode::AfterHead;
        }
        if self.mode == Mode::AfterHead {
            self.implied_start("body");
            self.mode = Mode::InBody;
        }
    }

    fn start(&mut self, name: Cow<'a, str>, self_closing: bool) {
        // Content of SVG and MathML.
        if self.open_foreign > 0 && self.stack.last().is_some_and(|n| n.foreign) {
            if breaks_out_of_foreign(&name, &self.lexer.attrs) {
                while self.stack.last().is_some_and(|n| n.foreign) {
                    self.pop();
                }
            } else {
                if self_closing {
                    self.void(name, true);
                } else {
                    self.push(name, true, true);
                }
                return;
            }
        }
        if self.open_template > 0 {
            // A template's content is a document of its own: where it
            // ends is all that matters here.
            if is_void(&name) {
                self.void(name, true);
            } else {
                self.push(name, true, false);
            }
            return;
        }
        match self.mode {
            Mode::Initial
            | Mode::BeforeHead
            | Mode::InHead
            | Mode::InHeadNoscript
            | Mode::AfterHead => self.start_before_body(name, self_closing),
            Mode::InBody | Mode::InCaption | Mode::InCell | Mode::InSelect => {
                self.start_in_body(name, self_closing)
            }
            Mode::InTable | Mode::InTableBody | Mode::InRow | Mode::InColumnGroup => {
                self.start_in_table(name, self_closing)
            }
        }
    }

    fn start_before_body(&mut self, name: Cow<'a, str>, self_closing: bool) {
        if self.mode == Mode::Initial {
            if name == "html" {
                self.push(name, true, false);
                self.mode = Mode::BeforeHead;
                return;
            }
            self.implied_start("html");
            self.mode = Mode::BeforeHead;
        }
        if self.mode == Mode::BeforeHead {
            match &*name {
                "html" => return,
                "head" => {
                    self.push(name, true, false);
                    self.mode = Mode::InHead;
                    return;
                }
                _ => {
                    self.implied_start("head");
                    self.mode = Mode::InHead;
                }
            }
        }
        let head_content = matches!(
            &*name,
            "base"
                | "basefont"
                | "bgsound"
                | "link"
                | "meta"
                | "title"
                | "noscript"
                | "noframes"
                | "style"
                | "script"
                | "template"
        );
        if self.mode == Mode::InHeadNoscript {
            match &*name {
                "basefont" | "bgsound" | "link" | "meta" | "noframes" | "style" => {}
                "head" | "noscript" => return,
                _ => {
                    self.pop_until("noscript");
                    self.mode = Mode::InHead;
                }
            }
        }
        if self.mode == Mode::AfterHead {
            if name == "body" {
                self.push(name, true, false);
                self.mode = Mode::InBody;
                return;
            }
            if head_content {
                // Late head content goes to the head.
                self.implied_start("head");
                let void = is_void(&name);
                self.mode = Mode::InHead;
                self.start_in_head(name);
                if void {
                    self.pop_until("head");
                    self.mode = Mode::AfterHead;
                }
                return;
            }
            if name == "head" || name == "html" {
                return;
            }
            self.implied_start("body");
            self.mode = Mode::InBody;
            return self.start(name, self_closing);
        }
        // In the head.
        if head_content {
            return self.start_in_head(name);
        }
        match &*name {
            "html" | "head" => {}
            _ => {
                self.pop_until("head");
                self.mode = Mode::AfterHead;
                self.start(name, self_closing);
            }
        }
    }

    fn start_in_head(&mut self, name: Cow<'a, str>) {
        if is_void(&name) {
            return self.void(name, true);
        }
        let noscript = name == "noscript" && !self.scripting;
        self.push(name, true, false);
        if noscript && self.mode == Mode::InHead {
            self.mode = Mode::InHeadNoscript;
        }
    }

    fn start_in_body(&mut self, name: Cow<'a, str>, self_closing: bool) {
        match self.mode {
            Mode::InSelect => return self.start_in_select(name, self_closing),
            Mode::InCaption if is_table_part(&name) => {
                if self.in_scope("caption", Scope::Table) {
                    self.implied_end_tags("");
                    self.pop_until("caption");
                    self.mode = Mode::InTable;
                    return self.start(name, self_closing);
                }
                return;
            }
            Mode::InCell if is_table_part(&name) => {
                if self.any_in_scope(&["td", "th"], Scope::Table) {
                    self.close_cell();
                    return self.start(name, self_closing);
                }
                return;
            }
            _ => {}
        }
        let n = &*name;
        match n {
            "html" | "head" | "body" | "frameset" => {}
            "base" | "basefont" | "bgsound" | "link" | "meta" => self.void(name, true),
            "li" | "dd" | "dt" => {
                let stops: &[&str] = if n == "li" { &["li"] } else { &["dd", "dt"] };
                let mut found = None;
                for node in self.stack.iter().rev() {
                    if stops.contains(&&*node.name) {
                        found = Some(node.name.clone());
                        break;
                    }
                    if is_special(&node.name) && !matches!(&*node.name, "address" | "div" | "p") {
                        break;
                    }
                }
                if let Some(open) = found {
                    self.implied_end_tags(&open);
                    self.pop_until(&open);
                }
                self.close_p();
                self.push(name, true, false);
            }
            _ if is_heading(n) => {
                self.close_p();
                if self.stack.last().is_some_and(|t| is_heading(&t.name)) {
                    self.pop();
                }
                self.push(name, true, false);
            }
            "hr" => {
                self.close_p();
                self.void(name, true);
            }
            _ if closes_p(n) => {
                self.close_p();
                self.push(name, true, false);
            }
            "button" => {
                if self.in_scope("button", Scope::Default) {
                    self.implied_end_tags("");
                    self.pop_until("button");
                }
                self.push(name, true, false);
            }
            "a" => {
                if self.open_a > 0 {
                    self.end_formatting("a");
                }
                self.push(name, true, false);
            }
            "table" => {
                if !self.quirks {
                    self.close_p();
                }
                self.push(name, true, false);
                self.mode = Mode::InTable;
            }
            "image" => self.void(Cow::Borrowed("img"), true),
            _ if is_void(n) => self.void(name, true),
            "select" => {
                self.push(name, true, false);
                self.mode = Mode::InSelect;
            }
            "option" | "optgroup" => {
                if self.top_is("option") {
                    self.pop();
                }
                self.push(name, true, false);
            }
            "svg" | "math" => {
                if self_closing {
                    self.void(name, true);
                } else {
                    self.push(name, true, true);
                }
            }
            _ if is_table_part(n) => {}
            _ => {
                self.push(name, true, false);
            }
        }
    }

    fn start_in_select(&mut self, name: Cow<'a, str>, self_closing: bool) {
        match &*name {
            "option" | "optgroup" | "hr" => {
                // An option ends at the next; a group at the next group.
                if self.top_is("option") {
                    self.pop();
                }
                if name != "option" && self.top_is("optgroup") {
                    self.pop();
                }
                if name == "hr" {
                    self.void(name, true);
                } else {
                    self.push(name, true, false);
                }
            }
            "select" => self.close_select(),
            "input" | "keygen" | "textarea" => {
                self.close_select();
                self.start(name, self_closing);
            }
            "caption" | "table" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th"
                if self.open_table > 0 =>
            {
                self.close_select();
                self.start(name, self_closing);
            }
            "script" | "template" | "style" => {
                self.push(name, true, false);
            }
            _ => {
                // Ignored; a raw-text tag must not make the lexer skip.
                self.lexer.markup_only();
            }
        }
    }

    fn close_select(&mut self) {
        if self.in_scope("select", Scope::Table) || self.open_select > 0 {
            self.pop_until("select");
            self.reset_mode();
        }
    }

    fn close_cell(&mut self) {
        self.implied_end_tags("");
        self.pop_until_any(&["td", "th"]);
        self.mode = Mode::InRow;
    }

    /// Pops to a table, table body or row context.
    fn clear_to(&mut self, context: &[&str]) {
        while let Some(top) = self.stack.last() {
            if context.contains(&&*top.name) || top.name == "html" || top.name == "template" {
                break;
            }
            self.pop();
        }
    }

    fn start_in_table(&mut self, name: Cow<'a, str>, self_closing: bool) {
        const TABLE: &[&str] = &["table"];
        const BODY: &[&str] = &["tbody", "thead", "tfoot"];
        const ROW: &[&str] = &["tr"];
        if self.mode == Mode::InColumnGroup {
            if name == "col" {
                return self.void(name, true);
            }
            if self.top_is("colgroup") {
                self.pop();
            }
            self.mode = Mode::InTable;
        }
        let n = &*name;
        match (self.mode, n) {
            (Mode::InRow, "td" | "th") => {
                self.clear_to(ROW);
                self.push(name, true, false);
                self.mode = Mode::InCell;
            }
            (Mode::InRow, _) if is_table_part(n) => {
                if self.in_scope("tr", Scope::Table) {
                    self.clear_to(ROW);
                    self.pop();
                    self.mode = Mode::InTableBody;
                    self.start(name, self_closing);
                }
            }
            (Mode::InTableBody, "tr") => {
                self.clear_to(BODY);
                self.push(name, true, false);
                self.mode = Mode::InRow;
            }
            (Mode::InTableBody, "td" | "th") => {
                self.clear_to(BODY);
                self.implied_start("tr");
                self.mode = Mode::InRow;
                self.start(name, self_closing);
            }
            (Mode::InTableBody, "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead") => {
                if self.any_in_scope(BODY, Scope::Table) {
                    self.clear_to(BODY);
                    self.pop();
                    self.mode = Mode::InTable;
                    self.start(name, self_closing);
                }
            }
            (Mode::InRow | Mode::InTableBody, "table") => {
                self.pop_to_table_mode();
                self.start(name, self_closing);
            }
            (_, "caption") => {
                self.clear_to(TABLE);
                self.push(name, true, false);
                self.mode = Mode::InCaption;
            }
            (_, "colgroup") => {
                self.clear_to(TABLE);
                self.push(name, true, false);
                self.mode = Mode::InColumnGroup;
            }
            (_, "col") => {
                self.clear_to(TABLE);
                self.implied_start("colgroup");
                self.void(name, true);
                self.mode = Mode::InColumnGroup;
            }
            (_, "tbody" | "tfoot" | "thead") => {
                self.clear_to(TABLE);
                self.push(name, true, false);
                self.mode = Mode::InTableBody;
            }
            (_, "td" | "th" | "tr") => {
                self.clear_to(TABLE);
                self.implied_start("tbody");
                self.mode = Mode::InTableBody;
                self.start(name, self_closing);
            }
            (_, "table") => {
                if self.in_scope("table", Scope::Table) {
                    self.pop_until("table");
                    self.reset_mode();
                    self.start(name, self_closing);
                }
            }
            (_, "style" | "script" | "template") => {
                self.push(name, true, false);
            }
            (_, "input")
                if self
                    .lexer
                    .attrs
                    .iter()
                    .any(|(k, v)| k == "type" && v.eq_ignore_ascii_case("hidden")) =>
            {
                self.void(name, true)
            }
            (_, "form") => {
                // A form in a table holds nothing.
                self.void(name, true);
            }
            _ => {
                // Stray content of a table: a browser moves it before the
                // table; here it stays where it is written.
                let mode = self.mode;
                self.mode = Mode::InBody;
                self.start_in_body(name, self_closing);
                if self.mode == Mode::InBody {
                    self.mode = mode;
                }
            }
        }
    }

    /// From a row or table body, back to the table: a `<table>` or
    /// `</table>` in it ends them.
    fn pop_to_table_mode(&mut self) {
        if self.mode == Mode::InRow && self.in_scope("tr", Scope::Table) {
            self.clear_to(&["tr"]);
            self.pop();
            self.mode = Mode::InTableBody;
        }
        if self.mode == Mode::InTableBody
            && self.any_in_scope(&["tbody", "thead", "tfoot"], Scope::Table)
        {
            self.clear_to(&["tbody", "thead", "tfoot"]);
            self.pop();
            self.mode = Mode::InTable;
        }
    }

    fn end(&mut self, name: Cow<'a, str>) {
        let n = &*name;
        // Content of SVG and MathML: the innermost foreign element of the
        // name, if no HTML element is nearer.
        if self.open_foreign > 0 && self.stack.last().is_some_and(|t| t.foreign) {
            let pos = (self.stack.iter().rev())
                .take_while(|t| t.foreign)
                .position(|t| t.name.eq_ignore_ascii_case(n));
            if let Some(up) = pos {
                for _ in 0..=up {
                    self.pop();
                }
                return;
            }
        }
        if self.open_template > 0 {
            // Within the innermost template: the innermost element of the
            // name, if it is open there.
            let up = (self.stack.iter().rev())
                .position(|t| t.name == n || t.name == "template")
                .filter(|&up| self.stack[self.stack.len() - 1 - up].name == n);
            if let Some(up) = up {
                for _ in 0..=up {
                    self.pop();
                }
            }
            return;
        }
        match self.mode {
            Mode::Initial
            | Mode::BeforeHead
            | Mode::InHead
            | Mode::InHeadNoscript
            | Mode::AfterHead => self.end_before_body(name),
            Mode::InSelect => match n {
                "option" if self.top_is("option") => self.pop(),
                "optgroup" => {
                    if self.top_is("option")
                        && self.stack.len() >= 2
                        && self.stack[self.stack.len() - 2].name == "optgroup"
                    {
                        self.pop();
                    }
                    if self.top_is("optgroup") {
                        self.pop();
                    }
                }
                "select" => self.close_select(),
                "table" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th"
                    if self.open_table > 0 =>
                {
                    self.close_select();
                    self.end(name);
                }
                _ => {}
            },
            Mode::InCell => match n {
                "td" | "th" => {
                    if self.in_scope(n, Scope::Table) {
                        self.implied_end_tags("");
                        self.pop_until(n);
                        self.mode = Mode::InRow;
                    }
                }
                "table" | "tbody" | "tfoot" | "thead" | "tr" => {
                    if self.in_scope(n, Scope::Table) {
                        self.close_cell();
                        self.end(name);
                    }
                }
                "body" | "caption" | "col" | "colgroup" | "html" => {}
                _ => self.end_in_body(name),
            },
            Mode::InCaption => match n {
                "caption" | "table" => {
                    if self.in_scope("caption", Scope::Table) {
                        self.implied_end_tags("");
                        self.pop_until("caption");
                        self.mode = Mode::InTable;
                        if n == "table" {
                            self.end(name);
                        }
                    }
                }
                "body" | "col" | "colgroup" | "html" | "tbody" | "td" | "tfoot" | "th"
                | "thead" | "tr" => {}
                _ => self.end_in_body(name),
            },
            Mode::InTable | Mode::InTableBody | Mode::InRow | Mode::InColumnGroup => {
                self.end_in_table(name)
            }
            Mode::InBody => self.end_in_body(name),
        }
    }

    fn end_before_body(&mut self, name: Cow<'a, str>) {
        let n = &*name;
        match self.mode {
            Mode::Initial | Mode::BeforeHead => {
                if matches!(n, "head" | "body" | "html" | "br") {
                    self.open_body();
                    self.end(name);
                }
            }
            Mode::InHeadNoscript => match n {
                "noscript" => {
                    self.pop_until("noscript");
                    self.mode = Mode::InHead;
                }
                "br" => {
                    self.pop_until("noscript");
                    self.mode = Mode::InHead;
                    self.end(name);
                }
                _ => {}
            },
            Mode::InHead => {
                if self.top_is(n) && n != "head" && n != "html" {
                    // The end of a title, script or style.
                    self.pop();
                } else if n == "head" {
                    self.pop_until("head");
                    self.mode = Mode::AfterHead;
                } else if matches!(n, "body" | "html" | "br") {
                    self.open_body();
                    self.end(name);
                }
            }
            _ => {
                // After the head.
                if matches!(n, "body" | "html" | "br") {
                    self.open_body();
                    self.end(name);
                }
            }
        }
    }

    fn end_in_table(&mut self, name: Cow<'a, str>) {
        let n = &*name;
        if self.mode == Mode::InColumnGroup {
            match n {
                "colgroup" => {
                    if self.top_is("colgroup") {
                        self.pop();
                        self.mode = Mode::InTable;
                    }
                    return;
                }
                "col" => return,
                _ => {
                    if self.top_is("colgroup") {
                        self.pop();
                    }
                    self.mode = Mode::InTable;
                }
            }
        }
        match (self.mode, n) {
            (Mode::InRow, "tr") => {
                if self.in_scope("tr", Scope::Table) {
                    self.clear_to(&["tr"]);
                    self.pop();
                    self.mode = Mode::InTableBody;
                }
            }
            (Mode::InRow, "tbody" | "tfoot" | "thead") => {
                if self.in_scope(n, Scope::Table) && self.in_scope("tr", Scope::Table) {
                    self.clear_to(&["tr"]);
                    self.pop();
                    self.mode = Mode::InTableBody;
                    self.end(name);
                }
            }
            (Mode::InTableBody, "tbody" | "tfoot" | "thead") => {
                if self.in_scope(n, Scope::Table) {
                    self.clear_to(&["tbody", "thead", "tfoot"]);
                    self.pop();
                    self.mode = Mode::InTable;
                }
            }
            (_, "table") => {
                self.pop_to_table_mode();
                if self.in_scope("table", Scope::Table) {
                    self.pop_until("table");
                    self.reset_mode();
                }
            }
            (
                _,
                "body" | "caption" | "col" | "colgroup" | "html" | "tbody" | "td" | "tfoot" | "th"
                | "thead" | "tr",
            ) => {}
            _ => self.end_in_body(name),
        }
    }

    fn end_in_body(&mut self, name: Cow<'a, str>) {
        let n = &*name;
        match n {
            // Content after `</body>` and `</html>` still goes in the body.
            "body" | "html" => {}
            "p" => {
                if !self.in_scope("p", Scope::Button) {
                    // `</p>` with no `<p>`: an empty paragraph.
                    self.push(Cow::Borrowed("p"), false, false);
                }
                self.implied_end_tags("p");
                self.pop_until("p");
            }
            "li" => {
                if self.in_scope("li", Scope::ListItem) {
                    self.implied_end_tags("li");
                    self.pop_until("li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(n, Scope::Default) {
                    self.implied_end_tags(n);
                    self.pop_until(n);
                }
            }
            "br" => self.void(Cow::Borrowed("br"), false),
            _ if is_heading(n) => {
                const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
                if self.any_in_scope(HEADINGS, Scope::Default) {
                    self.implied_end_tags("");
                    self.pop_until_any(HEADINGS);
                }
            }
            _ if is_formatting(n) => self.end_formatting(n),
            _ if is_special(n) => {
                if self.in_scope(n, Scope::Default) {
                    self.implied_end_tags("");
                    self.pop_until(n);
                    if matches!(n, "select" | "table") {
                        self.reset_mode();
                    }
                }
            }
            _ => self.end_other(n),
        }
    }

    /// A formatting element's end tag: it closes the innermost open one,
    /// with the inline elements inside it; if block elements are open
    /// inside it, it alone is detached and they stay open.
    fn end_formatting(&mut self, name: &str) {
        let mut pos = None;
        for (i, node) in self.stack.iter().enumerate().rev() {
            if node.name == name {
                pos = Some(i);
                break;
            }
            if bounds(Scope::Default, &node.name) {
                break;
            }
        }
        let Some(pos) = pos else { return };
        let blocks_inside = self.stack[pos + 1..].iter().any(|n| is_special(&n.name));
        if blocks_inside {
            self.flush_text();
            let node = self.stack.remove(pos);
            self.count(&node.name, -1);
            self.queue.push_back(Ev::Detach { node: node.id });
        } else {
            while self.stack.len() > pos {
                self.pop();
            }
        }
    }

    /// Any other end tag: the innermost open element of the name, unless a
    /// special element is nearer.
    fn end_other(&mut self, name: &str) {
        let mut pos = None;
        for (i, node) in self.stack.iter().enumerate().rev() {
            if node.name == name {
                pos = Some(i);
                break;
            }
            if is_special(&node.name) {
                return;
            }
        }
        if let Some(pos) = pos {
            self.implied_end_tags(name);
            while self.stack.len() > pos {
                self.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree the events describe, as nested names and text.
    fn tree(html: &str) -> String {
        let mut b = Builder::new(html, false);
        let mut out = String::new();
        let mut names = std::collections::HashMap::new();
        while let Some(ev) = b.next().unwrap() {
            match ev {
                Ev::Start {
                    name, node, void, ..
                } => {
                    out.push_str(&format!("<{name}>"));
                    if void {
                        continue;
                    }
                    names.insert(node, name.to_string());
                }
                Ev::End { node } => out.push_str(&format!("</{}>", names[&node])),
                Ev::Detach { node } => out.push_str(&format!("</{}!>", names[&node])),
                Ev::Text { text, .. } => out.push_str(&text),
            }
        }
        out
    }

    #[test]
    fn html_head_and_body_are_implied() {
        assert_eq!(
            tree("<title>T</title>x"),
            "<html><head><title>T</title></head><body>x</body></html>"
        );
        assert_eq!(tree(""), "<html><head></head><body></body></html>");
    }

    #[test]
    fn paragraphs_and_list_items_close_implicitly() {
        let body = |h: &str| {
            let t = tree(&format!("<!doctype html><body>{h}"));
            t.trim_start_matches("<html><head></head><body>")
                .trim_end_matches("</body></html>")
                .to_string()
        };
        assert_eq!(body("<p>a<p>b<div>c</div>"), "<p>a</p><p>b</p><div>c</div>");
        assert_eq!(body("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(body("a</p>b"), "a<p></p>b");
        assert_eq!(body("<h1>a<h2>b"), "<h1>a</h1><h2>b</h2>");
        assert_eq!(body("<div>a</span>b</div>"), "<div>ab</div>");
        assert_eq!(
            body("<table><td>a<td>b<tr><td>c</table>"),
            "<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>"
        );
        assert_eq!(body("<p>a<table>"), "<p>a</p><table></table>");
        assert_eq!(
            body("<template><li>a</div><p>b</template>c"),
            "<template><li>a<p>b</p></li></template>c"
        );
        assert_eq!(
            body("<svg><path/><g><p>x"),
            "<svg><path><g></g></svg><p>x</p>"
        );
        assert_eq!(body("<a href=x><div>a</a>b</div>"), "<a><div>a</a!>b</div>");
        assert_eq!(
            body("<select><div>x</div><option>a<option>b</select>c"),
            "<select>x<option>a</option><option>b</option></select>c"
        );
    }

    #[test]
    fn a_template_in_the_head_keeps_the_head_open() {
        assert_eq!(
            tree("<head><template><div>x</div></template><title>T</title></head><p>y"),
            "<html><head><template><div>x</div></template><title>T</title></head><body><p>y</p></body></html>"
        );
    }

    #[test]
    fn quirks_mode_keeps_a_table_in_its_paragraph() {
        let t = tree("<p>a<table><tr><td>b</table>");
        assert!(t.contains("<p>a<table>"), "{t}");
    }

    #[test]
    fn a_million_unclosed_paragraphs_stay_shallow() {
        let html = "<p>x".repeat(1_000_000);
        let mut b = Builder::new(&html, false);
        let mut deepest = 0;
        while b.next().unwrap().is_some() {
            deepest = deepest.max(b.stack.len());
        }
        assert!(deepest <= 4, "{deepest}");
    }
}
