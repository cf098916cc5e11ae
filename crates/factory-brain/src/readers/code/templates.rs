//! Lines of code with their string literals taken out, keeping what templates interpolate:
//! a JavaScript template's `${order.total}` and a Python f-string's `{order.total}` are code
//! (notify-py of the seventh planted-mismatch evaluation's org L writes
//! `f"Track it at {shipment.trackingUrl.value}"`), a quoted `"${orders.topic}"` is a Spring
//! placeholder.

use std::borrow::Cow;

/// `line` with each literal (byte ranges, in order) replaced by `""`, each expression a
/// template among them interpolates appended as `+ (expression)`.
pub(super) fn without_literals<'line>(line: &'line str, literals: &[(usize, usize)]) -> Cow<'line, str> {
    if literals.is_empty() {
        return Cow::Borrowed(line);
    }
    let mut code = String::with_capacity(line.len());
    let mut copied = 0;
    for &(start, end) in literals {
        code.push_str(&line[copied..start]);
        code.push_str("\"\"");
        let literal = line.get(start..end).unwrap_or("");
        let expressions: Box<dyn Iterator<Item = &str>> = if literal.starts_with('`') {
            Box::new(interpolations(literal, "${"))
        } else if f_string(&line[..start]) {
            Box::new(interpolations(literal, "{").filter(|expression| !expression.is_empty()).map(without_format))
        } else {
            Box::new(std::iter::empty())
        };
        for expression in expressions {
            code.push_str(" + (");
            code.push_str(expression);
            code.push(')');
        }
        copied = end;
    }
    code.push_str(&line[copied..]);
    Cow::Owned(code)
}

/// Whether a literal after `before` is a Python f-string: its prefix (`f`, `rf`, `F`) ends
/// `before`, not as the end of a longer word.
fn f_string(before: &str) -> bool {
    let prefix_length = before.bytes().rev().take_while(|byte| matches!(byte, b'f' | b'F' | b'r' | b'R')).count();
    let prefix = &before[before.len() - prefix_length..];
    let word_before = before[..before.len() - prefix_length].bytes().next_back().is_some_and(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    (1..=2).contains(&prefix_length) && prefix.contains(['f', 'F']) && !word_before
}

/// An f-string expression without its conversion or format (`x` of `x!r`, `x:>10`): cut at the
/// first `!` or `:` outside brackets.
fn without_format(expression: &str) -> &str {
    let mut depth = 0usize;
    for (index, character) in expression.char_indices() {
        match character {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '!' if depth == 0 && !expression[index + 1..].starts_with('=') => return &expression[..index],
            ':' if depth == 0 => return &expression[..index],
            _ => {}
        }
    }
    // `{x=}` prints the expression and its value.
    expression.strip_suffix('=').filter(|inner| !inner.ends_with(['=', '!', '<', '>'])).unwrap_or(expression)
}

/// The expressions a template literal interpolates after each `open` (`${` or an f-string's
/// `{`, whose `{{` is a brace), braces inside them balanced.
fn interpolations<'a>(literal: &'a str, open: &'static str) -> impl Iterator<Item = &'a str> {
    let mut rest = literal;
    std::iter::from_fn(move || loop {
        let at = rest.find(open)?;
        if open == "{" && rest[at + 1..].starts_with('{') {
            rest = &rest[at + 2..];
            continue;
        }
        let inside = &rest[at + open.len()..];
        let mut depth = 0usize;
        let end = inside.char_indices().find(|&(_, character)| match character {
            '{' => {
                depth += 1;
                false
            }
            '}' if depth == 0 => true,
            '}' => {
                depth -= 1;
                false
            }
            _ => false,
        });
        let end = end.map_or(inside.len(), |(end, _)| end);
        rest = inside.get(end + 1..).unwrap_or("");
        return Some(&inside[..end]);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_keep_their_expressions() {
        let line = "f\"Track {shipment.tracking_url.value!r} {{x}} {n:>3}\" + `${order.total}` + \"${spring.topic}\"";
        let first_end = line.find("\" +").expect("the f-string's end") + 1;
        let second = line.find('`').expect("the template");
        let second_end = line[second + 1..].find('`').expect("the template's end") + second + 2;
        let third = line.rfind("\"$").expect("the placeholder");
        let literals = [(1, first_end), (second, second_end), (third, line.len())];
        assert_eq!(without_literals(line, &literals), "f\"\" + (shipment.tracking_url.value) + (n) + \"\" + (order.total) + \"\"");
        assert!(!f_string("elif"), "a word ending in f");
        assert!(f_string("x = rf"));
    }
}
