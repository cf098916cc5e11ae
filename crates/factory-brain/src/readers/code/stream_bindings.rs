//! Spring Cloud Stream in code: the bindings code sends through or reads from by name,
//! `streamBridge.send("orders-out-0", event)`, the annotation model's `@Output("orders")` and
//! `@Input("payments")` on a bindings interface, and `@StreamListener("payments")`. A binding's
//! destination is config's (`spring.cloud.stream.bindings.orders.destination`), read in
//! resolution by that key; a binding no config names goes to the destination of its own name,
//! as Spring does.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, named};
use super::config_names::file_constants;
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, names_of};
use crate::readers::spring_stream::BINDINGS;

/// Words of which a file naming a binding holds one.
pub(super) const GATE_WORDS: &[&str] = &["StreamBridge", "streamBridge", "@Output", "@Input", "@StreamListener"];

static BINDING_USE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\bstreamBridge\s*\.\s*(?P<send>send)\s*\(|@(?P<annotation>Output|Input|StreamListener)\s*\()").expect("a valid regex"));

/// The bindings model's own binding names: `Sink.INPUT` is `input`.
const MODEL_BINDINGS: &[(&str, &str)] = &[("Sink.INPUT", "input"), ("Processor.INPUT", "input"), ("Source.OUTPUT", "output"), ("Processor.OUTPUT", "output")];

/// Every binding the file sends through or reads from, as a channel named by the binding's
/// destination setting.
pub(super) fn binding_uses(text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    if !GATE_WORDS.iter().any(|word| text.contains(word)) || !text.contains("stream") {
        return Vec::new();
    }
    let constants = file_constants(text);
    let mut uses = Vec::new();
    for captures in BINDING_USE.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        let (direction, argument) = match captures.name("annotation").map(|annotation| annotation.as_str()) {
            Some("Output") => (Direction::Publishes, arguments.first().copied()),
            Some(_) => (Direction::Subscribes, arguments.iter().find_map(|argument| named(argument, "value").or_else(|| named(argument, "target"))).or(arguments.first().copied())),
            None => (Direction::Publishes, arguments.first().copied()),
        };
        // `streamBridge.send("orders", event)`: a binding only with what it sends.
        if captures.name("send").is_some() && arguments.len() < 2 {
            continue;
        }
        let argument = argument.unwrap_or("").trim();
        let bindings = match MODEL_BINDINGS.iter().find(|(written, _)| *written == argument) {
            Some((_, binding)) => vec![binding.to_string()],
            None => names_of(argument, &constants),
        };
        for binding in bindings {
            // A name the file's constants could not give (`"${..}"` setting) is no binding's.
            if binding.starts_with(CONSTANT_PREFIX) || binding.contains('.') {
                continue;
            }
            let name = format!("{CONSTANT_PREFIX}{BINDINGS}{binding}.destination");
            uses.push(ChannelUse { offset: whole.start(), direction, name, protocol: "stream" });
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_named_in_code_are_their_destinations_settings() {
        let text = "import org.springframework.cloud.stream.function.StreamBridge;\nclass Orders {\n  static final String ACCEPTED = \"acceptOrder-out-0\";\n  void accept(Order order) {\n    streamBridge.send(ACCEPTED, order);\n    // streamBridge.send(\"old-out-0\", order);\n    streamBridge.send(\"audit\", order);\n  }\n}\ninterface Bindings {\n  @Output(\"shipments\") MessageChannel shipments();\n  @Input(value = \"payments\") SubscribableChannel payments();\n}\nclass Listener {\n  @StreamListener(Sink.INPUT) void on(Payment payment) {}\n}\n";
        let lines = Lines::new(text);
        let found: Vec<String> = binding_uses(text, &lines).into_iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect();
        let expected = [
            "Publishes const:spring.cloud.stream.bindings.acceptOrder-out-0.destination",
            "Publishes const:spring.cloud.stream.bindings.audit.destination",
            "Publishes const:spring.cloud.stream.bindings.shipments.destination",
            "Subscribes const:spring.cloud.stream.bindings.payments.destination",
            "Subscribes const:spring.cloud.stream.bindings.input.destination",
        ];
        assert_eq!(found, expected);
        assert!(binding_uses("template.send(\"orders\", order);", &Lines::new("template.send(\"orders\", order);")).is_empty(), "no StreamBridge");
    }
}
