//! A minimal HTTP/1.1 GET client for loopback probes and contract checks: one request per
//! connection, `Connection: close`, bodies read to the end (Content-Length or chunked).

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// `GET base_url + path`, where `base_url` is `http://127.0.0.1:port`, in `network`.
pub async fn get(base_url: &str, path: &str, timeout: Duration, network: &crate::Network) -> std::io::Result<HttpResponse> {
    request(base_url, "GET", path, None, timeout, network).await
}

/// `METHOD base_url + path` with an optional JSON body.
pub async fn request(
    base_url: &str,
    method: &str,
    path: &str,
    json_body: Option<&[u8]>,
    timeout: Duration,
    network: &crate::Network,
) -> std::io::Result<HttpResponse> {
    let authority = base_url.strip_prefix("http://").unwrap_or(base_url).trim_end_matches('/');
    let port: u16 = authority
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("no port in {base_url}")))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: */*\r\nConnection: close\r\n").into_bytes();
    match json_body {
        Some(body) => {
            request.extend_from_slice(format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
            request.extend_from_slice(body);
        }
        None if method == "GET" => request.extend_from_slice(b"\r\n"),
        None => request.extend_from_slice(b"Content-Length: 0\r\n\r\n"),
    }
    let exchange = async {
        let mut stream = crate::network::connect(network, port, timeout).await?;
        stream.write_all(&request).await?;
        // Read until the body is complete (servers may keep the connection open regardless).
        let mut raw = Vec::new();
        let mut buffer = [0u8; 16 * 1024];
        loop {
            let read = stream.read(&mut buffer).await?;
            if read == 0 {
                break;
            }
            raw.extend_from_slice(&buffer[..read]);
            if is_complete(&raw) {
                break;
            }
        }
        parse(&raw)
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, format!("no answer within {} ms", timeout.as_millis())))?
}

/// Whether `raw` holds a whole response: headers plus Content-Length bytes, or a chunked body
/// through its last chunk. Without either, only the end of the connection tells.
fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    head.lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse::<usize>().ok())
        .is_some_and(|length| body.len() >= length)
}

fn parse(raw: &[u8]) -> std::io::Result<HttpResponse> {
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let split = raw.windows(4).position(|window| window == b"\r\n\r\n").ok_or_else(|| invalid("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| invalid("empty response"))?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(key, value)| key.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| invalid("bad chunked body"))?;
    }
    Ok(HttpResponse { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|window| window == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_bodies() {
        let plain = parse(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}").expect("plain");
        assert_eq!((plain.status, plain.body.as_slice(), plain.header("content-type")), (200, &b"{\"a\":1}"[..], Some("application/json")));
        let chunked = parse(b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").expect("chunked");
        assert_eq!((chunked.status, chunked.body.as_slice()), (404, &b"abcde"[..]));
    }
}
