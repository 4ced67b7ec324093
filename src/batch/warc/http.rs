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

/// The HTML page in an HTTP response, with the charset its header declares:
/// `None` if the status is not 2xx or the content is not HTML.
pub(super) fn http_page(block: &[u8]) -> Option<(Vec<u8>, Option<&'static encoding_rs::Encoding>)> {
    let (head_end, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = memchr::memmem::find(block, b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&status) {
        return None;
    }
    let headers: Vec<(String, String)> = lines
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
    html.then(|| (body, charset_of(&content_type)))
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
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
