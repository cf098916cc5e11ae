//! The normalised event stream every worker produces, and where it goes.

use serde::{Deserialize, Serialize};

/// One thing a worker did or said, with the raw line it came from (`None` for events the
/// factory itself produced, such as the final `finished` after a limit was hit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerEvent {
    #[serde(flatten)]
    pub kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// What happened, tagged by `kind` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// Text from the agent (or, with role `system`, from the factory about the session).
    Message { role: Role, text: String },
    /// The agent called a tool.
    ToolCall { name: String, input: serde_json::Value },
    /// A file in the worktree was created, changed or deleted. `path` is as the agent named it.
    FileChange { path: String, change: FileChangeKind },
    /// A shell command ran. `exit_code` is `None` when the agent does not report it.
    Command { command: String, exit_code: Option<i32>, output: String },
    /// Tokens, money and turns spent. See [`UsageScope`] for how it adds up.
    Usage { input_tokens: u64, output_tokens: u64, cost_usd: Option<f64>, turns: Option<u32>, scope: UsageScope },
    /// Something went wrong that the agent reported; the run may still continue.
    Error { message: String },
    /// The last event of every run, exactly once.
    Finished { status: FinishStatus, summary: String },
    /// A line the adapter does not understand, kept rather than dropped. `event_type` is the
    /// line's own type name when it had one.
    Unknown { event_type: Option<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Assistant,
    User,
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChangeKind {
    Added,
    Modified,
    Deleted,
    /// Created or replaced whole; the agent's report does not say which.
    Written,
}

/// How a `usage` event adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageScope {
    /// Spent since the previous usage event: added to the running totals.
    Delta,
    /// The agent's own total for the whole session: replaces the running totals.
    Total,
}

/// How a worker run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishStatus {
    Success,
    Failed,
    Cancelled,
    /// A turn, token or dollar budget was reached.
    Budget,
    /// No event for longer than the stall timeout.
    Stalled,
    /// The wall-time limit was reached.
    Timeout,
}

impl FinishStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Budget => "budget",
            Self::Stalled => "stalled",
            Self::Timeout => "timeout",
        }
    }
}

/// Where a worker's events go, in order, as they happen. The run engine journals them; tests
/// collect them with [`EventLog`].
pub trait EventSink: Send {
    fn event(&mut self, event: &WorkerEvent);
}

/// A sink that keeps every event in memory.
#[derive(Debug, Default, Clone)]
pub struct EventLog {
    pub events: Vec<WorkerEvent>,
}

impl EventSink for EventLog {
    fn event(&mut self, event: &WorkerEvent) {
        self.events.push(event.clone());
    }
}

/// A sink that forwards every event to a channel, for an engine that consumes them on
/// another task. Events sent after the receiver is gone are dropped.
#[derive(Debug, Clone)]
pub struct ChannelSink(pub tokio::sync::mpsc::UnboundedSender<WorkerEvent>);

impl EventSink for ChannelSink {
    fn event(&mut self, event: &WorkerEvent) {
        // The receiver went away: the engine no longer wants events, the run still ends cleanly.
        let _ = self.0.send(event.clone());
    }
}
