//! YAML and JSON into `serde_json::Value`, the one tree every structured reader walks.

use serde_json::Value;

/// Every document of a YAML file (JSON is YAML too). Empty documents are skipped.
///
/// Text that looks like JSON but is not strict JSON (single quotes, trailing commas,
/// `["basicAuth": []]`) is often valid YAML, and hand-written `.json` contracts use these
/// forms: it is read again as YAML, and the JSON error is kept when YAML fails too.
pub fn documents(text: &str) -> Result<Vec<Value>, String> {
    if looks_like_json(text) {
        return match serde_json::from_str::<Value>(text) {
            Ok(value) => Ok(vec![value]),
            // JSON with comments and trailing commas, as .NET's configuration (appsettings,
            // Ocelot's routes), VS Code and TypeScript read it.
            Err(json_error) => match without_comments(text).and_then(|plain| serde_json::from_str::<Value>(&plain).ok()) {
                Some(value) => Ok(vec![value]),
                None => yaml_documents(text).map_err(|_| json_error.to_string()),
            },
        };
    }
    yaml_documents(text)
}

/// JSON text without its `//` and `/* */` comments and trailing commas (outside strings), when
/// it has any.
fn without_comments(text: &str) -> Option<String> {
    if !text.contains("//") && !text.contains("/*") && !text.contains(',') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut changed = false;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                // A string, escapes and all.
                let start = index;
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
                index = (index + 1).min(bytes.len());
                out.extend_from_slice(&bytes[start..index]);
                continue;
            }
            b'/' if matches!(bytes.get(index + 1), Some(b'/' | b'*')) => {
                index = after_comment(bytes, index);
                changed = true;
                continue;
            }
            b',' => {
                // A comma before a closing bracket (past blanks and comments) is dropped.
                let mut next = index + 1;
                loop {
                    while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                        next += 1;
                    }
                    if bytes.get(next) == Some(&b'/') && matches!(bytes.get(next + 1), Some(b'/' | b'*')) {
                        next = after_comment(bytes, next);
                    } else {
                        break;
                    }
                }
                if matches!(bytes.get(next), Some(b'}' | b']')) {
                    index += 1;
                    changed = true;
                    continue;
                }
            }
            _ => {}
        }
        out.push(bytes[index]);
        index += 1;
    }
    // Only ASCII was taken out, so the rest is still UTF-8.
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// Where the comment starting at `start` (`//` to the line's end, `/* */`) ends.
fn after_comment(bytes: &[u8], start: usize) -> usize {
    let mut index = start + 2;
    if bytes[start + 1] == b'/' {
        while index < bytes.len() && bytes[index] != b'\n' {
            index += 1;
        }
        return index;
    }
    while index < bytes.len() && !(bytes[index] == b'*' && bytes.get(index + 1) == Some(&b'/')) {
        index += 1;
    }
    (index + 2).min(bytes.len())
}

/// A key written twice in one mapping takes its last value, as kubectl and Helm read it (the
/// retail store's manifest sets a ConfigMap key twice): one slip must not cost the file's
/// other documents.
fn yaml_documents(text: &str) -> Result<Vec<Value>, String> {
    let options = serde_saphyr::options! { duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins };
    let documents: Vec<Value> = serde_saphyr::from_multiple_with_options(text, options).map_err(|error| first_line(&error.to_string()))?;
    Ok(documents.into_iter().filter(|document| !document.is_null()).collect())
}

/// The first document of a YAML or JSON file.
pub fn document(text: &str) -> Result<Value, String> {
    Ok(documents(text)?.into_iter().next().unwrap_or(Value::Null))
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// `value[key]` as text, when it is a string (or a number, printed).
pub fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A value under a dotted key path, whose keys may be nested or dotted themselves
/// (`spring: {cloud.config: {server: ...}}`).
pub fn dotted<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    value.as_object()?.iter().find_map(|(key, child)| {
        if key == path {
            Some(child)
        } else {
            path.strip_prefix(key.as_str()).and_then(|rest| rest.strip_prefix('.')).and_then(|rest| dotted(child, rest))
        }
    })
}

/// A string or a list of strings as a list.
pub fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|item| item.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// Escapes one JSON pointer segment.
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_with_comments_and_trailing_commas_is_read() {
        let text = r#"{
  "Routes": [
    //Catalog API
    {
      "DownstreamHostAndPorts": [ { "Host": "catalog.api", "Port": "80" } ],
      "UpstreamPathTemplate": "/Catalog", /* the gateway's */
      "Url": "http://x//y", "Quote": "a \" // b",
    },
  ],
}
"#;
        let documents = documents(text).expect("reads");
        let route = &documents[0]["Routes"][0];
        assert_eq!(route["DownstreamHostAndPorts"][0]["Host"], "catalog.api");
        assert_eq!(route["Url"], "http://x//y");
        assert_eq!(route["Quote"], "a \" // b");
        assert!(super::documents("{\"a\": 1,}").is_ok());
        assert!(super::documents("{\"a\": [1}").is_err(), "what is broken stays broken");
    }

    #[test]
    fn yaml_with_numeric_keys_anchors_and_several_documents_becomes_json() {
        let text = "base: &b {x: 1}\nresponses:\n  200: {description: ok}\nmerged:\n  <<: *b\n  y: 2\n---\n---\nsecond: true\n";
        let documents = documents(text).expect("parse");
        insta::assert_json_snapshot!(documents, @r#"
        [
          {
            "base": {
              "x": 1
            },
            "merged": {
              "x": 1,
              "y": 2
            },
            "responses": {
              "200": {
                "description": "ok"
              }
            }
          },
          {
            "second": true
          }
        ]
        "#);
    }

    /// YAML 1.1's merge key as serde_saphyr applies it by default (`MergeKeyPolicy::Merge`), so
    /// every reader sees compose's `environment: <<: [*otel, *java]` (OrderFlow) written out: a
    /// map's own keys win, then the maps of the list in their order.
    #[test]
    fn merge_keys_write_their_maps_out_earlier_ones_and_the_maps_own_keys_winning() {
        let text = "x-otel: &otel {URL: http://jaeger:4318, A: otel}\nx-java: &java {URL: http://cart:8080, A: java, B: java}\nenvironment:\n  <<: [*otel, *java]\n  B: own\n";
        let document = document(text).expect("reads");
        insta::assert_json_snapshot!(document["environment"], @r#"
        {
          "A": "otel",
          "B": "own",
          "URL": "http://jaeger:4318"
        }
        "#);
    }

    #[test]
    fn a_key_written_twice_takes_its_last_value() {
        let text = "kind: ConfigMap\ndata:\n  CREATE_TABLE: \"false\"\n  CREATE_TABLE: \"true\"\n---\nkind: Service\n";
        let documents = documents(text).expect("both documents read");
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0]["data"]["CREATE_TABLE"], "true");
    }
}
