//! Process control shared by every process-based adapter: the child runs in its own process
//! group, is killed (with its whole group) on drop, on cancel, at the wall-time limit, after
//! the stall timeout and when a budget is spent; stdout lines go verbatim to the raw log and
//! through the adapter's [`StreamHandler`]; stderr goes to the stderr log, its tail into the
//! summary of a crash.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};

use crate::event::{EventKind, EventSink, FinishStatus};
use crate::task::{AgentError, CancelSignal, Limits, TaskSpec, WorkerOutcome, stderr_log_path};
use crate::tracker::Tracker;

/// How long a worker may keep running after it reported its end, and how long it gets
/// between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(3);
/// How many stderr lines a crash summary quotes.
const STDERR_TAIL_LINES: usize = 15;

/// The command line of one worker process.
pub(crate) struct ProcessPlan {
    pub(crate) program: String,
    pub(crate) args: Vec<String>,
    pub(crate) stdin: StdinPlan,
    /// Environment the adapter adds; the task's own environment wins over it.
    pub(crate) env: Vec<(String, String)>,
}

pub(crate) enum StdinPlan {
    /// Nothing on stdin.
    Closed,
    /// This text, then end of file.
    Text(String),
    /// Kept open for a protocol: the handler's opening messages and replies, one per line.
    Protocol,
}

/// How a worker says it is done.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finish {
    pub(crate) status: FinishStatus,
    pub(crate) summary: String,
}

impl Finish {
    pub(crate) fn new(status: FinishStatus, summary: impl Into<String>) -> Self {
        Self { status, summary: summary.into() }
    }
}

/// What one line of output meant.
#[derive(Debug, Default)]
pub(crate) struct HandledLine {
    pub(crate) events: Vec<EventKind>,
    /// Lines to write to the worker's stdin (protocol adapters only).
    pub(crate) replies: Vec<String>,
    /// The worker reported its end (its final result event, or the prompt's response).
    pub(crate) finish: Option<Finish>,
}

impl HandledLine {
    pub(crate) fn events(events: Vec<EventKind>) -> Self {
        Self { events, ..Self::default() }
    }
}

/// One adapter's reading of its agent's output.
pub(crate) trait StreamHandler: Send {
    /// Lines written to stdin right after start (protocol adapters only).
    fn opening_messages(&mut self) -> Vec<String> {
        Vec::new()
    }

    fn handle_line(&mut self, line: &str) -> HandledLine;

    /// Lines written to stdin when the factory stops the worker early (protocol adapters:
    /// a polite cancel before the signals).
    fn cancel_messages(&mut self) -> Vec<String> {
        Vec::new()
    }

    /// How the run ended when stdout closed without a reported finish; `None` means the
    /// agent stopped before its final event, which is a crash.
    fn end_of_stream(&mut self) -> Option<Finish> {
        None
    }
}

enum Stop {
    Limit(FinishStatus, String),
}

/// Runs `plan` in the task's worktree under `limits`, feeding stdout lines to `handler` and
/// the resulting events to `sink`, and always ends the event stream with one `finished`.
pub(crate) async fn run_process(
    plan: ProcessPlan,
    handler: &mut dyn StreamHandler,
    task: &TaskSpec,
    limits: &Limits,
    mut cancel: CancelSignal,
    sink: &mut dyn EventSink,
) -> Result<WorkerOutcome, AgentError> {
    let started = Instant::now();
    if !task.worktree.is_dir() {
        return Err(AgentError::NoWorktree { worktree: task.worktree.clone() });
    }
    let stderr_log = stderr_log_path(&task.raw_log);
    let mut raw_log = create_log(&task.raw_log)?;
    let stderr_file = create_log(&stderr_log)?;

    let mut command = Command::new(&plan.program);
    command
        .args(&plan.args)
        .current_dir(&task.worktree)
        .envs(plan.env.iter().map(|(key, value)| (key, value)))
        .envs(&task.env)
        .stdin(match plan.stdin {
            StdinPlan::Closed => Stdio::null(),
            StdinPlan::Text(_) | StdinPlan::Protocol => Stdio::piped(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0);
    tracing::debug!(program = %plan.program, args = ?plan.args, worktree = %task.worktree.display(), "starting worker process");
    let mut child =
        command.spawn().map_err(|source| AgentError::Spawn { program: plan.program.clone(), worktree: task.worktree.clone(), source })?;
    let group = GroupGuard::for_child(&child);

    let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
    let stderr_reader = child.stderr.take().map(|pipe| tokio::spawn(drain_stderr(pipe, stderr_file, stderr_tail.clone())));
    let mut stdin = child.stdin.take();
    match &plan.stdin {
        StdinPlan::Text(text) => {
            if let Some(mut pipe) = stdin.take() {
                let bytes = text.clone().into_bytes();
                tokio::spawn(async move {
                    // A worker that stops reading early shows why in its exit status.
                    let _ = pipe.write_all(&bytes).await;
                });
            }
        }
        StdinPlan::Protocol => {
            for message in handler.opening_messages() {
                send_line(&mut stdin, &mut raw_log, &message).await;
            }
        }
        StdinPlan::Closed => {}
    }

    let mut tracker = Tracker::new(sink, limits);
    let Some(stdout) = child.stdout.take() else {
        return Err(AgentError::Io { path: task.raw_log.clone(), source: std::io::Error::other("worker stdout was not captured") });
    };
    let mut stdout = BufReader::new(stdout);
    let mut buffer = Vec::new();
    let mut at_end = false;
    let deadline = tokio::time::Instant::now() + limits.wall_time;
    let mut last_activity = tokio::time::Instant::now();
    let mut reported: Option<(Finish, String)> = None;
    let mut finished_at: Option<tokio::time::Instant> = None;
    let mut stop: Option<Stop> = None;

    while !at_end {
        let mut wake = deadline.min(last_activity + limits.stall_timeout);
        if let Some(at) = finished_at {
            wake = wake.min(at + GRACE);
        }
        tokio::select! {
            // `read_until` is cancel safe: a partial line stays in `buffer` for the next turn.
            read = stdout.read_until(b'\n', &mut buffer) => {
                match read {
                    Ok(0) => at_end = true,
                    Ok(_) if !buffer.ends_with(b"\n") => at_end = true,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "reading worker stdout");
                        at_end = true;
                    }
                }
                if buffer.is_empty() {
                    continue;
                }
                // Agents print UTF-8; a stray invalid byte must not end the stream.
                let text = String::from_utf8_lossy(&buffer).into_owned();
                buffer.clear();
                last_activity = tokio::time::Instant::now();
                let line = text.trim_end_matches('\n').trim_end_matches('\r');
                let _ = writeln!(raw_log, "{line}");
                if line.trim().is_empty() {
                    continue;
                }
                let handled = handler.handle_line(line);
                for reply in &handled.replies {
                    send_line(&mut stdin, &mut raw_log, reply).await;
                }
                let mut broken = None;
                for event in handled.events {
                    if let Some(why) = tracker.emit(event, Some(line)) {
                        broken.get_or_insert(why);
                    }
                }
                if let Some(finish) = handled.finish
                    && reported.is_none()
                {
                    reported = Some((finish, line.to_string()));
                    finished_at = Some(tokio::time::Instant::now());
                    // Done: a protocol worker exits when its input ends.
                    stdin = None;
                }
                // A budget stops work in progress; once the agent has reported its end (its
                // own verdict, e.g. Claude's max turns, included) that report stands.
                if let Some(why) = broken
                    && reported.is_none()
                {
                    stop = Some(Stop::Limit(FinishStatus::Budget, why));
                    break;
                }
            }
            () = tokio::time::sleep_until(wake) => {
                let now = tokio::time::Instant::now();
                if finished_at.is_some() {
                    // Reported its end and then went quiet: stop reading, let it exit.
                    break;
                }
                stop = Some(if now >= deadline {
                    Stop::Limit(FinishStatus::Timeout, format!("wall-time limit of {} reached", human_duration(limits.wall_time)))
                } else {
                    Stop::Limit(FinishStatus::Stalled, format!("no output for {} (stall timeout)", human_duration(limits.stall_timeout)))
                });
                break;
            }
            () = cancel.cancelled() => {
                stop = Some(Stop::Limit(FinishStatus::Cancelled, "cancelled".to_string()));
                break;
            }
        }
    }
    let mut asked_to_cancel = false;
    if stop.is_some() {
        for message in handler.cancel_messages() {
            send_line(&mut stdin, &mut raw_log, &message).await;
            asked_to_cancel = true;
        }
    }
    drop(stdin);

    // Stdout is closed or we stopped reading: let the process end, or end it.
    let exit_code = if stop.is_some() {
        if asked_to_cancel {
            // A protocol worker gets the grace period to wind down after its cancel.
            let _ = tokio::time::timeout(GRACE, child.wait()).await;
        }
        terminate(&mut child, &group).await;
        None
    } else {
        let wait_for = if finished_at.is_some() { GRACE } else { deadline.saturating_duration_since(tokio::time::Instant::now()) };
        match tokio::time::timeout(wait_for, child.wait()).await {
            Ok(Ok(status)) => status.code(),
            Ok(Err(error)) => {
                tracing::warn!(%error, "waiting for worker process");
                None
            }
            Err(_) => {
                terminate(&mut child, &group).await;
                if finished_at.is_none() {
                    stop = Some(Stop::Limit(
                        FinishStatus::Timeout,
                        format!("wall-time limit of {} reached", human_duration(limits.wall_time)),
                    ));
                }
                None
            }
        }
    };
    // Whatever the agent left running in its group (servers, watchers) goes with it.
    group.kill();
    if let Some(reader) = stderr_reader {
        let _ = tokio::time::timeout(GRACE, reader).await;
    }
    let stderr_tail = stderr_tail.lock().map(|tail| tail.iter().cloned().collect::<Vec<_>>().join("\n")).unwrap_or_default();

    let (status, summary, raw) = match stop {
        Some(Stop::Limit(status, why)) => (status, why, None),
        None => {
            let finish = match reported {
                Some((finish, raw)) => Some((finish, Some(raw))),
                None => handler.end_of_stream().map(|finish| (finish, None)),
            };
            decide(&plan.program, finish, exit_code, finished_at.is_some(), &stderr_tail)
        }
    };
    let _ = raw_log.flush();
    tracker.finish(status, &summary, raw.as_deref());
    Ok(WorkerOutcome {
        status,
        summary,
        totals: tracker.totals,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        events: tracker.events,
        exit_code,
        raw_log: task.raw_log.clone(),
        stderr_log,
    })
}

/// The final status when no limit stopped the worker.
fn decide(
    program: &str,
    finish: Option<(Finish, Option<String>)>,
    exit_code: Option<i32>,
    ended_by_us_after_finish: bool,
    stderr_tail: &str,
) -> (FinishStatus, String, Option<String>) {
    let exit = match exit_code {
        Some(code) => format!("exited with code {code}"),
        None => "was killed by a signal".to_string(),
    };
    let with_stderr = |text: String| {
        if stderr_tail.is_empty() { text } else { format!("{text}; stderr:\n{stderr_tail}") }
    };
    match finish {
        Some((finish, raw)) if exit_code == Some(0) || ended_by_us_after_finish || finish.status != FinishStatus::Success => {
            (finish.status, finish.summary, raw)
        }
        Some((_, Some(raw))) => (FinishStatus::Failed, with_stderr(format!("`{program}` {exit} after reporting success")), Some(raw)),
        Some((_, None)) => (FinishStatus::Failed, with_stderr(format!("`{program}` {exit}")), None),
        None => (FinishStatus::Failed, with_stderr(format!("`{program}` {exit} before its final result event")), None),
    }
}

/// Kills the whole process group when dropped, so nothing the worker started outlives it.
pub(crate) struct GroupGuard(pub(crate) Option<i32>);

impl GroupGuard {
    pub(crate) fn for_child(child: &Child) -> Self {
        Self(child.id().and_then(|pid| i32::try_from(pid).ok()))
    }

    fn signal(&self, signal: nix::sys::signal::Signal) {
        if let Some(pgid) = self.0 {
            // ESRCH (the group is already gone) is the normal case after a clean exit.
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pgid), signal);
        }
    }

    pub(crate) fn kill(&self) {
        self.signal(nix::sys::signal::Signal::SIGKILL);
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// SIGTERM to the group, then SIGKILL after the grace period.
async fn terminate(child: &mut Child, group: &GroupGuard) {
    group.signal(nix::sys::signal::Signal::SIGTERM);
    if tokio::time::timeout(GRACE, child.wait()).await.is_err() {
        group.kill();
        let _ = child.wait().await;
    }
}

async fn send_line(stdin: &mut Option<ChildStdin>, raw_log: &mut std::fs::File, message: &str) {
    let _ = writeln!(raw_log, "{message}");
    if let Some(pipe) = stdin.as_mut() {
        let mut bytes = message.as_bytes().to_vec();
        bytes.push(b'\n');
        if pipe.write_all(&bytes).await.is_err() || pipe.flush().await.is_err() {
            // The worker closed its input; its exit says why.
            *stdin = None;
        }
    }
}

async fn drain_stderr(pipe: tokio::process::ChildStderr, mut file: std::fs::File, tail: Arc<Mutex<VecDeque<String>>>) {
    let mut reader = BufReader::new(pipe);
    let mut buffer = Vec::new();
    while reader.read_until(b'\n', &mut buffer).await.is_ok_and(|read| read > 0) {
        let line = String::from_utf8_lossy(&buffer).trim_end_matches(['\n', '\r']).to_string();
        buffer.clear();
        let _ = writeln!(file, "{line}");
        if let Ok(mut tail) = tail.lock() {
            if tail.len() == STDERR_TAIL_LINES {
                tail.pop_front();
            }
            tail.push_back(line);
        }
    }
}

pub(crate) fn create_log(path: &Path) -> Result<std::fs::File, AgentError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| AgentError::Io { path: parent.to_path_buf(), source })?;
    }
    std::fs::File::create(path).map_err(|source| AgentError::Io { path: path.to_path_buf(), source })
}

pub(crate) fn human_duration(duration: Duration) -> String {
    if duration.subsec_millis() == 0 { format!("{}s", duration.as_secs()) } else { format!("{}ms", duration.as_millis()) }
}
