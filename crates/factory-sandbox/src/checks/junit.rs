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

/// Per-test results from the output of `python -m unittest -v` (`name (module.Class.name) ... ok`,
/// where the outcome may come lines later when the test prints), for command checks that write
/// no JUnit report.
pub fn parse_unittest_verbose(output: &str) -> Vec<TestCase> {
    let mut cases = Vec::new();
    let mut pending: Option<TestCase> = None;
    for line in output.lines() {
        if let Some((head, outcome)) = line.split_once(" ... ")
            && let Some((name, rest)) = head.split_once(" (")
            && let Some(classname) = rest.strip_suffix(')')
            && !name.contains(' ')
        {
            cases.extend(pending.take());
            let mut case = TestCase {
                name: name.to_string(),
                classname: Some(classname.rsplit_once('.').map_or(classname, |(class, _)| class).to_string()),
                verdict: Verdict::Unknown,
                duration_ms: None,
                message: None,
            };
            if settle(&mut case, outcome.trim()) {
                cases.push(case);
            } else {
                pending = Some(case);
            }
            continue;
        }
        if let Some(case) = pending.as_mut()
            && settle(case, line.trim())
        {
            cases.extend(pending.take());
        }
    }
    cases.extend(pending);
    cases
}

/// Applies a unittest outcome word to `case`; false when `outcome` is not one.
fn settle(case: &mut TestCase, outcome: &str) -> bool {
    let (verdict, message) = match outcome {
        "ok" | "expected failure" => (Verdict::Pass, None),
        "FAIL" | "ERROR" | "unexpected success" => (Verdict::Fail, Some(outcome.to_string())),
        skipped if skipped.starts_with("skipped") => (Verdict::Unknown, Some(skipped.to_string())),
        _ => return false,
    };
    case.verdict = verdict;
    case.message = message;
    true
}

#[cfg(test)]
mod unittest_tests {
    use super::*;

    #[test]
    fn unittest_verbose_output_with_interleaved_prints() {
        let output = "test_a (test_db.DbTest.test_a) ... ok\n\
test_b (test_server.ServerTest.test_b) ... orders-api 127.0.0.1 \"GET / HTTP/1.1\" 200 -\n\
ok\n\
test_c (test_server.ServerTest.test_c) ... FAIL\n\
test_d (test_server.ServerTest.test_d) ... skipped 'no network'\n\
\n\
======================================================================\n\
FAIL: test_c (test_server.ServerTest.test_c)\n";
        insta::assert_json_snapshot!(parse_unittest_verbose(output));
    }
}
