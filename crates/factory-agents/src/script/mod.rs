//! The script worker: replays recorded steps (edits, patches, commands, messages, usage)
//! from a script file, emitting the same events a coding agent would. See the crate docs for
//! the file format.

mod format;

pub use format::{Script, ScriptStep, ScriptTask};

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Instant;

use tokio::time::Instant as TokioInstant;

use crate::acp_fs::resolve_in_worktree;
use crate::event::{EventKind, FileChangeKind, FinishStatus, Role, UsageScope};
use crate::process::{GroupGuard, create_log, human_duration};
use crate::task::{AgentError, CancelSignal, Limits, TaskSpec, WorkerOutcome, stderr_log_path};
use crate::tracker::Tracker;
use crate::{EventSink, Worker, WorkerFuture};

/// Replays the steps of one script file.
#[derive(Debug, Clone)]
pub struct ScriptWorker {
    pub script: PathBuf,
}

impl Worker for ScriptWorker {
    fn name(&self) -> &str {
        "script"
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(self.replay(task, limits, cancel, sink))
    }
}

/// Why a script stopped before its last step.
struct Stopped(FinishStatus, String);

impl ScriptWorker {
    async fn replay(
        &self,
        task: &TaskSpec,
        limits: &Limits,
        mut cancel: CancelSignal,
        sink: &mut dyn EventSink,
    ) -> Result<WorkerOutcome, AgentError> {
        let started = Instant::now();
        if !task.worktree.is_dir() {
            return Err(AgentError::NoWorktree { worktree: task.worktree.clone() });
        }
        let script = Script::load(&self.script)?;
        let entry = script.entry_for(task).ok_or_else(|| AgentError::Script {
            path: self.script.clone(),
            message: format!(
                "no steps for repo {} (task {}) attempt {}; add a [[task]] with repo = \"{}\" and attempt = {} or without attempt",
                task.repo, task.task_id, task.attempt, task.repo, task.attempt
            ),
        })?;
        let stderr_log = stderr_log_path(&task.raw_log);
        let mut raw_log = create_log(&task.raw_log)?;
        create_log(&stderr_log)?;

        let deadline = TokioInstant::now() + limits.wall_time;
        let mut tracker = Tracker::new(sink, limits);
        let mut stopped = None;
        for step in &entry.steps {
            if cancel.is_cancelled() {
                stopped = Some(Stopped(FinishStatus::Cancelled, "cancelled".into()));
                break;
            }
            let raw = serde_json::to_string(step).unwrap_or_default();
            let _ = writeln!(raw_log, "{raw}");
            let result = tokio::select! {
                result = self.step(step, task, limits, deadline, &mut tracker, &raw) => result,
                () = cancel.cancelled() => Err(Stopped(FinishStatus::Cancelled, "cancelled".into())),
            };
            if let Err(stop) = result {
                stopped = Some(stop);
                break;
            }
        }
        let (status, summary) = match stopped {
            Some(Stopped(status, summary)) => (status, summary),
            None => {
                let summary = tracker.last_message.clone().unwrap_or_else(|| format!("script finished {} steps", entry.steps.len()));
                (FinishStatus::Success, summary)
            }
        };
        tracker.finish(status, &summary, None);
        Ok(WorkerOutcome {
            status,
            summary,
            totals: tracker.totals,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            events: tracker.events,
            exit_code: None,
            raw_log: task.raw_log.clone(),
            stderr_log,
        })
    }

    async fn step(
        &self,
        step: &ScriptStep,
        task: &TaskSpec,
        limits: &Limits,
        deadline: TokioInstant,
        tracker: &mut Tracker<'_>,
        raw: &str,
    ) -> Result<(), Stopped> {
        let raw = Some(raw);
        let failed = |tracker: &mut Tracker<'_>, message: String| {
            tracker.emit(EventKind::Error { message: message.clone() }, raw);
            Stopped(FinishStatus::Failed, message)
        };
        match step {
            ScriptStep::Message { text } => {
                tracker.emit(EventKind::Message { role: Role::Assistant, text: text.clone() }, raw);
            }
            ScriptStep::Write { path, content } => {
                let change = write_file(task, path, content).map_err(|message| failed(tracker, message))?;
                tracker.emit(EventKind::FileChange { path: path.clone(), change }, raw);
            }
            ScriptStep::Edit { path, find, replace } => {
                edit_file(task, path, find, replace).map_err(|message| failed(tracker, message))?;
                tracker.emit(EventKind::FileChange { path: path.clone(), change: FileChangeKind::Modified }, raw);
            }
            ScriptStep::Patch { diff } => {
                let files = factory_git::apply_patch(&task.worktree, diff).map_err(|error| failed(tracker, error.to_string()))?;
                for file in files {
                    let change = match file.change {
                        factory_git::PatchChange::Added => FileChangeKind::Added,
                        factory_git::PatchChange::Modified => FileChangeKind::Modified,
                        factory_git::PatchChange::Deleted => FileChangeKind::Deleted,
                    };
                    tracker.emit(EventKind::FileChange { path: file.path, change }, raw);
                }
            }
            ScriptStep::Run { command, expect_exit } => {
                let Some((exit_code, output)) = run_shell(task, command, deadline).await.map_err(|message| failed(tracker, message))?
                else {
                    return Err(Stopped(FinishStatus::Timeout, format!("wall-time limit of {} reached", human_duration(limits.wall_time))));
                };
                tracker.emit(EventKind::Command { command: command.clone(), exit_code, output }, raw);
                if exit_code != Some(*expect_exit) {
                    let got = exit_code.map_or_else(|| "was killed by a signal".to_string(), |code| format!("exited with {code}"));
                    return Err(failed(tracker, format!("command `{command}` {got}, expected {expect_exit}")));
                }
            }
            ScriptStep::Usage { input_tokens, output_tokens, cost_usd, turns } => {
                let usage = EventKind::Usage {
                    input_tokens: *input_tokens,
                    output_tokens: *output_tokens,
                    cost_usd: Some(*cost_usd),
                    turns: Some(*turns),
                    scope: UsageScope::Delta,
                };
                if let Some(why) = tracker.emit(usage, raw) {
                    return Err(Stopped(FinishStatus::Budget, why));
                }
            }
            ScriptStep::Fail { message } => return Err(failed(tracker, message.clone())),
            ScriptStep::Sleep { ms } => {
                // Silence longer than the stall timeout is a stall, as for any worker.
                let wanted = std::time::Duration::from_millis(*ms);
                let now = TokioInstant::now();
                let stall_at = now + limits.stall_timeout;
                let wake = (now + wanted).min(stall_at).min(deadline);
                tokio::time::sleep_until(wake).await;
                if wake < now + wanted {
                    return Err(if wake == deadline {
                        Stopped(FinishStatus::Timeout, format!("wall-time limit of {} reached", human_duration(limits.wall_time)))
                    } else {
                        Stopped(FinishStatus::Stalled, format!("no output for {} (stall timeout)", human_duration(limits.stall_timeout)))
                    });
                }
            }
        }
        if TokioInstant::now() >= deadline {
            return Err(Stopped(FinishStatus::Timeout, format!("wall-time limit of {} reached", human_duration(limits.wall_time))));
        }
        Ok(())
    }
}

fn write_file(task: &TaskSpec, path: &str, content: &str) -> Result<FileChangeKind, String> {
    let real = resolve_in_worktree(&task.worktree, path)?;
    let change = if real.exists() { FileChangeKind::Modified } else { FileChangeKind::Added };
    if let Some(parent) = real.parent() {
        std::fs::create_dir_all(parent).map_err(|error| format!("write {path}: {error}"))?;
    }
    std::fs::write(&real, content).map_err(|error| format!("write {path}: {error}"))?;
    Ok(change)
}

fn edit_file(task: &TaskSpec, path: &str, find: &str, replace: &str) -> Result<(), String> {
    let real = resolve_in_worktree(&task.worktree, path)?;
    let text = std::fs::read_to_string(&real).map_err(|error| format!("edit {path}: {error}"))?;
    if find.is_empty() || !text.contains(find) {
        return Err(format!("edit {path}: the text to find is not in the file: {find:?}"));
    }
    std::fs::write(&real, text.replace(find, replace)).map_err(|error| format!("edit {path}: {error}"))
}

/// `sh -c command` in the worktree, in its own process group, until the deadline. `None`
/// when the deadline came first (the group is killed).
async fn run_shell(task: &TaskSpec, command: &str, deadline: TokioInstant) -> Result<Option<(Option<i32>, String)>, String> {
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(&task.worktree)
        .envs(&task.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0)
        .spawn()
        .map_err(|error| format!("could not run `sh -c {command}` in {}: {error}", task.worktree.display()))?;
    let group = GroupGuard::for_child(&child);
    let result = tokio::time::timeout_at(deadline, child.wait_with_output()).await;
    group.kill();
    match result {
        Ok(Ok(output)) => {
            let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&output.stderr));
            Ok(Some((output.status.code(), text)))
        }
        Ok(Err(error)) => Err(format!("waiting for `{command}`: {error}")),
        Err(_) => Ok(None),
    }
}
