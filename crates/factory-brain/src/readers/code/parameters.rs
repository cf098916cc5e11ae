//! What a plain name stands for where a channel or a message is named by one: a local variable
//! given a value earlier in its function (`topic := TopicExpirationComplete`), or a parameter of
//! the function, whose values are the arguments the file's own calls of it pass
//! (`p.publish(ctx, TopicTicketCreated, ..)` for `func (p *Producer) publish(ctx
//! context.Context, topic, key string, ..)`, grpc-polyglot-ticketing's ticket service). Followed
//! a few steps, never into other files: a parameter no call of its file fills is told as such
//! ([`unfilled_parameter`]), for calls in other files to fill in resolution.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed_within, last_assignment, named, split_top_level, word_offsets};
use super::messaging::names_of;

/// How many variables and calls are followed from a use to the value it names.
pub(super) const STEPS: usize = 3;

/// How long a call of the function may be: its arguments build a whole event at times.
const CALL_BYTES: usize = 4000;

/// A function or method declaration holding an offset: its name, where the name stands, its
/// parameters' names, and where its body opens.
#[derive(Debug)]
pub(super) struct Function<'text> {
    pub(super) name: &'text str,
    pub(super) at: usize,
    pub(super) parameters: Vec<&'text str>,
    pub(super) body: usize,
}

/// The channel names `argument` (met at `at`) gives: what [`names_of`] reads off it, else, for
/// a local name, the value its function gives it or the values the file's calls of the
/// function pass for it.
pub(super) fn channel_names(extension: &str, text: &str, at: usize, argument: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut names = Vec::new();
    for name in values(extension, text, at, argument, STEPS).into_iter().flat_map(|(_, value)| names_of(value, constants)) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The expressions `argument` (met at `at`) stands for, each with where it was met: itself
/// unless it is a local name, else what it is assigned before `at` in its function, else the
/// arguments the file's calls of the function pass for the parameter of that name.
pub(super) fn values<'text>(extension: &str, text: &'text str, at: usize, argument: &'text str, steps: usize) -> Vec<(usize, &'text str)> {
    let trimmed = argument.trim().trim_start_matches(['&', '*']).trim();
    if steps == 0 || !is_local_name(trimmed) {
        return vec![(at, argument)];
    }
    let function = enclosing_function(extension, text, at);
    let looped = loop_items(text, function.as_ref().map_or(0, |function| function.body), at, trimmed);
    if !looped.is_empty() {
        return looped.into_iter().flat_map(|(offset, value)| values(extension, text, offset, value, steps - 1)).collect();
    }
    if let Some(function) = &function
        && let Some((name_at, start)) = last_assignment(&text[function.body..at], trimmed)
    {
        let start = function.body + start;
        let end = text[start..].find(['\n', ';']).map_or(text.len(), |end| start + end);
        let assigned = values(extension, text, start, text[start..end].trim(), steps - 1);
        // Given in a block the use is not in (`if .. { topic = "stock.insufficient" }`, JFKTBonny's
        // polyglot-microservices inventory service), the value before stands too.
        let depth = |offset: usize| text[function.body..offset].matches('{').count().saturating_sub(text[function.body..offset].matches('}').count());
        if depth(start) > depth(at) {
            let mut earlier = values(extension, text, function.body + name_at, argument, steps - 1);
            earlier.retain(|(_, value)| value.trim() != trimmed);
            earlier.extend(assigned);
            return earlier;
        }
        return assigned;
    }
    // A loop's variable, in a function this reads (an arrow function's body is not) or not.
    let listed = listed_values(text, function.as_ref().map_or(0, |function| function.body), at, trimmed);
    if !listed.is_empty() {
        return listed.into_iter().flat_map(|(offset, value)| values(extension, text, offset, value, steps - 1)).collect();
    }
    let Some(function) = function else { return vec![(at, argument)] };
    let Some(index) = function.parameters.iter().position(|parameter| *parameter == trimmed) else { return vec![(at, argument)] };
    call_sites(text, &function)
        .filter_map(|open| Some((open, *split_top_level(enclosed_within(text, open, CALL_BYTES)?.0).get(index)?)))
        .flat_map(|(open, passed)| values(extension, text, open, passed, steps - 1))
        .collect()
}

/// The items of a list a loop's header writes out, each with its offset, when `name` is the
/// loop's variable at `at`: Go's `for _, key := range []string{KeyPriceChanged,
/// KeyProductDiscontinued}` (pricing-go of the seventh planted-mismatch evaluation's org K),
/// JavaScript's `for (const key of ['a', 'b'])`, Python's `for key in ("a", "b"):`.
fn loop_items<'text>(text: &'text str, body: usize, at: usize, name: &str) -> Vec<(usize, &'text str)> {
    static LIST_LOOP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"for\s+(?:_\s*,\s*)?(?P<go>[A-Za-z_]\w*)\s*:=\s*range\s+\[\]string\s*\{|for\s*\(\s*(?:const|let|var)\s+(?P<js>[A-Za-z_$][\w$]*)\s+of\s+\[|for\s+(?P<py>[A-Za-z_]\w*)\s+in\s+[\[(]").expect("a valid regex")
    });
    let scope = &text[body..at];
    // Of a loop over a mapping's keys and one over a list, the nearer one binds the name.
    let listed = LIST_LOOP.captures_iter(scope).filter(|found| found.name("go").or_else(|| found.name("js")).or_else(|| found.name("py")).is_some_and(|variable| variable.as_str() == name)).last();
    let (keyed_at, keys) = mapping_keys(text, scope, name);
    if !keys.is_empty() && listed.as_ref().and_then(|found| found.get(0)).is_none_or(|whole| whole.start() < keyed_at) {
        return keys;
    }
    if let Some(found) = listed
        && let Some(whole) = found.get(0)
        && let Some((items, _)) = enclosed_within(text, body + whole.end() - 1, CALL_BYTES)
    {
        let offset_of = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
        return split_top_level(items).into_iter().filter(|item| !item.is_empty()).map(|item| (offset_of(item), item)).collect();
    }
    Vec::new()
}

/// The keys of a mapping the file writes out, each with its offset, when `name` is a loop's
/// variable over them in `scope`: Python's `for key in HANDLERS:` (`.keys()`, `for key, _ in
/// HANDLERS.items()`), Ruby's `ROUTES.each_key { |key| .. }` (`ROUTES.keys.each`, `ROUTES.each
/// { |key, handler| .. }`), JavaScript's `for (const key of Object.keys(HANDLERS))` and `for
/// (const key in HANDLERS)`, over `HANDLERS = { "shipment.cancelled": .., .. }` (Ruby's `=>`):
/// billing-service of the eighth planted-mismatch evaluation's org N binds its queue to each
/// routing key of its table of handlers.
fn mapping_keys<'text>(text: &'text str, scope: &str, name: &str) -> (usize, Vec<(usize, &'text str)>) {
    static MAPPING_LOOP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"for\s+(?P<py>[A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)?\s+in\s+(?:self\.|cls\.)?(?P<py_map>[A-Za-z_]\w*)(?:\.keys\(\)|\.items\(\))?\s*:",
            r"|(?:self\.|@)?(?P<rb_map>[A-Za-z_]\w*)\.(?:each_key|keys\.each|each)\s*(?:\{|do)\s*\|\s*(?P<rb>[A-Za-z_]\w*)",
            r"|for\s*\(\s*(?:const|let|var)\s+(?P<js>[A-Za-z_$][\w$]*)\s+(?:of\s+Object\.keys\(\s*(?:this\.)?(?P<js_keys>[A-Za-z_$][\w$]*)\s*\)|in\s+(?:this\.)?(?P<js_in>[A-Za-z_$][\w$]*))\s*\)",
        ))
        .expect("a valid regex")
    });
    let Some((header, mapping)) = MAPPING_LOOP
        .captures_iter(scope)
        .filter(|found| found.name("py").or_else(|| found.name("rb")).or_else(|| found.name("js")).is_some_and(|variable| variable.as_str() == name))
        .last()
        .and_then(|found| Some((found.get(0)?.start(), found.name("py_map").or_else(|| found.name("rb_map")).or_else(|| found.name("js_keys")).or_else(|| found.name("js_in"))?.as_str())))
    else {
        return (0, Vec::new());
    };
    // `HANDLERS = {`, `ROUTES = {`, `self.handlers = {`, `const HANDLERS: Record<..> = {`: the
    // name followed by an optional type, `=` and the mapping's `{`.
    let open = word_offsets(text, mapping).find_map(|at| {
        let mut rest = text[at + mapping.len()..].trim_start_matches([' ', '\t']);
        if let Some(typed) = rest.strip_prefix(':') {
            rest = &typed[typed.find(['=', '\n'])?..];
        }
        let value = rest.strip_prefix('=').filter(|value| !value.starts_with(['=', '>']))?.trim_start_matches([' ', '\t']);
        value.starts_with('{').then(|| text.len() - value.len())
    });
    let Some((entries, _)) = open.and_then(|open| enclosed_within(text, open, CALL_BYTES)) else { return (0, Vec::new()) };
    let offset_of = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    let keys = split_top_level(entries)
        .into_iter()
        .filter_map(|entry| {
            let entry = entry.trim();
            // `"a.b": handler` (Python, JavaScript: the value may be an arrow function), Ruby's `"a.b" => :handler`.
            let key = leading_literal(entry).or_else(|| entry.split_once("=>").map(|(key, _)| key))?;
            let key = key.trim();
            super::calls::string_literal(key).is_some().then(|| (offset_of(key), key))
        })
        .collect();
    (header, keys)
}

/// The quoted string an entry starts with, its quotes kept: `"a.b"` of `"a.b": handler`.
fn leading_literal(entry: &str) -> Option<&str> {
    let quote = entry.chars().next().filter(|quote| matches!(quote, '"' | '\''))?;
    let close = entry[1..].find(quote)? + 1;
    entry[close + 1..].trim_start().starts_with(':').then(|| &entry[..=close])
}

/// The values a loop variable destructured from a list of objects the function writes out takes,
/// each with its offset: `for (const { queueName, routingKey } of queues)` over `const queues =
/// [{ queueName: process.env.ACCOUNT_QUEUE, routingKey: process.env.ACCOUNT_ROUTING_KEY }, ..]`
/// (polyglot-ecommerce's notification service binding one queue per event), the `routingKey` of
/// each object. Empty when `name` is no such variable between `body` and `at`.
fn listed_values<'text>(text: &'text str, body: usize, at: usize, name: &str) -> Vec<(usize, &'text str)> {
    static LOOP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"for\s*\(\s*(?:const|let|var)\s*\{(?P<names>[^{}]*)\}\s*of\s+(?P<list>[A-Za-z_$][\w$]*)\s*\)").expect("a valid regex"));
    let scope = &text[body..at];
    let Some((found, key)) = LOOP.captures_iter(scope).filter_map(|found| {
        // `{ routingKey }` or `{ routingKey: key }`: the object's key, named `name` here.
        let key = found.name("names")?.as_str().split(',').find_map(|entry| {
            let (key, local) = entry.split_once(':').map_or((entry.trim(), entry.trim()), |(key, local)| (key.trim(), local.trim()));
            (local == name).then_some(key)
        })?;
        Some((found.name("list")?, key))
    }).last() else {
        return Vec::new();
    };
    let Some((_, start)) = last_assignment(&scope[..found.start()], found.as_str()) else { return Vec::new() };
    let open = body + start + (scope[start..].len() - scope[start..].trim_start().len());
    if text.as_bytes().get(open) != Some(&b'[') {
        return Vec::new();
    }
    let Some((items, _)) = enclosed_within(text, open, CALL_BYTES) else { return Vec::new() };
    let offset_of = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    split_top_level(items)
        .into_iter()
        .filter(|item| item.starts_with('{'))
        .filter_map(|item| split_top_level(enclosed_within(text, offset_of(item), CALL_BYTES)?.0).into_iter().find_map(|entry| named(entry, key)))
        .map(|value| (offset_of(value), value))
        .collect()
}

/// The function whose parameter `argument` (met at `at`, perhaps through local variables given
/// it) stands for, and the parameter's position, when no call in the file passes it: Rishi855's
/// ecommerce order service declares `func NewProducer(broker, topic string)` in
/// `internal/events/producer.go` and calls it from `cmd/main.go`.
pub(super) fn unfilled_parameter<'text>(extension: &str, text: &'text str, at: usize, argument: &'text str) -> Option<(Function<'text>, usize)> {
    let mut at = at;
    let mut argument = argument;
    for _ in 0..STEPS {
        let trimmed = argument.trim().trim_start_matches(['&', '*']).trim();
        if !is_local_name(trimmed) {
            return None;
        }
        let function = enclosing_function(extension, text, at)?;
        if let Some((_, start)) = last_assignment(&text[function.body..at], trimmed) {
            at = function.body + start;
            let end = text[at..].find(['\n', ';']).map_or(text.len(), |end| at + end);
            argument = text[at..end].trim();
            continue;
        }
        let index = function.parameters.iter().position(|parameter| *parameter == trimmed)?;
        let called = call_sites(text, &function).next().is_some();
        return (!called).then_some((function, index));
    }
    None
}

/// Whether a name could be a local variable or a parameter: no member access, and not written
/// like a constant or a type.
fn is_local_name(name: &str) -> bool {
    name.starts_with(|first: char| first.is_ascii_lowercase() || first == '_') && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_')
}

/// Words that open a block like a declaration does but declare no function.
const NOT_FUNCTIONS: &[&str] = &["if", "for", "foreach", "while", "switch", "catch", "synchronized", "using", "lock", "when", "return", "fixed", "with"];

/// The function or method whose body holds `at`: Go's `func` at the start of a line, or in a
/// braced language a name, its parameters and a body (a `throws` clause or a return type
/// between them).
pub(super) fn enclosing_function<'text>(extension: &str, text: &'text str, at: usize) -> Option<Function<'text>> {
    static GO_FUNCTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^func\s*(?:\([^()]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?\(").expect("a valid regex"));
    static DECLARATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\s*(?:<[^<>(){};]*>\s*)?\(").expect("a valid regex"));
    let before = &text[..at];
    if extension == "go" {
        let found = GO_FUNCTION.captures_iter(before).last()?;
        let name = found.get(1)?;
        let function = declared(text, name.as_str(), name.start(), found.get(0)?.end() - 1, extension)?;
        return (function.body <= at && closes_after(text, function.body - 1, at)).then_some(function);
    }
    let candidates: Vec<_> = DECLARATION.captures_iter(before).filter_map(|found| found.get(1).map(|name| (name, found.get(0).map_or(0, |whole| whole.end() - 1)))).collect();
    candidates.into_iter().rev().take(400).find_map(|(name, open)| {
        if NOT_FUNCTIONS.contains(&name.as_str()) {
            return None;
        }
        let function = declared(text, name.as_str(), name.start(), open, extension)?;
        (function.body <= at && closes_after(text, function.body - 1, at)).then_some(function)
    })
}

/// The declaration whose parameters open at `open`, when what follows them opens a body: its
/// parameters read as declarations (`String topic`, `topic: String`, Go's `topic, key string`).
pub(super) fn declared<'text>(text: &'text str, name: &'text str, at: usize, open: usize, extension: &str) -> Option<Function<'text>> {
    let (parameters, end) = arguments(text, open)?;
    let rest = &text[end..];
    // Go's results (`(string, error)`, `interface{}`) sit between the parameters and the body;
    // the body's brace ends the line.
    let brace = if extension == "go" {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..line_end].trim_end();
        end + line.strip_suffix('{').map(str::len)?
    } else {
        let gap = rest.find(['{', ';', '=', '}'])?;
        (rest.as_bytes()[gap] == b'{' && !rest[..gap].contains(['(', ')'])).then_some(end + gap)?
    };
    let names = parameters.iter().map(|parameter| parameter_name(extension, parameter)).collect::<Option<Vec<_>>>()?;
    Some(Function { name, at, parameters: names, body: brace + 1 })
}

/// A parameter's name: Go's first word, Kotlin's and TypeScript's name before `:`, else the
/// last word of a Java or C# declaration (`final String topic`). `None` for what declares
/// nothing (a literal or a call: the text was a call, not a declaration).
fn parameter_name<'text>(extension: &str, parameter: &'text str) -> Option<&'text str> {
    let parameter = parameter.split('=').next().unwrap_or(parameter).trim();
    let is_name = |word: &str| !word.is_empty() && word.chars().all(|character| character.is_alphanumeric() || character == '_');
    let name = if extension == "go" {
        parameter.split_whitespace().next()?
    } else if let Some((before, _)) = parameter.split_once(':') {
        before.split_whitespace().last()?.trim_start_matches('?')
    } else {
        let words: Vec<&str> = parameter.split_whitespace().filter(|word| !word.starts_with('@')).collect();
        if words.len() < 2 && !matches!(extension, "js" | "mjs" | "cjs" | "jsx") {
            return None;
        }
        *words.last()?
    };
    is_name(name).then_some(name)
}

/// Whether the block whose brace is at `open` closes after `at`.
fn closes_after(text: &str, open: usize, at: usize) -> bool {
    enclosed_within(text, open, 200_000).is_some_and(|(_, end)| end > at)
}

/// Where the file's calls of `function` open their arguments: the name followed by `(` (a
/// generic's type arguments between), not at its own declaration.
fn call_sites<'text>(text: &'text str, function: &'text Function<'text>) -> impl Iterator<Item = usize> + 'text {
    word_offsets(text, function.name).filter(move |&at| at != function.at).filter_map(move |at| {
        let after = at + function.name.len();
        let rest = &text[after..];
        let skipped = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        let generics = match rest.as_bytes().first() {
            Some(b'<' | b'[') => enclosed_type_arguments(rest)?,
            _ => 0,
        };
        (rest[generics..].trim_start().starts_with('(')).then(|| after + skipped + generics + (rest[generics..].len() - rest[generics..].trim_start().len()))
    })
}

/// The length of a type argument list (`<Order>`, Go's `[T]`) at the start of `rest`.
fn enclosed_type_arguments(rest: &str) -> Option<usize> {
    let (open, close) = if rest.starts_with('<') { ('<', '>') } else { ('[', ']') };
    let mut depth = 0usize;
    for (index, character) in rest.char_indices().take(200) {
        if character == open {
            depth += 1;
        } else if character == close {
            depth -= 1;
            if depth == 0 {
                return Some(index + 1);
            }
        } else if matches!(character, '(' | ')' | ';' | '{' | '}') {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(extension: &str, text: &str, argument: &str) -> Vec<String> {
        let at = text.rfind(argument).expect("the argument is in the text");
        let constants = super::super::calls::string_constants(text);
        channel_names(extension, text, at, argument, &|name: &str| constants.get(name).cloned())
    }

    #[test]
    fn a_parameter_takes_the_values_the_files_calls_pass() {
        let go = "const TopicA = \"tickets.created\"\nconst TopicB = \"tickets.updated\"\n\nfunc (p *Producer) A(ctx context.Context) error {\n\treturn p.publish(ctx, TopicA, \"k\")\n}\n\nfunc (p *Producer) B(ctx context.Context) error {\n\treturn p.publish(ctx, TopicB, \"k\")\n}\n\nfunc (p *Producer) publish(ctx context.Context, topic, key string) error {\n\treturn p.p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}})\n}\n";
        assert_eq!(names("go", go, "&topic"), ["tickets.created", "tickets.updated"]);
        let java = "class S {\n  void a() { writeOutbox(\"orders.created\", id); }\n  void b() {\n    writeOutbox(\"orders.cancelled\", id);\n  }\n  private void writeOutbox(String topic, String key) throws IOException {\n    repo.save(new OutboxMessage(topic, key));\n  }\n}\n";
        let at = java.rfind("topic, key))").expect("there");
        assert_eq!(channel_names("java", java, at, "topic", &|_| None), ["orders.created", "orders.cancelled"]);
    }

    #[test]
    fn a_loop_variable_takes_each_listed_objects_value() {
        let js = "const start = async () => {\n  const channel = getChannel();\n  const queues = [\n    { queueName: process.env.ACCOUNT_QUEUE, routingKey: process.env.ACCOUNT_ROUTING_KEY, handle: a },\n    { queueName: 'orders', routingKey: 'notification.order', handle: b },\n  ];\n  for (const { queueName, routingKey: key } of queues) {\n    await channel.bindQueue(queueName, exchange, key);\n  }\n};\n";
        let at = js.rfind("key);").expect("there");
        assert_eq!(channel_names("js", js, at, "key", &|_| None), ["const:env:ACCOUNT_ROUTING_KEY", "notification.order"]);
        let elsewhere = "const start = async (config) => {\n  for (const { routingKey } of config.queues) {\n    await channel.bindQueue(q, exchange, routingKey);\n  }\n};\n";
        let at = elsewhere.rfind("routingKey);").expect("there");
        assert!(channel_names("js", elsewhere, at, "routingKey", &|_| None).is_empty(), "a list the function does not write out names nothing");
    }

    #[test]
    fn a_loop_variable_over_a_mappings_keys_takes_each_key() {
        let js = "const HANDLERS = {\n  'order.paid': (m) => paid(m),\n  'order.shipped': shipped,\n};\nfor (const key of Object.keys(HANDLERS)) {\n  await channel.bindQueue(q, exchange, key);\n}\n";
        let at = js.rfind("key);").expect("there");
        assert_eq!(channel_names("js", js, at, "key", &|_| None), ["order.paid", "order.shipped"], "an arrow function's `=>` is the value's");
        let ruby = "ROUTES = {\n  \"order.paid\" => :paid,\n  \"order.shipped\" => :shipped\n}.freeze\nROUTES.each_key { |key| queue.bind(exchange, routing_key: key) }\n";
        let at = ruby.rfind("key) }").expect("there");
        assert_eq!(channel_names("rb", ruby, at, "key", &|_| None), ["order.paid", "order.shipped"]);
        let nearer = "HANDLERS = {\"order.paid\": paid}\nfor key in HANDLERS:\n    pass\nfor key in [\"audit.all\"]:\n    await queue.bind(exchange, routing_key=key)\n";
        let at = nearer.rfind("key)").expect("there");
        assert_eq!(channel_names("py", nearer, at, "key", &|_| None), ["audit.all"], "the nearer loop binds the name");
    }

    #[test]
    fn a_local_variable_takes_its_assigned_value() {
        let go = "const TopicDone = \"orders.done\"\n\nfunc (p *Producer) Done(ctx context.Context) error {\n\ttopic := TopicDone\n\tdlq := topic + \".dlq\"\n\treturn p.p.Produce(&ck.Message{TopicPartition: ck.TopicPartition{Topic: &topic}}, nil)\n}\n";
        assert_eq!(names("go", go, "&topic"), ["orders.done"]);
        let branched = "func reserve(ok bool) error {\n\ttopic := \"stock.reserved\"\n\tif !ok {\n\t\ttopic = \"stock.insufficient\"\n\t}\n\treturn send(topic)\n}\n";
        assert_eq!(names("go", branched, "topic"), ["stock.reserved", "stock.insufficient"]);
        let elsewhere = "func Publish(topic string, v []byte) error {\n\treturn p.Produce(&ck.Message{TopicPartition: ck.TopicPartition{Topic: &topic}}, nil)\n}\n";
        assert!(names("go", elsewhere, "&topic").is_empty(), "a parameter no call of the file passes names nothing");
    }
}
