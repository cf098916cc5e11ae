//! JUnit XML (the common Surefire/pytest/go-junit-report shape) into per-test results.

use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

use super::Verdict;

/// One test case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestCase {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classname: Option<String>,
    /// `pass`, `fail`, or `unknown` for a skipped test.
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Every `<testcase>` of a JUnit report.
pub fn parse(xml: &str) -> Result<Vec<TestCase>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases = Vec::new();
    let mut current: Option<TestCase> = None;
    loop {
        match reader.read_event().map_err(|error| error.to_string())? {
            Event::Start(tag) if tag.name().as_ref() == "testcase" => current = Some(test_case(&tag)),
            Event::Empty(tag) if tag.name().as_ref() == "testcase" => cases.push(test_case(&tag)),
            Event::Start(tag) | Event::Empty(tag) => {
                if let Some(case) = current.as_mut() {
                    match tag.name().as_ref() {
                        "failure" | "error" => {
                            case.verdict = Verdict::Fail;
                            case.message = attribute(&tag, "message").or_else(|| Some(tag.name().as_ref().to_string()));
                        }
                        "skipped" => {
                            case.verdict = Verdict::Unknown;
                            case.message = attribute(&tag, "message").or_else(|| Some("skipped".into()));
                        }
                        _ => {}
                    }
                }
            }
            Event::End(tag) if tag.name().as_ref() == "testcase" => cases.extend(current.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(cases)
}

fn test_case(tag: &BytesStart<'_>) -> TestCase {
    TestCase {
        name: attribute(tag, "name").unwrap_or_default(),
        classname: attribute(tag, "classname"),
        verdict: Verdict::Pass,
        duration_ms: attribute(tag, "time").and_then(|time| time.parse::<f64>().ok()).map(|seconds| (seconds * 1000.0).round() as u64),
        message: None,
    }
}

fn attribute(tag: &BytesStart<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == name)
        .and_then(|attribute| attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|value| value.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cases_with_failures_and_skips() {
        let xml = r#"<?xml version="1.0"?>
<testsuites><testsuite name="s" tests="3">
  <testcase classname="t.A" name="ok" time="0.012"/>
  <testcase classname="t.A" name="broken" time="0.5"><failure message="expected 1 got 2">trace</failure></testcase>
  <testcase classname="t.A" name="later"><skipped/></testcase>
</testsuite></testsuites>"#;
        insta::assert_json_snapshot!(parse(xml).expect("valid junit"));
    }
}
