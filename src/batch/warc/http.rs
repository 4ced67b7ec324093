//! The page inside a WARC record's block: an HTTP response's head read
//! (status, content type, charset, chunked transfer coding) and its body
//! handed on when it is an HTML page.

use super::record::header;

pub(super) fn is_html_type(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

pub(super) fn charset_of(content_type: &str) -> Option<&'static encoding_rs::Encoding> {
    let (_, rest) = content_type.split_once("charset=")?;
    let value = rest
        .trim_start_matches(['"', '\''])
        .split(['"', '\'', ';', ' '])
        .next()?;
    encoding_rs::Encoding::for_label(value.as_bytes())
}

/// What an HTTP response in a record's block holds.
#[derive(Debug, PartialEq)]
pub(super) enum Response {
    /// An HTML page, with the charset its header declares.
    Page(Vec<u8>, Option<&'static encoding_rs::Encoding>),
    /// Not a page: a status other than 2xx, or content that is not HTML.
    NotPage,
    /// A response that cannot be read: its head is cut off before the
    /// blank line that ends it, or it has no HTTP status line.
    Broken(String),
}

/// The HTML page in an HTTP response, with the charset its header declares.
pub(super) fn http_page(block: &[u8]) -> Response {
    let status = |head: &[u8]| -> Option<u16> {
        let line = head.split(|&b| b == b'\n').next()?;
        let line = String::from_utf8_lossy(line);
        let mut words = line.split_whitespace();
        words.next().filter(|v| v.starts_with("HTTP/"))?;
        words.next()?.parse().ok()
    };
    let ends = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, i + 2)));
    let Some((head_end, body_start)) = ends else {
        // A redirect or an error cut short is still not a page.
        return match status(block) {
            Some(s) if !(200..300).contains(&s) => Response::NotPage,
            _ => Response::Broken(format!(
                "the HTTP response's head is cut off ({} bytes, no blank line after the headers)",
                block.len()
            )),
        };
    };
    let Some(status) = status(&block[..head_end]) else {
        return Response::Broken(
            "the record's block does not start with an HTTP status line".into(),
        );
    };
    if !(200..300).contains(&status) {
        return Response::NotPage;
    }
    let head = String::from_utf8_lossy(&block[..head_end]);
    let headers: Vec<(String, String)> = (head.lines().skip(1))
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = &block[body_start..];
    let body = match header(&headers, "Transfer-Encoding") {
        Some(te) if te.to_ascii_lowercase().contains("chunked") => dechunk(body),
        _ => body.to_vec(),
    };
    let content_type = header(&headers, "Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let html = if content_type.is_empty() {
        crate::decode::looks_like_html(&body)
    } else {
        is_html_type(&content_type)
    };
    match html {
        true => Response::Page(body, charset_of(&content_type)),
        false => Response::NotPage,
    }
}

/// Undoes HTTP chunked transfer coding; a malformed tail is kept as it is.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let Some(eol) = memchr::memmem::find(body, b"\r\n") else {
            out.extend_from_slice(body);
            return out;
        };
        let size_text = String::from_utf8_lossy(&body[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            out.extend_from_slice(body);
            return out;
        };
        if size == 0 {
            return out;
        }
        let data = &body[eol + 2..];
        let take = size.min(data.len());
        out.extend_from_slice(&data[..take]);
        body = data.get(take + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_cut_in_its_head_is_broken_not_skipped() {
        let cut = http_page(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht");
        assert!(matches!(cut, Response::Broken(e) if e.contains("head is cut off")));
        assert!(matches!(
            http_page(b"garbage\r\n\r\n<p>x</p>"),
            Response::Broken(_)
        ));
        // Not pages whole or cut: a redirect, an image.
        assert_eq!(
            http_page(b"HTTP/1.1 301 Moved\r\nLocation: /a"),
            Response::NotPage
        );
        assert_eq!(
            http_page(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
            Response::NotPage
        );
        assert!(matches!(
            http_page(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"),
            Response::Page(..)
        ));
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
