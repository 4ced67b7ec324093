//! Character references (`&amp;`, `&eacute`, `&#233;`, `&#xE9;`) for the
//! stream front end, decoded as the HTML5 tokenizer decodes them: the
//! longest named reference wins, the legacy ones need no semicolon
//! (except in attribute values followed by `=` or a letter), and numeric
//! ones map NUL, surrogates, values past U+10FFFF and the C1 range the
//! way browsers do. The table of names is html5ever's.

use std::borrow::Cow;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// The longest entity name, `CounterClockwiseContourIntegral;`.
const LONGEST_NAME: usize = 33;

/// Decodes the text of a data or RCDATA run (`in_attribute` false) or an
/// attribute value: character references, CR LF and lone CR to LF, and
/// NUL (dropped in text, as the tree builder ignores it in body content;
/// U+FFFD elsewhere). Borrowed when there is nothing to change.
pub(super) fn decode(s: &str, in_attribute: bool, drop_nul: bool) -> Cow<'_, str> {
    let b = s.as_bytes();
    let Some(first) = memchr::memchr3(b'&', b'\r', b'\0', b) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut i = first;
    while i < b.len() {
        let Some(off) = memchr::memchr3(b'&', b'\r', b'\0', &b[i..]) else {
            out.push_str(&s[i..]);
            break;
        };
        out.push_str(&s[i..i + off]);
        i += off;
        match b[i] {
            b'\r' => {
                out.push('\n');
                i += 1;
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\0' => {
                if !drop_nul {
                    out.push('\u{fffd}');
                }
                i += 1;
            }
            _ => i = char_ref(s, i, in_attribute, &mut out),
        }
    }
    Cow::Owned(out)
}

/// Decodes the reference at `s[at]` (an `&`) into `out`; where reading
/// goes on.
fn char_ref(s: &str, at: usize, in_attribute: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let next = at + 1;
    match b.get(next) {
        Some(b'#') => numeric(s, at, out),
        Some(c) if c.is_ascii_alphanumeric() => named(s, at, in_attribute, out),
        _ => {
            out.push('&');
            next
        }
    }
}

fn numeric(s: &str, at: usize, out: &mut String) -> usize {
    let b = s.as_bytes();
    let mut i = at + 2;
    let hex = matches!(b.get(i), Some(b'x' | b'X'));
    if hex {
        i += 1;
    }
    let digits_start = i;
    let mut value: u32 = 0;
    while let Some(&c) = b.get(i) {
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'f' if hex => u32::from(c - b'a' + 10),
            b'A'..=b'F' if hex => u32::from(c - b'A' + 10),
            _ => break,
        };
        // Saturates past the largest code point: any such value is U+FFFD.
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(d)
            .min(0x11_0000);
        i += 1;
    }
    if i == digits_start {
        // `&#` or `&#x` with no digits is not a reference.
        out.push_str(&s[at..i]);
        return i;
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    let c = match value {
        0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{fffd}')),
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    };
    out.push(c);
    i
}

/// The references most pages use, looked up before the table: each is
/// its own longest match, as it ends with its semicolon.
const COMMON: &[(&str, char)] = &[
    ("amp;", '&'),
    ("nbsp;", '\u{a0}'),
    ("quot;", '"'),
    ("lt;", '<'),
    ("gt;", '>'),
    ("copy;", '©'),
];

fn named(s: &str, at: usize, in_attribute: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let start = at + 1;
    if let Some((name, c)) = COMMON
        .iter()
        .find(|(n, _)| b[start..].starts_with(n.as_bytes()))
    {
        out.push(*c);
        return start + name.len();
    }
    // The longest prefix of the name that is a whole reference.
    let mut best: Option<(usize, (u32, u32))> = None;
    let mut end = start;
    while end < b.len() && end - start < LONGEST_NAME {
        let c = b[end];
        if !(c.is_ascii_alphanumeric() || c == b';') {
            break;
        }
        end += 1;
        match NAMED_ENTITIES.get(&s[start..end]) {
            Some(&(0, _)) => {}
            Some(&m) => best = Some((end, m)),
            None => break,
        }
        if c == b';' {
            break;
        }
    }
    let Some((end, (c1, c2))) = best else {
        out.push('&');
        return start;
    };
    let with_semicolon = b[end - 1] == b';';
    let after = b.get(end).copied();
    if in_attribute
        && !with_semicolon
        && after.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric())
    {
        // `href="?a=1&copy=2"`: for historical reasons, not a reference.
        out.push('&');
        return start;
    }
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    end
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references_decode_as_browsers_do() {
        let text = |s| decode(s, false, true).into_owned();
        assert_eq!(text("a &amp; b"), "a & b");
        assert_eq!(text("&eacute;t&eacute"), "été");
        assert_eq!(text("&notit; &notin;"), "¬it; ∉");
        assert_eq!(text("&#233;&#xE9;&#Xe9"), "ééé");
        assert_eq!(
            text("&#0;&#x110000;&#xD800;&#128;"),
            "\u{fffd}\u{fffd}\u{fffd}€"
        );
        assert_eq!(text("&# &#x; & &nosuch;"), "&# &#x; & &nosuch;");
        assert_eq!(text("a\r\nb\rc\0d"), "a\nb\ncd");
        assert!(matches!(
            decode("plain", false, true),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn attribute_values_keep_query_strings() {
        let attr = |s| decode(s, true, false).into_owned();
        assert_eq!(attr("?a=1&copy=2&amp;b"), "?a=1&copy=2&b");
        assert_eq!(attr("&copy x &copy;"), "© x ©");
        assert_eq!(attr("a\0b"), "a\u{fffd}b");
    }
}
