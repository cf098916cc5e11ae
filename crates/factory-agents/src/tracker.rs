//! Forwards events to the sink while keeping the totals and checking them against the budget.

use crate::event::{EventKind, EventSink, FinishStatus, UsageScope, WorkerEvent};
use crate::task::{Limits, Totals};

pub(crate) struct Tracker<'a> {
    sink: &'a mut dyn EventSink,
    limits: &'a Limits,
    pub(crate) totals: Totals,
    pub(crate) events: u64,
    pub(crate) last_message: Option<String>,
}

impl<'a> Tracker<'a> {
    pub(crate) fn new(sink: &'a mut dyn EventSink, limits: &'a Limits) -> Self {
        Self { sink, limits, totals: Totals::default(), events: 0, last_message: None }
    }

    /// Sends one event on and returns the budget it broke, if any. A `finished` event is
    /// never sent through here: the run's end is decided by [`Tracker::finish`].
    pub(crate) fn emit(&mut self, kind: EventKind, raw: Option<&str>) -> Option<String> {
        match &kind {
            EventKind::Usage { input_tokens, output_tokens, cost_usd, turns, scope } => match scope {
                UsageScope::Delta => {
                    self.totals.input_tokens += input_tokens;
                    self.totals.output_tokens += output_tokens;
                    self.totals.cost_usd += cost_usd.unwrap_or(0.0);
                    self.totals.turns += turns.unwrap_or(0);
                }
                UsageScope::Total => {
                    self.totals.input_tokens = *input_tokens;
                    self.totals.output_tokens = *output_tokens;
                    if let Some(cost) = cost_usd {
                        self.totals.cost_usd = *cost;
                    }
                    if let Some(turns) = turns {
                        self.totals.turns = *turns;
                    }
                }
            },
            EventKind::Message { text, .. } if !text.trim().is_empty() => self.last_message = Some(text.clone()),
            _ => {}
        }
        self.send(kind, raw);
        self.broken_budget()
    }

    /// Sends the final `finished` event.
    pub(crate) fn finish(&mut self, status: FinishStatus, summary: &str, raw: Option<&str>) {
        self.send(EventKind::Finished { status, summary: summary.to_string() }, raw);
    }

    fn send(&mut self, kind: EventKind, raw: Option<&str>) {
        self.events += 1;
        self.sink.event(&WorkerEvent { kind, raw: raw.map(str::to_string) });
    }

    /// The first budget the totals are over, in words.
    pub(crate) fn broken_budget(&self) -> Option<String> {
        let totals = &self.totals;
        if let Some(max) = self.limits.max_turns
            && totals.turns > max
        {
            return Some(format!("turn budget reached: {} turns, limit {max}", totals.turns));
        }
        if let Some(max) = self.limits.max_tokens
            && totals.tokens() > max
        {
            return Some(format!("token budget reached: {} tokens, limit {max}", totals.tokens()));
        }
        if let Some(max) = self.limits.max_cost_usd
            && totals.cost_usd > max
        {
            return Some(format!("dollar budget reached: ${:.4}, limit ${max:.4}", totals.cost_usd));
        }
        None
    }
}
