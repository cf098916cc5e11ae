//! The script file: steps per task and attempt (documented in the crate docs).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::task::{AgentError, TaskSpec};

/// A whole script file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Script {
    #[serde(default, rename = "task")]
    pub tasks: Vec<ScriptTask>,
}

/// The steps for one task (by repo and/or task id), for one attempt or for any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScriptTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    #[serde(default, rename = "step")]
    pub steps: Vec<ScriptStep>,
}

/// One step, tagged by `action`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ScriptStep {
    Message {
        text: String,
    },
    /// Creates or replaces a file.
    Write {
        path: String,
        content: String,
    },
    /// Replaces every occurrence of `find`; fails when there is none.
    Edit {
        path: String,
        find: String,
        replace: String,
    },
    /// A unified diff applied with `git apply`.
    Patch {
        diff: String,
    },
    /// `sh -c command` in the worktree; fails unless it exits with `expect_exit`.
    Run {
        command: String,
        #[serde(default)]
        expect_exit: i32,
    },
    Usage {
        #[serde(default)]
        input_tokens: u64,
        #[serde(default)]
        output_tokens: u64,
        #[serde(default)]
        cost_usd: f64,
        #[serde(default)]
        turns: u32,
    },
    Fail {
        message: String,
    },
    Sleep {
        ms: u64,
    },
}

impl Script {
    /// Reads a script: JSON when the file ends in `.json`, TOML otherwise.
    pub fn load(path: &Path) -> Result<Script, AgentError> {
        let text = std::fs::read_to_string(path).map_err(|source| AgentError::Io { path: path.to_path_buf(), source })?;
        Self::parse(path, &text)
    }

    /// Parses script text; `path` picks the format and names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Script, AgentError> {
        let bad = |message: String| AgentError::Script { path: path.to_path_buf(), message };
        if path.extension().is_some_and(|extension| extension == "json") {
            serde_json::from_str(text).map_err(|error| bad(error.to_string()))
        } else {
            toml::from_str(text).map_err(|error| bad(error.to_string().trim().to_string()))
        }
    }

    /// The entry for `task`: one whose `repo` and `task` (those it sets) match, with this
    /// exact attempt, else one that sets no attempt.
    pub fn entry_for(&self, task: &TaskSpec) -> Option<&ScriptTask> {
        let matching = |entry: &&ScriptTask| {
            entry.repo.as_ref().is_none_or(|repo| *repo == task.repo) && entry.task.as_ref().is_none_or(|id| *id == task.task_id)
        };
        self.tasks
            .iter()
            .filter(matching)
            .find(|entry| entry.attempt == Some(task.attempt))
            .or_else(|| self.tasks.iter().filter(matching).find(|entry| entry.attempt.is_none()))
    }
}
