//! Statements and scopes, cut without a parser on text whose literals and comment lines are
//! blanked ([`super::Masked`]): a statement runs from the line its outermost open bracket is
//! on to the line end where its brackets close and nothing continues it; a variable's scope is
//! its brace block, or in Python its function.

use super::Syntax;
use crate::readers::code::calls::enclosed_within;

/// Line ends that leave a statement open on the next line.
const CONTINUATIONS: &[&str] = &["(", "[", ",", "=", ".", "\\", "+", "-", "&&", "||", "?", "=>", "await", "return", "|", "??"];

/// The statement holding `offset`, as (start, end) offsets of `masked`: from the start of the
/// line its outermost open bracket is on (earlier lines when they continue into it) to the
/// line end where its brackets are closed and nothing continues it.
pub(super) fn statement(masked: &str, offset: usize, syntax: Syntax) -> (usize, usize) {
    let bytes = masked.as_bytes();
    let limit = offset.saturating_sub(3000);
    let mut depth = 0usize;
    let mut index = offset.min(bytes.len());
    let mut start = 0;
    while index > limit {
        index -= 1;
        match bytes[index] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' if depth > 0 => depth -= 1,
            b'{' if depth > 0 => depth -= 1,
            // An object literal argument (`f({ url })`, `= {`) goes on; a block's `{` ends it.
            b'{' => {
                let before = masked[..index].trim_end();
                if !before.ends_with(['(', ',', ':', '=', '[']) {
                    start = index + 1;
                    break;
                }
            }
            b';' if depth == 0 => {
                start = index + 1;
                break;
            }
            b'\n' if depth == 0 => {
                let leaving = masked[index + 1..].trim_start();
                let previous = masked[..index].trim_end();
                let continued = leaving.starts_with('.') || leaving.starts_with(')') || CONTINUATIONS.iter().any(|end| previous.ends_with(end));
                if !continued {
                    start = index + 1;
                    break;
                }
            }
            _ => {}
        }
        start = index;
    }
    let end = statement_end(masked, start, syntax);
    (start, end.max(offset.min(bytes.len())))
}

/// Where the statement starting at `start` ends.
pub(super) fn statement_end(masked: &str, start: usize, syntax: Syntax) -> usize {
    let bytes = masked.as_bytes();
    let mut depth = 0i32;
    let mut index = start;
    let limit = (start + 3000).min(bytes.len());
    while index < limit {
        match bytes[index] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return index;
                }
            }
            b';' if depth == 0 && syntax == Syntax::Braces => return index,
            b'\n' if depth <= 0 => {
                let line_so_far = masked[start..index].trim_end();
                let next = masked[index + 1..].trim_start();
                let continued = next.starts_with('.') || CONTINUATIONS.iter().any(|end| line_so_far.ends_with(end));
                if !continued {
                    return index;
                }
            }
            _ => {}
        }
        index += 1;
    }
    limit
}

/// Where the scope of a variable declared by the statement at `start` ends: its block's `}`
/// or, in Python, its function's last line (the file's end for module-level code).
pub(super) fn scope_end(masked: &str, start: usize, syntax: Syntax) -> usize {
    match syntax {
        Syntax::Braces => match enclosing_block(masked, start) {
            Some(open) => enclosed_within(masked, open, 400_000).map_or(masked.len(), |(_, end)| end),
            None => masked.len(),
        },
        Syntax::Python => match enclosing_def(masked, start) {
            Some((def_start, def_indent)) => python_body_end(masked, def_start, def_indent),
            None => masked.len(),
        },
    }
}

/// The end of the body of the Python block whose header line starts at `header` with
/// indentation `indent`: its last line more indented than the header.
pub(super) fn python_body_end(masked: &str, header: usize, indent: usize) -> usize {
    let mut offset = masked[header..].find('\n').map_or(masked.len(), |at| header + at + 1);
    let mut end = offset;
    for line in masked[offset.min(masked.len())..].split('\n') {
        if !line.trim().is_empty() {
            if line.len() - line.trim_start().len() <= indent {
                break;
            }
            end = offset + line.len();
        }
        offset += line.len() + 1;
    }
    end.min(masked.len())
}

/// The `{` of the innermost block holding `offset`.
fn enclosing_block(masked: &str, offset: usize) -> Option<usize> {
    let bytes = masked.as_bytes();
    let mut depth = 0usize;
    let mut index = offset.min(bytes.len());
    while index > 0 {
        index -= 1;
        match bytes[index] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return Some(index),
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The `def` line holding `offset` in Python (its start and indentation).
pub(super) fn enclosing_def(masked: &str, offset: usize) -> Option<(usize, usize)> {
    let line_start = masked[..offset.min(masked.len())].rfind('\n').map_or(0, |at| at + 1);
    let line = &masked[line_start..];
    let mut indent = line.len() - line.trim_start().len();
    let mut end = line_start;
    while end > 0 {
        let start = masked[..end - 1].rfind('\n').map_or(0, |at| at + 1);
        let text = &masked[start..end - 1];
        end = start;
        if text.trim().is_empty() {
            continue;
        }
        let text_indent = text.len() - text.trim_start().len();
        if text_indent < indent {
            let trimmed = text.trim_start();
            if trimmed.starts_with("def ") || trimmed.starts_with("async def ") {
                return Some((start, text_indent));
            }
            if trimmed.starts_with("class ") {
                return None;
            }
            indent = text_indent;
        }
    }
    None
}
