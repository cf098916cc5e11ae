//! MicroProfile Reactive Messaging in code (SmallRye in Quarkus, Open Liberty, Helidon), in Java
//! and Kotlin: a method annotated `@Incoming("fights")` reads the channel `fights`, one annotated
//! `@Outgoing("fights")` writes it, and so does an injected `@Channel("fights") Emitter<Fight>`
//! (`MutinyEmitter`, `ContextualEmitter`, `KafkaTransactions`), while an injected
//! `@Channel("fights") Multi<Fight>` (a `Publisher`) reads it. The channel is a literal or a
//! constant of the file (`@Incoming(FIGHTS_CHANNEL_NAME)`).
//!
//! Whether the channel reaches a broker, and which topic, is the module's config's
//! (`readers::reactive_messaging`): each use names the constant that config records for a
//! connected channel, and one no config connects (an in-memory channel between two methods of
//! one service) is filled by nothing and dropped in resolution.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, named};
use super::config_names::file_constants;
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, names_of};
use crate::readers::reactive_messaging::{Way, channel_key};

/// Words of which a file naming a channel holds one.
pub(super) const GATE_WORDS: &[&str] = &["@Incoming", "@Outgoing", "@Channel"];

static ANNOTATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@(?P<annotation>Incoming|Outgoing|Channel)\s*\(").expect("a valid regex"));

/// What follows `@Channel(..)` up to the injected type: other annotations, modifiers, a Kotlin
/// name and colon, then the type's name before its type arguments.
static INJECTED_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:@[\w.]+(?:\s*\([^()]*\))?\s*)*",
        r"(?:(?:private|protected|public|internal|final|lateinit|val|var|override|open)\s+)*",
        r"(?:[a-z_]\w*\s*:\s*)?(?:[\w]+\.)*(?P<type>\w+)\s*<"
    ))
    .expect("a valid regex")
});

/// Injected types that send to their channel.
const EMITTERS: &[&str] = &["Emitter", "MutinyEmitter", "ContextualEmitter", "KafkaTransactions"];
/// Injected types that read their channel.
const STREAMS: &[&str] = &["Multi", "Publisher", "PublisherBuilder", "Flowable", "Flux"];

/// The protocol such a channel is given: its connector, in the config, says more.
const PROTOCOL: &str = "reactive messaging";

/// Every channel the Java or Kotlin file at `path` reads or writes, each named by the constant
/// its module's config gives a connected channel.
pub(super) fn channel_uses((path, extension): (&str, &str), text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    if !matches!(extension, "java" | "kt") || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return Vec::new();
    }
    let constants = file_constants(text);
    let mut uses = Vec::new();
    for captures in ANNOTATION.captures_iter(text) {
        let (Some(whole), Some(annotation)) = (captures.get(0), captures.name("annotation")) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((arguments, end)) = arguments(text, whole.end() - 1) else { continue };
        let way = match annotation.as_str() {
            "Incoming" => Way::Incoming,
            "Outgoing" => Way::Outgoing,
            _ => match INJECTED_TYPE.captures(&text[end..]).and_then(|injected| injected.name("type")).map(|name| name.as_str()) {
                Some(name) if EMITTERS.contains(&name) => Way::Outgoing,
                Some(name) if STREAMS.contains(&name) => Way::Incoming,
                _ => continue,
            },
        };
        let Some(argument) = arguments.first().map(|argument| named(argument, "value").unwrap_or(argument)) else { continue };
        for channel in names_of(argument, &constants) {
            // Another file's constant is not looked up: the channel's name is needed here.
            if channel.starts_with(CONSTANT_PREFIX) || channel.contains('.') {
                continue;
            }
            let direction = if way == Way::Incoming { Direction::Subscribes } else { Direction::Publishes };
            uses.push(ChannelUse { offset: whole.start(), direction, name: format!("{CONSTANT_PREFIX}{}", channel_key(path, way, &channel)), protocol: PROTOCOL });
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, text: &str) -> Vec<String> {
        let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
        channel_uses((path, extension), text, &Lines::new(text)).into_iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect()
    }

    #[test]
    fn annotated_methods_and_injected_channels_name_their_modules_channels() {
        let java = "class SuperStats {\n  static final String FIGHTS_CHANNEL_NAME = \"fights\";\n  SuperStats(@Broadcast @Channel(\"team-stats\") MutinyEmitter<TeamScore> emitter) {}\n  @Incoming(FIGHTS_CHANNEL_NAME)\n  @Outgoing(\"winner-stats\")\n  public Multi<Score> process(Multi<Fight> fights) {}\n  // @Incoming(\"old\")\n  @Inject @Channel(\"prices\") @OnOverflow(value = OnOverflow.Strategy.BUFFER) Flow.Publisher<Double> prices;\n  @Channel(\"other\") String notAChannel;\n  @Incoming(Channels.ELSEWHERE) void elsewhere(String value) {}\n}\n";
        assert_eq!(
            found("stats/src/main/java/Stats.java", java),
            [
                "Publishes const:reactive-messaging:stats:outgoing:team-stats",
                "Subscribes const:reactive-messaging:stats:incoming:fights",
                "Publishes const:reactive-messaging:stats:outgoing:winner-stats",
                "Subscribes const:reactive-messaging:stats:incoming:prices",
            ]
        );
        let kotlin = "class Fights(@Channel(\"fights\") private val emitter: MutinyEmitter<Fight>) {\n  @Incoming(value = \"orders\") fun on(order: Order) {}\n}\n";
        assert_eq!(found("src/main/kotlin/Fights.kt", kotlin), ["Publishes const:reactive-messaging::outgoing:fights", "Subscribes const:reactive-messaging::incoming:orders"]);
        assert!(found("src/main/Fights.go", kotlin).is_empty(), "Go has no such annotations");
    }
}
