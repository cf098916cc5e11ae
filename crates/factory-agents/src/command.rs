//! Any CLI as a worker: the prompt on stdin or as an argument, each stdout line a message,
//! exit code 0 a success. A line that is a factory event in JSON (`{"kind":"file_change",
//! ...}`, the [`crate::EventKind`] form) is taken as that event, so a wrapper script can
//! report precisely.

use crate::event::{EventKind, FinishStatus, Role};
use crate::json::parse_object;
use crate::process::{Finish, HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// How the prompt reaches the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptInput {
    Stdin,
    /// As the last argument, unless an argument holds `{prompt}`.
    Argument,
}

/// A CLI worker. Arguments may hold `{prompt}`, `{context_pack}`, `{worktree}`, `{task_id}`,
/// `{repo}` and `{attempt}`, replaced per task.
#[derive(Debug, Clone)]
pub struct CommandWorker {
    pub name: String,
    pub program: String,
    pub args: Vec<String>,
    pub prompt: PromptInput,
}

impl CommandWorker {
    pub fn arguments(&self, task: &TaskSpec) -> Vec<String> {
        let prompt = prompt_with_context(task);
        let context_pack = task.context_pack.as_ref().map(|path| path.display().to_string()).unwrap_or_default();
        let fill = |arg: &String| {
            arg.replace("{prompt}", &prompt)
                .replace("{context_pack}", &context_pack)
                .replace("{worktree}", &task.worktree.display().to_string())
                .replace("{task_id}", &task.task_id)
                .replace("{repo}", &task.repo)
                .replace("{attempt}", &task.attempt.to_string())
        };
        let mut args: Vec<String> = self.args.iter().map(fill).collect();
        if self.prompt == PromptInput::Argument && !self.args.iter().any(|arg| arg.contains("{prompt}")) {
            args.push(prompt);
        }
        args
    }
}

impl Worker for CommandWorker {
    fn name(&self) -> &str {
        &self.name
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            let stdin = match self.prompt {
                PromptInput::Stdin => StdinPlan::Text(prompt_with_context(task)),
                PromptInput::Argument => StdinPlan::Closed,
            };
            let plan = ProcessPlan { program: self.program.clone(), args: self.arguments(task), stdin, env: Vec::new() };
            run_process(plan, &mut CommandStream::default(), task, limits, cancel, sink).await
        })
    }
}

#[derive(Default)]
struct CommandStream {
    last_line: Option<String>,
}

impl StreamHandler for CommandStream {
    fn handle_line(&mut self, line: &str) -> HandledLine {
        let event = parse_object(line)
            .filter(|value| value.get("kind").is_some())
            .and_then(|value| serde_json::from_value::<EventKind>(value).ok());
        match event {
            Some(EventKind::Finished { status, summary }) => {
                HandledLine { events: Vec::new(), replies: Vec::new(), finish: Some(Finish::new(status, summary)) }
            }
            Some(event) => HandledLine::events(vec![event]),
            None => {
                self.last_line = Some(line.to_string());
                HandledLine::events(vec![EventKind::Message { role: Role::Assistant, text: line.to_string() }])
            }
        }
    }

    fn end_of_stream(&mut self) -> Option<Finish> {
        Some(Finish::new(FinishStatus::Success, self.last_line.clone().unwrap_or_else(|| "command finished".to_string())))
    }
}
