//! What a Rust variable bound to a tonic rpc's `Response` hands on: its message, `let
//! shipment = response.into_inner();` (also `get_ref()`), and each message of a server stream,
//! `while let Some(event) = stream.message().await? { .. }` (also futures' `next()` and
//! `try_next()`, `Some(Ok(event))`). Each holds the rpc's reply as the variable it came from
//! does, so `shipment.tracking_url` is a read of the reply (tracker-rs of the seventh
//! planted-mismatch evaluation, org L, reads a `ShipmentEvent`'s fields this way).

use std::sync::LazyLock;

use regex::Regex;

use super::statements::scope_end;
use super::{Bindings, Lines, Syntax};
use crate::model::Binding;
use crate::readers::code::calls::enclosed_within;

/// `let shipment = response.into_inner();`, `let mut events = reply.into_inner();`.
static UNWRAPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\blet\s+(?:mut\s+)?(?P<name>[a-z_]\w*)\s*(?::[^=;{}]+)?=\s*(?P<holder>[a-z_]\w*)\s*\.\s*(?:into_inner|get_ref|get_mut)\s*\(\s*\)\s*;").expect("a valid regex")
});
/// `while let Some(event) = stream.message().await? {`, `while let Some(Ok(e)) = s.next().await {`.
static STREAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bwhile\s+let\s+Some\s*\(\s*(?:Ok\s*\(\s*)?(?P<name>[a-z_]\w*)\s*\)?\s*\)\s*=\s*(?P<holder>[a-z_]\w*)\s*\.\s*(?:message|next|try_next)\s*\(\s*\)\s*\.\s*await\s*\??\s*\{").expect("a valid regex")
});

/// Most variables followed from one reply: a reply unwrapped, then streamed, then each message's.
const MOST_HOPS: usize = 16;

/// Whether the text (literals blanked) may unwrap a tonic reply.
pub(super) fn may_unwrap(masked: &str) -> bool {
    masked.contains("into_inner()") || masked.contains("get_ref()") || masked.contains("get_mut()") || masked.contains("while let")
}

/// Binds the variables that take over a reply from a variable `found` has bound to an rpc's.
pub(super) fn bind(masked: &str, lines: &Lines<'_>, found: &mut Bindings) {
    let mut pending: Vec<(String, usize, usize, Binding)> = found
        .intervals
        .iter()
        .filter(|(_, _, _, binding, _)| matches!(binding, Binding::Response(call) if call.starts_with("grpc:")))
        .map(|(holder, first, last, binding, _)| (holder.clone(), *first, *last, binding.clone()))
        .collect();
    if pending.is_empty() {
        return;
    }
    // Each unwrapping or streaming statement once: (holder, name, line, its scope's last line).
    let mut takes: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (pattern, streamed) in [(&*UNWRAPPED, false), (&*STREAMED, true)] {
        for captures in pattern.captures_iter(masked) {
            let (Some(whole), Some(name), Some(holder)) = (captures.get(0), captures.name("name"), captures.name("holder")) else { continue };
            let end = match streamed {
                true => enclosed_within(masked, whole.end() - 1, 400_000).map_or(masked.len(), |(_, end)| end),
                false => scope_end(masked, whole.start(), Syntax::Braces),
            };
            takes.push((holder.as_str(), name.as_str(), lines.number(whole.start()), lines.number(end.saturating_sub(1).max(whole.start()))));
        }
    }
    let mut hops = 0;
    while let Some((holder, first, last, binding)) = pending.pop() {
        for &(_, name, line, scope_last) in takes.iter().filter(|(taken, _, line, _)| *taken == holder && first <= *line && *line <= last) {
            if hops == MOST_HOPS {
                return;
            }
            found.bind(name, (line, scope_last), binding.clone());
            pending.push((name.to_string(), line, scope_last, binding.clone()));
            hops += 1;
        }
    }
}
