//! One git invocation: explicit environment, time limit, captured output.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// A git failure, naming the command and the directory it ran in.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("could not run git in {dir}: {source} (is git installed and on PATH?)")]
    Spawn { dir: PathBuf, source: std::io::Error },
    #[error("`git {args}` failed in {dir}: {stderr}")]
    Failed { dir: PathBuf, args: String, stderr: String },
    #[error("`git {args}` did not finish within {secs}s in {dir}")]
    Timeout { dir: PathBuf, args: String, secs: u64 },
    #[error("io error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Who a commit is by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl Identity {
    /// The factory's own identity, used as committer of everything it writes.
    pub fn factory() -> Self {
        Self { name: "Factory".into(), email: "factory@localhost".into() }
    }
}

pub(crate) struct GitCommand {
    dir: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
}

pub(crate) fn git(dir: &Path) -> GitCommand {
    GitCommand { dir: dir.to_path_buf(), args: Vec::new(), env: Vec::new(), stdin: None, timeout: Duration::from_secs(60) }
}

impl GitCommand {
    pub(crate) fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args.extend(args.into_iter().map(|arg| arg.as_ref().to_os_string()));
        self
    }

    pub(crate) fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key.into(), value.as_ref().to_os_string()));
        self
    }

    pub(crate) fn stdin(mut self, bytes: Vec<u8>) -> Self {
        self.stdin = Some(bytes);
        self
    }

    pub(crate) fn timeout_secs(mut self, secs: u64) -> Self {
        self.timeout = Duration::from_secs(secs);
        self
    }

    fn display_args(&self) -> String {
        self.args.iter().map(|arg| arg.to_string_lossy()).collect::<Vec<_>>().join(" ")
    }

    /// Runs git and returns its stdout as text, trimmed of the final newline.
    pub(crate) fn run(self) -> Result<String, GitError> {
        let bytes = self.run_bytes()?;
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }

    /// Runs git and returns its raw stdout.
    pub(crate) fn run_bytes(self) -> Result<Vec<u8>, GitError> {
        let mut command = Command::new("git");
        command
            .current_dir(&self.dir)
            .args(&self.args)
            // No prompts, no pager, no user or system hooks and templates in what we write.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_PAGER", "cat")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("LC_ALL", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command.spawn().map_err(|source| GitError::Spawn { dir: self.dir.clone(), source })?;
        let mut child_stdin = child.stdin.take();
        let stdin_bytes = self.stdin.clone();
        let writer = std::thread::spawn(move || {
            if let (Some(mut pipe), Some(bytes)) = (child_stdin.take(), stdin_bytes) {
                use std::io::Write;
                // A closed pipe means git stopped reading; its exit status says why.
                let _ = pipe.write_all(&bytes);
            }
        });
        let mut stdout_pipe = child.stdout.take();
        let mut stderr_pipe = child.stderr.take();
        let stdout_reader = std::thread::spawn(move || {
            let mut buffer = Vec::new();
            if let Some(pipe) = stdout_pipe.as_mut() {
                let _ = pipe.read_to_end(&mut buffer);
            }
            buffer
        });
        let stderr_reader = std::thread::spawn(move || {
            let mut buffer = Vec::new();
            if let Some(pipe) = stderr_pipe.as_mut() {
                let _ = pipe.read_to_end(&mut buffer);
            }
            buffer
        });
        let status = match child.wait_timeout(self.timeout) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::Timeout { dir: self.dir.clone(), args: self.display_args(), secs: self.timeout.as_secs() });
            }
            Err(source) => return Err(GitError::Spawn { dir: self.dir.clone(), source }),
        };
        let _ = writer.join();
        let stdout = stdout_reader.join().unwrap_or_default();
        let stderr = stderr_reader.join().unwrap_or_default();
        if status.success() {
            Ok(stdout)
        } else {
            let stderr = String::from_utf8_lossy(&stderr).trim().to_string();
            Err(GitError::Failed { dir: self.dir.clone(), args: self.display_args(), stderr })
        }
    }
}
