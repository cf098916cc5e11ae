//! Redis Streams as channels: producers append to a stream that consumer groups read, as they
//! would a Kafka topic (EvoTicket's Spring Boot services meet on streams such as
//! `ticket-access-sync` through Spring Data Redis). A stream is published to by
//! - Spring Data Redis's `opsForStream().add("orders", map)` (on a `StreamOperations` a variable
//!   holds too) and, in a file calling `opsForStream()`, by the record it adds:
//!   `StreamRecords.newRecord().in("orders")`, `.withStreamKey("orders")`,
//!   `MapRecord.create("orders", map)`, `ObjectRecord.create(..)`;
//! - `xadd("orders", ..)` (redis-py, ioredis, Jedis, Lettuce), node-redis's `xAdd`,
//!   StackExchange.Redis's `StreamAdd`, go-redis's `XAddArgs{Stream: "orders"}`;
//!
//! and subscribed to by
//! - Spring Data Redis's `StreamOffset.create("orders", ReadOffset.lastConsumed())`,
//!   `.fromStart(..)`, `.latest(..)` (what a listener container's `receive`/`receiveAutoAck` and
//!   `opsForStream().read(..)` are given), Lettuce's `XReadArgs.StreamOffset.lastConsumed(..)`
//!   and `.from("orders", "0")`;
//! - `xreadgroup`/`xread`: redis-py's `{"orders": ">"}`, ioredis's keys after `"STREAMS"`,
//!   node-redis's `{ key: "orders", id: ">" }`, go-redis's `XReadGroupArgs{Streams:
//!   []string{"orders", ">"}}`, StackExchange.Redis's `StreamReadGroup("orders", ..)`.
//!
//! A stream is named by a literal or a constant as any channel is, by a parameter the file's own
//! calls fill, or by the variable of a loop over a list constant (EvoTicket's notification
//! service: `LIST_STREAM_KEY.forEach(streamKey -> listenerContainer.receive(..,
//! StreamOffset.create(streamKey, ..), this))` over `List.of("forgot-password-otp",
//! "welcome-signup")`). A parameter of a helper other files call (EvoTicket's
//! `RedisStreamProducer.sendMessage(String streamKey, Object message)`, called as
//! `redisStreamProducer.sendMessage("ticket-access-sync", event)`) names nothing here. Only files
//! naming Redis are read; a value's `opsForValue().set(..)`, a hash's or a list's commands are no
//! stream (lists are `messaging`'s queues).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, enclosed, enclosed_within, last_assignment, named, split_top_level, string_literal, word_offsets};
use super::config_names::file_constants;
use super::messaging::{ChannelUse, Direction, names_of, redis_key};
use super::parameters::channel_names;

/// The protocol a stream's channel is given.
pub(super) const PROTOCOL: &str = "redis-stream";

/// Words of which a file naming a stream holds at least one (each alternative of [`STREAM_CALL`]
/// holds one).
pub(super) const GATE_WORDS: &[&str] = &["StreamOffset", "withStreamKey", "newRecord", "Record.create", "opsForStream", "xadd", "xAdd", "XAdd", "StreamAdd", "xread", "xRead", "XRead", "StreamRead"];

/// The calls, constructors and Go struct literals that name a stream.
static STREAM_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?P<verb>xadd|xAdd|XAdd|StreamAdd(?:Async)?|xreadgroup|xReadGroup|xread|xRead|StreamReadGroup(?:Async)?|StreamRead(?:Async)?)\s*\(",
        r"|\bStreamOffset\s*\.\s*(?P<offset>create|fromStart|latest|lastConsumed|from)\s*\(",
        r"|\b(?P<record>withStreamKey|(?:MapRecord|ObjectRecord|StringRecord|ByteRecord)\.create|newRecord\s*\(\s*\)\s*\.\s*in)\s*\(",
        r"|\bopsForStream\s*(?:<[^()]*>)?\s*\(\s*\)\s*\.\s*(?P<add>add)\s*\(",
        r"|\b(?P<go_struct>XAddArgs|XReadGroupArgs|XReadArgs)\s*\{",
    ))
    .expect("a valid regex")
});

/// A variable given a `StreamOperations`: `StreamOperations<String, Object, Object> ops =
/// redisTemplate.opsForStream();`, Kotlin's `val ops = template.opsForStream<String, Any>()`.
static STREAM_OPERATIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\s*=\s*(?:[\w.]+\s*\.\s*)?opsForStream\s*(?:<[^()]*>)?\s*\(\s*\)\s*;?\s*$").expect("a valid regex"));

/// The loops whose variable takes each item of a list: Java's `LIST.forEach(key -> ..)` and
/// `for (String key : LIST)`, Kotlin's `LIST.forEach { key -> .. }` and `for (key in LIST)`,
/// JavaScript's `for (const key of LIST)`.
static LOOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<lambda_list>[A-Za-z_][\w.]*)\s*\.\s*forEach\s*(?P<lambda_open>[({])\s*\(?\s*(?:final\s+)?(?:[\w<>]+\s+)?(?P<lambda>[A-Za-z_]\w*)\s*\)?\s*->",
        r"|\bfor\s*\(\s*(?:final\s+|const\s+|let\s+|var\s+|val\s+)?(?:[\w<>\[\]]+\s+)?(?P<each>[A-Za-z_]\w*)\s*(?::|\bin\b|\bof\b)\s*(?P<each_list>[A-Za-z_][\w.]*)\s*\)",
    ))
    .expect("a valid regex")
});

/// How far a loop's body may reach, in bytes.
const LOOP_BYTES: usize = 20_000;

/// Every stream use of a file that names Redis.
pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut uses = Vec::new();
    if !["redis", "Redis", "REDIS"].iter().any(|word| text.contains(word)) || (!STREAM_CALL.is_match(text) && !text.contains("opsForStream")) {
        return uses;
    }
    let constant = file_constants(text);
    let constants: &dyn Fn(&str) -> Option<String> = &constant;
    let names = |at: usize, argument: &str| stream_names(extension, text, lines, at, argument, constants);
    let sends_records = text.contains("opsForStream");
    for captures in STREAM_CALL.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        let mut found = |direction: Direction, names: Vec<String>| uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol: PROTOCOL }));
        if let Some(structure) = captures.name("go_struct") {
            let Some((fields, _)) = enclosed(text, whole.end() - 1) else { continue };
            let fields = split_top_level(fields);
            if structure.as_str() == "XAddArgs" {
                let streams = fields.iter().filter_map(|field| named(field, "Stream")).flat_map(|stream| names(whole.start(), stream)).collect();
                found(Direction::Publishes, streams);
            } else {
                let streams = fields.iter().filter_map(|field| named(field, "Streams")).flat_map(|streams| listed_keys(streams)).flat_map(|stream| names(whole.start(), stream)).collect();
                found(Direction::Subscribes, streams);
            }
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        let first = arguments.first().copied().unwrap_or("");
        if captures.name("record").is_some() {
            if sends_records {
                found(Direction::Publishes, names(whole.start(), first));
            }
        } else if captures.name("add").is_some() {
            // `add(record)` sends the record, whose stream its construction names.
            if arguments.len() >= 2 {
                found(Direction::Publishes, names(whole.start(), first));
            }
        } else if let Some(offset) = captures.name("offset") {
            // Spring's `StreamOffset.from(record)` takes a record; Lettuce's `from(name, offset)` a name.
            if offset.as_str() != "from" || arguments.len() == 2 {
                found(Direction::Subscribes, names(whole.start(), first));
            }
        } else {
            let verb = captures.name("verb").map_or("", |verb| verb.as_str());
            match verb {
                "xadd" | "xAdd" | "XAdd" | "StreamAdd" | "StreamAddAsync" => {
                    let key = arguments.iter().find_map(|argument| named(argument, "name")).unwrap_or(redis_key(&arguments));
                    // go-redis's `XAdd(ctx, &redis.XAddArgs{..})`: the struct names it.
                    if !key.contains('{') {
                        found(Direction::Publishes, names(whole.start(), key));
                    }
                }
                "StreamReadGroup" | "StreamReadGroupAsync" | "StreamRead" | "StreamReadAsync" => found(Direction::Subscribes, names(whole.start(), first)),
                _ => {
                    let streams = read_streams(extension, &arguments).into_iter().flat_map(|stream| names(whole.start(), stream)).collect();
                    found(Direction::Subscribes, streams);
                }
            }
        }
    }
    // A `StreamOperations` held by a variable: `ops.add("orders", map)`.
    for variable in text.lines().filter_map(|line| STREAM_OPERATIONS.captures(line)).filter_map(|captures| captures.get(1)).map(|variable| variable.as_str()) {
        for at in word_offsets(text, variable) {
            let rest = &text[at + variable.len()..];
            let Some(call) = rest.trim_start().strip_prefix('.').map(str::trim_start).and_then(|call| call.strip_prefix("add")).map(str::trim_start) else { continue };
            if !call.starts_with('(') || lines.is_comment(at) {
                continue;
            }
            let open = text.len() - call.len();
            let Some((arguments, _)) = super::calls::arguments(text, open) else { continue };
            if arguments.len() >= 2 {
                let streams = names(at, arguments[0]);
                uses.extend(streams.into_iter().map(|name| ChannelUse { offset: at, direction: Direction::Publishes, name, protocol: PROTOCOL }));
            }
        }
    }
    uses
}

/// The channel names `argument` (met at `at`) gives: each item of the list a loop's variable
/// takes, else what [`channel_names`] reads (a literal, a constant, a local variable, a
/// parameter the file's calls fill), else, for a JVM method's parameter no call of the file
/// fills, what other files' calls pass (EvoTicket's `RedisStreamProducer.sendMessage(String
/// streamKey, ..)`, [`super::passed_members`]).
fn stream_names(extension: &str, text: &str, lines: &Lines<'_>, at: usize, argument: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    if let Some(list) = looped_list(text, at, argument.trim()) {
        return list_items(text, list, constants);
    }
    match channel_names(extension, text, at, argument, constants) {
        names if names.is_empty() => super::passed_members::parameter_channel(extension, text, lines, at, argument.trim()).into_iter().collect(),
        names => names,
    }
}

/// The list whose items the variable `name` takes in a loop whose body
/// holds `at`, the innermost such loop.
fn looped_list<'text>(text: &'text str, at: usize, name: &str) -> Option<&'text str> {
    if name.is_empty() || !name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
        return None;
    }
    let before = &text[..at];
    LOOP.captures_iter(before)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let (variable, list, body) = match (captures.name("lambda"), captures.name("each")) {
                (Some(variable), _) => (variable, captures.name("lambda_list")?, captures.name("lambda_open")?.start()),
                (None, Some(variable)) => {
                    let rest = &text[whole.end()..];
                    let brace = whole.end() + (rest.len() - rest.trim_start().len());
                    (variable, captures.name("each_list")?, brace)
                }
                (None, None) => return None,
            };
            if variable.as_str() != name {
                return None;
            }
            let holds = match text.as_bytes().get(body) {
                Some(b'(' | b'{') => enclosed_within(text, body, LOOP_BYTES).is_some_and(|(_, end)| end > at),
                // A loop of one statement.
                _ => !text[body..at].contains([';', '{', '}']),
            };
            holds.then_some(list.as_str())
        })
        .last()
}

/// The channel names a list named `list` holds: the items of the value the file gives it
/// (`List.of("a", "b")`, `listOf(..)`, `{"a", "b"}`, `["a", "b"]`), else what the name itself
/// names (another file's constant).
fn list_items(text: &str, list: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let name = list.rsplit('.').next().unwrap_or(list);
    let Some((_, start)) = last_assignment(text, name) else { return names_of(list, constants) };
    let rest = &text[start..];
    let start = start + (rest.len() - rest.trim_start().len());
    let rest = &text[start..];
    // The value ends with its statement or its line, unless a bracket opened before reaches on.
    let line_end = rest.find([';', '\n']).unwrap_or(rest.len());
    let end = match rest.find(['(', '[', '{']).filter(|open| *open < line_end) {
        Some(open) => enclosed_within(text, start + open, LOOP_BYTES).map_or(line_end, |(_, end)| end - start),
        None => line_end,
    };
    names_of(&rest[..end], constants)
}

/// The expressions naming the streams an `xreadgroup`/`xread` call reads: ioredis's keys after
/// `"STREAMS"` (the first half of what follows: the ids come after the keys), redis-py's dict
/// keys (`{"orders": ">"}`, `streams={..}`), node-redis's `{ key: "orders", id: ">" }` (a list
/// of them too; its options, `{ COUNT: 1 }`, name none).
fn read_streams<'a>(extension: &str, arguments: &[&'a str]) -> Vec<&'a str> {
    if let Some(streams) = arguments.iter().position(|argument| string_literal(argument).is_some_and(|word| word.eq_ignore_ascii_case("streams"))) {
        let rest = &arguments[streams + 1..];
        return rest[..rest.len() / 2].to_vec();
    }
    let python = extension == "py";
    arguments.iter().map(|argument| named(argument, "streams").unwrap_or(argument)).flat_map(|argument| dict_keys(argument, python)).collect()
}

/// The `key`s of node-redis's stream objects (`{ key: "orders", id: ">" }`, `[{ key: "a", id:
/// ">" }, ..]`), and in Python a dict's keys (`{"orders": ">"}` gives `"orders"`).
fn dict_keys(argument: &str, python: bool) -> Vec<&str> {
    let argument = argument.trim();
    if argument.starts_with('[') {
        let Some((inner, _)) = enclosed(argument, 0) else { return Vec::new() };
        return split_top_level(inner).into_iter().filter(|item| item.starts_with('{')).flat_map(|item| dict_keys(item, python)).collect();
    }
    if !argument.starts_with('{') {
        return Vec::new();
    }
    let Some((inner, _)) = enclosed(argument, 0) else { return Vec::new() };
    let items = split_top_level(inner);
    if let Some(key) = items.iter().find_map(|item| named(item, "key")) {
        return vec![key];
    }
    if !python {
        return Vec::new();
    }
    items.into_iter().filter_map(dict_key).collect()
}

/// The key of a dict's `key: value` item, a literal (which may hold a `:`) or a name.
fn dict_key(item: &str) -> Option<&str> {
    let quote = item.chars().next().filter(|first| matches!(first, '"' | '\''));
    let end = match quote {
        Some(quote) => item[1..].find(quote)? + 2,
        None => item.find(':')?,
    };
    item[end..].trim_start().starts_with(':').then(|| item[..end].trim())
}

/// The first half of a Go `[]string{"orders", ">"}`: the streams, before their ids.
fn listed_keys(streams: &str) -> Vec<&str> {
    let Some(open) = streams.find('{') else { return Vec::new() };
    let Some((inner, _)) = enclosed(streams, open) else { return Vec::new() };
    let items = split_top_level(inner);
    items[..items.len() / 2].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each stream use as `direction name`.
    fn found(extension: &str, text: &str) -> Vec<String> {
        uses(extension, text, &Lines::new(text)).into_iter().map(|found| format!("{} {}", found.direction.edge_kind(), found.name)).collect()
    }

    #[test]
    fn spring_data_redis_adds_records_and_reads_offsets() {
        let producer = "import org.springframework.data.redis.connection.stream.StreamRecords;\nclass P {\n  void send(Object m) {\n    ObjectRecord<String, Object> r = StreamRecords.newRecord().ofObject(m).withStreamKey(\"ticket-access-sync\");\n    redisTemplate.opsForStream().add(r);\n    redisTemplate.opsForStream().add(\"order-paid\", Map.of(\"k\", \"v\"));\n    redisTemplate.opsForStream().add(StreamRecords.newRecord().in(AUDIT).ofMap(body));\n    redisTemplate.opsForStream().add(MapRecord.create(\"payments\", body));\n    redisTemplate.opsForValue().set(\"cache-key\", m);\n    redisTemplate.opsForHash().put(\"h\", \"k\", m);\n  }\n  static final String AUDIT = \"audit\";\n}\n";
        assert_eq!(found("java", producer), ["publishes ticket-access-sync", "publishes order-paid", "publishes audit", "publishes payments"]);
        let held = "import org.springframework.data.redis.core.StreamOperations;\nclass P {\n  void send() {\n    StreamOperations<String, Object, Object> ops = redisTemplate.opsForStream();\n    ops.add(\"orders\", body);\n    other.add(\"x\", body);\n  }\n}\n";
        assert_eq!(found("java", held), ["publishes orders"]);
        let consumer = "import org.springframework.data.redis.connection.stream.StreamOffset;\nclass C {\n  private static final String STREAM_KEY = \"ticket-access-sync\";\n  void init() {\n    container.receive(Consumer.from(GROUP, NAME), StreamOffset.create(STREAM_KEY, ReadOffset.lastConsumed()), this);\n    container.receiveAutoAck(Consumer.from(GROUP, NAME), StreamOffset.fromStart(\"audit\"), this);\n    container.receive(StreamOffset.latest(\"prices\"), this);\n    // container.receive(StreamOffset.latest(\"old\"), this);\n    redisTemplate.opsForStream().read(StreamOffset.from(record));\n  }\n}\n";
        assert_eq!(found("java", consumer), ["subscribes ticket-access-sync", "subscribes audit", "subscribes prices"]);
        let record_only = "import org.springframework.data.redis.connection.stream.StreamRecords;\nclass R { Record<String, Object> r() { return StreamRecords.newRecord().in(\"orders\").ofObject(o); } }\n";
        assert!(found("java", record_only).is_empty(), "a record built where no stream is written to");
        let no_redis = "class C { void f() { StreamOffset.create(\"orders\", x); } }\n";
        assert!(found("java", no_redis).is_empty(), "a file naming no Redis");
    }

    /// EvoTicket's consumers subscribe each stream of a list constant in a `forEach`.
    #[test]
    fn a_loop_over_a_list_constant_reads_each_stream() {
        let consumer = "import org.springframework.data.redis.connection.stream.StreamOffset;\nclass C {\n  private static final List<String> LIST_STREAM_KEY = List.of(\n      \"forgot-password-otp\",\n      \"welcome-signup\");\n  void init() {\n    LIST_STREAM_KEY.forEach(streamKey -> {\n      Subscription sub = listenerContainer.receive(\n          Consumer.from(CONSUMER_GROUP, CONSUMER_NAME),\n          StreamOffset.create(streamKey, ReadOffset.lastConsumed()),\n          this);\n    });\n    for (String key : OTHER) { container.receive(StreamOffset.latest(key), this); }\n  }\n  static final String[] OTHER = {\"a\", \"b\"};\n}\n";
        assert_eq!(found("java", consumer), ["subscribes forgot-password-otp", "subscribes welcome-signup", "subscribes a", "subscribes b"]);
        let kotlin = "import org.springframework.data.redis.connection.stream.StreamOffset\nval STREAMS = listOf(\"orders\", \"payments\")\nfun init() {\n  STREAMS.forEach { key ->\n    container.receive(StreamOffset.create(key, ReadOffset.lastConsumed()), listener)\n  }\n}\n";
        assert_eq!(found("kt", kotlin), ["subscribes orders", "subscribes payments"]);
        let outside = "import org.springframework.data.redis.connection.stream.StreamOffset;\nclass C {\n  void init() {\n    LIST.forEach(key -> log(key));\n    container.receive(StreamOffset.latest(key), this);\n  }\n  static final List<String> LIST = List.of(\"a\");\n}\n";
        assert!(found("java", outside).is_empty(), "a name after the loop is not its variable");
    }

    /// A helper of the file given the stream by the file's calls; one no call of the file fills
    /// (EvoTicket's `RedisStreamProducer.sendMessage`) names nothing.
    #[test]
    fn a_helpers_stream_is_what_the_files_calls_pass() {
        let helper = "import org.springframework.data.redis.connection.stream.StreamRecords;\nclass P {\n  void paid(Object e) { sendMessage(\"order-paid\", e); }\n  public void sendMessage(String streamKey, Object message) {\n    ObjectRecord<String, Object> r = StreamRecords.newRecord().ofObject(message).withStreamKey(streamKey);\n    redisTemplate.opsForStream().add(r);\n  }\n}\n";
        assert_eq!(found("java", helper), ["publishes order-paid"]);
        let unfilled = helper.replace("  void paid(Object e) { sendMessage(\"order-paid\", e); }\n", "");
        // No call of its own file fills it: other files' calls will (`super::passed_members`).
        assert_eq!(found("java", &unfilled), ["publishes param:P.sendMessage#0"]);
    }

    #[test]
    fn stream_commands_of_other_clients() {
        let python = "import redis\nr = redis.Redis()\nSTREAM = 'orders'\nr.xadd(STREAM, {'id': 1})\nr.xadd(name='audit', fields={})\nr.xreadgroup('g', 'c', {STREAM: '>', 'pay:ments': '>'}, count=1)\nr.xread(streams={'prices': '$'})\nr.set('orders', 1)\nr.hset('h', 'k', 1)\n";
        assert_eq!(found("py", python), ["publishes orders", "publishes audit", "subscribes orders", "subscribes pay:ments", "subscribes prices"]);
        let ioredis = "const Redis = require('ioredis');\nawait redis.xadd('orders', '*', 'id', id);\nawait redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'BLOCK', 0, 'STREAMS', 'orders', 'payments', '>', '>');\n";
        assert_eq!(found("js", ioredis), ["publishes orders", "subscribes orders", "subscribes payments"]);
        let node_redis = "import { createClient } from 'redis';\nawait client.xAdd('orders', '*', { id });\nawait client.xReadGroup('g', 'c', { key: 'orders', id: '>' }, { COUNT: 1 });\nawait client.xRead([{ key: 'a', id: '$' }, { key: 'b', id: '$' }]);\n";
        assert_eq!(found("ts", node_redis), ["publishes orders", "subscribes orders", "subscribes a", "subscribes b"]);
        let go = "import \"github.com/redis/go-redis/v9\"\nrdb.XAdd(ctx, &redis.XAddArgs{Stream: \"orders\", Values: map[string]interface{}{\"id\": id}})\nrdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: \"g\", Consumer: \"c\", Streams: []string{\"orders\", \"payments\", \">\", \">\"}})\nrdb.RPush(ctx, \"jobs\", x)\n";
        assert_eq!(found("go", go), ["publishes orders", "subscribes orders", "subscribes payments"]);
        let dotnet = "using StackExchange.Redis;\nawait db.StreamAddAsync(\"orders\", values);\nvar entries = await db.StreamReadGroupAsync(\"orders\", \"g\", \"c\");\nawait db.ListLeftPushAsync(\"jobs\", x);\n";
        assert_eq!(found("cs", dotnet), ["publishes orders", "subscribes orders"]);
    }
}
