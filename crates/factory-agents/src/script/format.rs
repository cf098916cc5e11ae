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

    /// The entry for `task`, the most specific first: one naming the task id (and, if it
    /// names one, the repo), then one naming only the repo, then one naming neither; at each
    /// level an entry for this exact attempt before one without `attempt`.
    pub fn entry_for(&self, task: &TaskSpec) -> Option<&ScriptTask> {
        let specificity = |entry: &ScriptTask| -> Option<u8> {
            if entry.repo.as_ref().is_some_and(|repo| *repo != task.repo) || entry.task.as_ref().is_some_and(|id| *id != task.task_id) {
                return None;
            }
            let named = if entry.task.is_some() {
                4
            } else if entry.repo.is_some() {
                2
            } else {
                0
            };
            match entry.attempt {
                Some(attempt) if attempt == task.attempt => Some(named + 1),
                Some(_) => None,
                None => Some(named),
            }
        };
        // The first of the best: earlier entries win ties.
        self.tasks
            .iter()
            .filter_map(|entry| specificity(entry).map(|score| (score, entry)))
            .fold(None, |best: Option<(u8, &ScriptTask)>, (score, entry)| match best {
                Some((best_score, _)) if best_score >= score => best,
                _ => Some((score, entry)),
            })
            .map(|(_, entry)| entry)
    }
}
