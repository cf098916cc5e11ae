//! Process control shared by every process-based adapter: stall timeout, wall-time limit,
//! budgets from usage events, cancel, and the process group going down with the worker.

use std::path::Path;
use std::time::Duration;

use factory_agents::{CancelSignal, ClaudeCode, EventLog, FinishStatus, Limits, Worker};
use serde_json::Value;

use crate::common::{events_view, limits, outcome_view, setup, stream_file};

const INIT: &str = r#"{"type":"system","subtype":"init","session_id":"s1","model":"claude-sonnet-4-5"}"#;

fn assistant(id: &str, text: &str, input_tokens: u64, output_tokens: u64) -> String {
    format!(
        r#"{{"type":"assistant","message":{{"id":"{id}","role":"assistant","content":[{{"type":"text","text":"{text}"}}],"usage":{{"input_tokens":{input_tokens},"output_tokens":{output_tokens}}}}}}}"#
    )
}

const RESULT: &str = r#"{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"done","total_cost_usd":0.01,"usage":{"input_tokens":100,"output_tokens":10}}"#;

/// Runs Claude Code's adapter on an inline stream under `limits`.
async fn run(stream: &str, limits: Limits) -> (Value, factory_agents::WorkerOutcome, crate::common::Setup) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = stream_file(dir.path(), "stream.jsonl", stream);
    let setup = setup(&path);
    // The stream file lives in `dir`, which must outlive the run.
    let worker = ClaudeCode { program: setup.program.clone(), ..ClaudeCode::default() };
    let mut log = EventLog::default();
    let outcome = worker.run(&setup.task, &limits, CancelSignal::never(), &mut log).await.expect("runs");
    drop(dir);
    (serde_json::json!({ "events": events_view(&log), "outcome": outcome_view(&outcome) }), outcome, setup)
}

#[tokio::test]
async fn a_silent_worker_is_stopped_as_stalled() {
    let stream = format!("{INIT}\n{}\n#sleep 60\n{RESULT}\n", assistant("m1", "thinking hard", 10, 1));
    let limits = Limits { stall_timeout: Duration::from_millis(2000), ..limits() };
    let (value, outcome, _) = run(&stream, limits).await;
    assert_eq!(outcome.status, FinishStatus::Stalled);
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn a_busy_worker_is_stopped_at_the_wall_time_limit() {
    let mut stream = format!("{INIT}\n");
    for index in 0..200 {
        stream.push_str(&format!("{}\n#sleep 0.1\n", assistant(&format!("m{index}"), "still working", 1, 1)));
    }
    let limits = Limits { wall_time: Duration::from_millis(1500), stall_timeout: Duration::from_secs(30), ..limits() };
    let (_, outcome, _) = run(&stream, limits).await;
    assert_eq!(outcome.status, FinishStatus::Timeout);
    assert_eq!(outcome.summary, "wall-time limit of 1500ms reached");
}

#[tokio::test]
async fn usage_over_the_token_budget_stops_the_worker() {
    let stream = format!(
        "{INIT}\n{}\n{}\n#sleep 60\n{}\n{RESULT}\n",
        assistant("m1", "step one", 1200, 40),
        assistant("m2", "step two", 1500, 25),
        assistant("m3", "never read", 1, 1)
    );
    let limits = Limits { max_tokens: Some(2000), ..limits() };
    let (value, outcome, _) = run(&stream, limits).await;
    assert_eq!(outcome.status, FinishStatus::Budget);
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn the_agents_own_max_turns_verdict_is_a_budget_stop() {
    let result = r#"{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":3,"total_cost_usd":0.2,"usage":{"input_tokens":900,"output_tokens":90}}"#;
    let stream = format!("{INIT}\n{}\n{result}\n#exit 1\n", assistant("m1", "working", 10, 1));
    let (value, outcome, _) = run(&stream, limits()).await;
    assert_eq!(outcome.status, FinishStatus::Budget);
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn cancel_stops_the_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = stream_file(dir.path(), "stream.jsonl", &format!("{INIT}\n#sleep 60\n{RESULT}\n"));
    let setup = setup(&path);
    let worker = ClaudeCode { program: setup.program.clone(), ..ClaudeCode::default() };
    let (handle, signal) = CancelSignal::new();
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        handle.cancel();
    });
    let mut log = EventLog::default();
    let outcome = worker.run(&setup.task, &limits(), signal, &mut log).await.expect("runs");
    canceller.await.expect("canceller");
    assert_eq!(outcome.status, FinishStatus::Cancelled);
    assert_eq!(log.events.len(), 1, "only the final event: {:?}", log.events);
}

/// Whether a pid is gone (or a zombie nobody has reaped yet, which runs nothing).
fn process_is_gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// Waits (boundedly) for the grandchild whose pid is in `pidfile` to be gone.
async fn grandchild_is_gone(pidfile: &Path) -> bool {
    let pid = std::fs::read_to_string(pidfile).expect("grandchild wrote its pid").trim().to_string();
    assert!(!pid.is_empty());
    for _ in 0..50 {
        if process_is_gone(&pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_grandchild_does_not_survive_a_worker_that_finished() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pidfile = dir.path().join("grandchild.pid");
    let stream = format!(
        "{INIT}\n#spawn echo $$ > {pidfile}.tmp; mv {pidfile}.tmp {pidfile}; exec sleep 300\n#sleep 0.5\n{RESULT}\n",
        pidfile = pidfile.display()
    );
    let (_, outcome, _) = run(&stream, limits()).await;
    assert_eq!(outcome.status, FinishStatus::Success);
    assert!(grandchild_is_gone(&pidfile).await, "the background process the agent left behind was killed with its group");
}

#[tokio::test]
async fn a_grandchild_does_not_survive_a_stalled_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pidfile = dir.path().join("grandchild.pid");
    let stream = format!(
        "{INIT}\n#spawn echo $$ > {pidfile}.tmp; mv {pidfile}.tmp {pidfile}; exec sleep 300\n#sleep 60\n{RESULT}\n",
        pidfile = pidfile.display()
    );
    let limits = Limits { stall_timeout: Duration::from_millis(3000), ..limits() };
    let (_, outcome, _) = run(&stream, limits).await;
    assert_eq!(outcome.status, FinishStatus::Stalled);
    assert!(grandchild_is_gone(&pidfile).await, "the grandchild went down with the stalled worker's group");
}

#[tokio::test]
async fn dropping_a_running_worker_kills_its_whole_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pidfile = dir.path().join("grandchild.pid");
    let stream = format!(
        "{INIT}\n#spawn echo $$ > {pidfile}.tmp; mv {pidfile}.tmp {pidfile}; exec sleep 300\n#sleep 60\n{RESULT}\n",
        pidfile = pidfile.display()
    );
    let path = stream_file(dir.path(), "stream.jsonl", &stream);
    let setup = setup(&path);
    let worker = ClaudeCode { program: setup.program.clone(), ..ClaudeCode::default() };
    let mut log = EventLog::default();
    let limits = limits();
    {
        let run = worker.run(&setup.task, &limits, CancelSignal::never(), &mut log);
        let waiting_for_the_grandchild = async {
            while !pidfile.exists() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        tokio::select! {
            _ = run => panic!("the worker cannot finish: it sleeps for a minute"),
            () = waiting_for_the_grandchild => {}
        }
        // Leaving this block drops the running worker's future.
    }
    assert!(grandchild_is_gone(&pidfile).await, "dropping the worker killed its process group");
}
