//! Which reads a consumer's check covers, continued: shapes of the planted-mismatch
//! evaluation of 2026-12-06 (second session).

mod support;

use support::{check_repos as check, finding_summary as summary};

/// A Kafka consumer in C# reads its envelope (`result.Topic`) beside the message it decodes:
/// the envelope's members are no fields of the message.
#[test]
fn a_broker_clients_envelope_is_no_message() {
    let asyncapi = support::published_event("Telematics events", "fleet.trips.completed", "TripCompleted", &[("tripId", "string"), ("durationSec", "integer")]);
    let consumer = "using Confluent.Kafka;\n\npublic class TripConsumer\n{\n    private const string TripsTopic = \"fleet.trips.completed\";\n\n    public void Run(IConsumer<string, string> consumer, CancellationToken stoppingToken)\n    {\n        consumer.Subscribe(new[] { TripsTopic });\n        var result = consumer.Consume(stoppingToken);\n        if (result.Topic == TripsTopic && result.Partition.Value >= 0)\n        {\n            var trip = JsonSerializer.Deserialize<JsonElement>(result.Message.Value);\n            Score(trip.GetProperty(\"tripId\").GetString(), trip.GetProperty(\"idleSeconds\").GetInt32());\n        }\n    }\n}\n";
    let findings = check(&[
        (
            "telematics",
            &[
                ("asyncapi.yaml", asyncapi.as_str()),
                ("Publisher.kt", "import org.apache.kafka.clients.producer.ProducerRecord\nval record = ProducerRecord(\"fleet.trips.completed\", key, value)\n"),
            ],
        ),
        ("driver-scorecard", &[("src/Consumers/TripConsumer.cs", consumer)]),
    ]);
    let found = summary(&findings);
    assert!(!found.iter().any(|finding| finding.contains("Topic") || finding.contains("Partition")), "{found:?}");
}

/// A consumer still subscribes to a topic its provider's contract dropped and nobody
/// publishes (`fleet.idling-events`, beside the contract's `fleet.trips.completed`).
#[test]
fn a_channel_still_consumed_but_offered_by_nothing_is_reported() {
    let asyncapi = support::published_event("Telematics events", "fleet.trips.completed", "TripCompleted", &[("tripId", "string")]);
    let consumer = "using Confluent.Kafka;\n\npublic class TripConsumer\n{\n    private const string TripsTopic = \"fleet.trips.completed\";\n    private const string IdlingTopic = \"fleet.idling-events\";\n\n    public void Run(IConsumer<string, string> consumer)\n    {\n        consumer.Subscribe(new[] { TripsTopic, IdlingTopic });\n    }\n}\n";
    let findings = check(&[
        (
            "telematics",
            &[
                ("asyncapi.yaml", asyncapi.as_str()),
                ("Publisher.kt", "import org.apache.kafka.clients.producer.ProducerRecord\nval record = ProducerRecord(\"fleet.trips.completed\", key, value)\n"),
            ],
        ),
        ("driver-scorecard", &[("src/Consumers/TripConsumer.cs", consumer)]),
        // A topic another component publishes is offered, contract or not.
        ("audit", &[("consumer.py", "from kafka import KafkaConsumer\nKafkaConsumer('fleet.trips.completed', 'audit.requests')\n")]),
        ("audit-writer", &[("producer.py", "from kafka import KafkaProducer\nproducer = KafkaProducer()\nproducer.send('audit.requests', b'x')\n")]),
    ]);
    assert_eq!(summary(&findings), ["consumed-message-missing fleet.idling-events api:telematics-events"]);
}
