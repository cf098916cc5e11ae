//! A C# positional record's properties, on the wire as `[property: JsonPropertyName("x")]` names
//! them: a shape of the eighth planted-mismatch evaluation of 2026-12-07 (orgs built by a helper
//! to test `brain check`, not copies of a public system), org N's carrier-gateway, whose
//! RabbitMQ consumer decodes `shipment.created` into `ShipmentCreatedMessage(.., decimal[]
//! Dimensions, ..)` where the message's `dimensions` is an object (N3), beside an `AddressDto`
//! record of the message's nested addresses.

mod support;

use support::{check_repos as check, finding_summary};

const EVENTS: &str = "asyncapi: 2.6.0\ninfo: {title: Shipment events, version: 1.0.0}\nchannels:\n  shipment.created:\n    publish:\n      message:\n        name: ShipmentCreated\n        payload:\n          type: object\n          properties:\n            shipmentId: {type: string}\n            origin:\n              type: object\n              properties:\n                postcode: {type: string}\n            dimensions:\n              type: object\n              properties:\n                lengthCm: {type: number}\n";

/// The gateway's findings, its message record declaring `dimensions` as `dimensions`.
fn gateway_findings(dimensions: &str) -> Vec<String> {
    let consumer = format!("using System.Text.Json;\nusing System.Text.Json.Serialization;\nusing RabbitMQ.Client;\nusing RabbitMQ.Client.Events;\n\nnamespace Gateway.Messaging;\n\npublic sealed record AddressDto(\n    [property: JsonPropertyName(\"postcode\")] string Postcode,\n    [property: JsonPropertyName(\"countryCode\")] string CountryCode);\n\npublic sealed record ShipmentCreatedMessage(\n    [property: JsonPropertyName(\"shipmentId\")] string ShipmentId,\n    [property: JsonPropertyName(\"origin\")] AddressDto Origin,\n    [property: JsonPropertyName(\"dimensions\")] {dimensions} Dimensions);\n\npublic sealed class ShipmentCreatedConsumer\n{{\n    public void Start(IModel channel)\n    {{\n        channel.QueueDeclare(\"gateway.shipment-created\", durable: true, exclusive: false, autoDelete: false);\n        channel.QueueBind(\"gateway.shipment-created\", \"shipments\", routingKey: \"shipment.created\");\n        var consumer = new EventingBasicConsumer(channel);\n        consumer.Received += (_, ea) =>\n        {{\n            var msg = JsonSerializer.Deserialize<ShipmentCreatedMessage>(ea.Body.Span)!;\n        }};\n        channel.BasicConsume(\"gateway.shipment-created\", autoAck: false, consumer);\n    }}\n}}\n");
    let findings = check(&[
        ("shipments", &[("api/asyncapi.yaml", EVENTS), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/shipments\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("gateway", &[("Messaging/ShipmentCreatedConsumer.cs", consumer.as_str()), ("Gateway.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
    ]);
    finding_summary(&findings)
}

/// `decimal[] Dimensions` expects a list where the message holds an object; the address
/// record's `countryCode` is not the message's own field (it lacks it in `origin`: a nested
/// read through the held type is its own concern), and is no top-level read.
#[test]
fn a_record_propertys_type_is_checked_against_the_messages_field() {
    insta::assert_debug_snapshot!(gateway_findings("decimal[]"), @r#"
    [
        "type-mismatch dimensions api:shipment-events",
    ]
    "#);
}

/// Near miss: a record of the object's shape.
#[test]
fn a_record_of_the_objects_shape_is_no_finding() {
    insta::assert_debug_snapshot!(gateway_findings("DimensionsDto"), @"[]");
}
