//! Processes: detached services in their own process group with output to a log file, bounded
//! steps (setup, seed, probes, checks), and signalling a whole process group.
//!
//! Liveness is read from `/proc`, so a zombie (a dead process nobody has waited for yet) counts
//! as gone, whichever process is its parent.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The signal named in a declaration: `TERM`, `SIGTERM`, `INT`, ...
pub fn signal_from_name(name: &str) -> Option<Signal> {
    let name = name.trim().to_uppercase();
    let name = name.strip_prefix("SIG").unwrap_or(&name);
    Some(match name {
        "TERM" => Signal::SIGTERM,
        "INT" => Signal::SIGINT,
        "QUIT" => Signal::SIGQUIT,
        "HUP" => Signal::SIGHUP,
        "KILL" => Signal::SIGKILL,
        "USR1" => Signal::SIGUSR1,
        "USR2" => Signal::SIGUSR2,
        _ => return None,
    })
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(code) => write!(formatter, "exit status {code}"),
            Self::Signal(signal) => write!(formatter, "signal {signal}"),
        }
    }
}

fn exit_of(status: std::process::ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt as _;
    match status.code() {
        Some(code) => Exit::Code(code),
        None => Exit::Signal(status.signal().unwrap_or_default()),
    }
}

/// Opens `path` for appending (creating it), for a process's stdout and stderr.
pub fn open_log(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new().create(true).append(true).open(path)
}

/// Starts `program args` in its own process group with stdout and stderr appended to `log`.
/// The process is not tied to the caller: it keeps running after the caller exits, until it is
/// signalled. A background thread waits for it so that it never lingers as a zombie while the
/// caller lives; `on_exit` receives how it ended.
pub fn spawn_detached(
    argv: &[String],
    cwd: &Path,
    env: &BTreeMap<String, String>,
    log: &Path,
    on_exit: impl FnOnce(Exit) + Send + 'static,
) -> std::io::Result<u32> {
    use std::os::unix::process::CommandExt as _;
    let (program, args) = argv.split_first().ok_or_else(|| std::io::Error::other("empty command"))?;
    let stdout = open_log(log)?;
    let stderr = stdout.try_clone()?;
    let mut child = std::process::Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(env)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .process_group(0)
        .spawn()?;
    let pid = child.id();
    std::thread::spawn(move || {
        if let Ok(status) = child.wait() {
            on_exit(exit_of(status));
        }
    });
    Ok(pid)
}

/// What a bounded step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    Exited(Exit),
    TimedOut,
}

/// Runs `argv` in its own process group, output appended to `log`, killed (with its whole group)
/// after `timeout`. `on_spawn` gets the pid right after the spawn, to be recorded.
pub async fn run_step(
    argv: &[String],
    cwd: &Path,
    env: &BTreeMap<String, String>,
    log: &Path,
    timeout: Duration,
    on_spawn: impl FnOnce(u32),
) -> std::io::Result<StepOutcome> {
    let (program, args) = argv.split_first().ok_or_else(|| std::io::Error::other("empty command"))?;
    let stdout = open_log(log)?;
    let stderr = stdout.try_clone()?;
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(env)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .process_group(0)
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().unwrap_or_default();
    on_spawn(pid);
    match tokio::time::timeout(timeout, child.wait()).await {
        Ok(status) => {
            let status = status?;
            // Anything the step left behind in its group goes with it.
            kill_group(pid, Signal::SIGKILL);
            Ok(StepOutcome::Exited(exit_of(status)))
        }
        Err(_) => {
            kill_group(pid, Signal::SIGKILL);
            let _ = child.wait().await;
            Ok(StepOutcome::TimedOut)
        }
    }
}

/// Sends `signal` to every process of group `pgid`. A group that is already gone is fine.
pub fn kill_group(pgid: u32, signal: Signal) {
    if let Ok(pgid) = i32::try_from(pgid)
        && pgid > 1
    {
        let _ = kill(Pid::from_raw(-pgid), signal);
    }
}

/// Whether any live (not zombie) process belongs to group `pgid`.
pub fn group_alive(pgid: u32) -> bool {
    !group_members(pgid).is_empty()
}

/// The live (not zombie) processes of group `pgid`, read from `/proc`.
pub fn group_members(pgid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut members = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        if let Some((state, group)) = parse_stat(&stat)
            && group == pgid
            && state != 'Z'
            && state != 'X'
        {
            members.push(pid);
        }
    }
    members
}

/// Whether process `pid` is alive (and not a zombie).
pub fn pid_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| parse_stat(&stat))
        .is_some_and(|(state, _)| state != 'Z' && state != 'X')
}

/// When process `pid` started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`): with
/// the pid, it names one process even after the pid is reused.
pub fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

/// Whether the process `pid` that started at `started` (see [`start_ticks`]) still runs.
pub fn same_process_alive(pid: u32, started: Option<u64>) -> bool {
    pid_alive(pid) && (started.is_none() || start_ticks(pid) == started)
}

/// `(state, process group)` from the text of `/proc/<pid>/stat`.
fn parse_stat(stat: &str) -> Option<(char, u32)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let _parent = fields.next()?;
    let group = fields.next()?.parse().ok()?;
    Some((state, group))
}

/// Sends `signal` to group `pgid`, waits up to `grace` for the group to end, then SIGKILLs what
/// is left and waits for it to go. Returns whether SIGKILL was needed.
pub async fn stop_group(pgid: u32, signal: Signal, grace: Duration) -> bool {
    if !group_alive(pgid) {
        return false;
    }
    kill_group(pgid, signal);
    if wait_for_group_end(pgid, grace).await {
        return false;
    }
    kill_group(pgid, Signal::SIGKILL);
    wait_for_group_end(pgid, Duration::from_secs(5)).await;
    true
}

async fn wait_for_group_end(pgid: u32, limit: Duration) -> bool {
    let started = Instant::now();
    loop {
        if !group_alive(pgid) {
            return true;
        }
        if started.elapsed() >= limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The last `count` lines of a text file, or an empty string when it cannot be read.
pub fn last_lines(path: &Path, count: usize) -> String {
    let Ok(bytes) = std::fs::read(path) else { return String::new() };
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_under_its_own_start_time_only() {
        let me = std::process::id();
        let started = start_ticks(me);
        assert!(started.is_some());
        assert!(same_process_alive(me, started));
        assert!(!same_process_alive(me, started.map(|ticks| ticks + 1)));
        assert_eq!(group_members(me).is_empty(), !group_alive(me));
    }
}
