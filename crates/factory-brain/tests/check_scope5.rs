//! Which reads a consumer's check covers, continued: reads of the fields a response's fields
//! hold, and how @grpc/proto-loader names a reply's fields. Shapes of the planted-mismatch
//! evaluation of 2026-12-07, orgs E and F (orgs built by a helper to test `brain check`, not
//! copies of a public system).

mod support;

use support::check_repos as check;

/// An OpenAPI 3.1 provider whose `Payment` is an `allOf` of a base holding `amount: Money`
/// (a `$ref`) and its own fields.
const PAYMENTS_OPENAPI: &str = "openapi: 3.1.0\ninfo: {title: Payments API, version: 1.0.0}\nservers:\n  - url: http://payments-api:8080\npaths:\n  /api/v1/payments/{paymentId}:\n    get:\n      parameters:\n        - {name: paymentId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the payment\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Payment'}\ncomponents:\n  schemas:\n    Money:\n      type: object\n      required: [amount, currency]\n      properties:\n        amount: {type: number}\n        currency: {type: string}\n    PaymentBase:\n      type: object\n      required: [id, amount]\n      properties:\n        id: {type: string}\n        amount: {$ref: '#/components/schemas/Money'}\n    Payment:\n      allOf:\n        - $ref: '#/components/schemas/PaymentBase'\n        - type: object\n          properties:\n            capturedAt: {type: [string, 'null']}\n";

const REPORTING_PROGRAM: &str = "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddHttpClient<PaymentsReader>(c =>\n    c.BaseAddress = new Uri(builder.Configuration[\"PaymentsApi:BaseUrl\"] ?? \"http://payments-api:8080\"));\nvar app = builder.Build();\napp.Run();\n";

/// A C# consumer decoding the payment into `PaymentDto` of `payment_fields`; an `InvoiceDto`
/// no response is decoded into holds a `MoneyDto` too.
fn reporting(payment_fields: &str) -> String {
    format!(
        "using System.Net.Http.Json;\n\nnamespace Reporting;\n\npublic record MoneyDto(decimal Amount, string CurrencyCode);\n\npublic record InvoiceDto(string Number, MoneyDto Total);\n\npublic record PaymentDto({payment_fields});\n\npublic sealed class PaymentsReader(HttpClient http)\n{{\n    public async Task<string> LineFor(string paymentId)\n    {{\n        var p = await http.GetFromJsonAsync<PaymentDto>($\"/api/v1/payments/{{paymentId}}\");\n        return $\"{{p!.Id}};{{p.CapturedAt}}\";\n    }}\n}}\n"
    )
}

/// Each finding's message.
fn messages(findings: &[factory_brain::check::Finding]) -> Vec<String> {
    findings.iter().map(|finding| format!("{}: {}", finding.rule, finding.message)).collect()
}

fn reporting_findings(payment_fields: &str) -> Vec<String> {
    let reader = reporting(payment_fields);
    messages(&check(&[
        ("payments-api", &[("openapi.yaml", PAYMENTS_OPENAPI), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
        ("reporting-cs", &[("src/Reporting/PaymentsReader.cs", reader.as_str()), ("src/Reporting/Program.cs", REPORTING_PROGRAM), ("src/Reporting/Reporting.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
    ]))
}

/// A C# consumer decodes the payment into `PaymentDto` (`GetFromJsonAsync<PaymentDto>`), whose
/// `Amount` holds a `MoneyDto`: the record's properties, as .NET's web defaults name them
/// (`currencyCode`), are read from the `Money` the response's `amount` refers to (through
/// `allOf` and `$ref`), which has no `currencyCode`; `MoneyDto.Amount` is `Money.amount`.
#[test]
fn a_type_a_decoded_types_field_holds_is_read_from_the_schema_that_field_refers_to() {
    insta::assert_debug_snapshot!(reporting_findings("string Id, MoneyDto Amount, DateTimeOffset? CapturedAt"), @r#"
    [
        "missing-field: component:reporting-cs reads `currencyCode` of Money, the `amount` of the response of GET /api/v1/payments/{paymentId} but api:payments-api does not offer it",
    ]
    "#);
}

/// Near miss: a `PaymentDto` without the `Amount` holds no `MoneyDto`, and the `InvoiceDto`
/// holding one is decoded from no response: the record is the consumer's own.
#[test]
fn a_type_no_decoded_type_holds_is_not_read_from_the_response() {
    insta::assert_debug_snapshot!(reporting_findings("string Id, DateTimeOffset? CapturedAt"), @"[]");
}

const SHIPPING_PROTO: &str = "syntax = \"proto3\";\npackage shipping.v1;\n\nservice ShippingService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\n\nmessage Shipment {\n  message Address {\n    string city = 1;\n    string postal_code = 2;\n  }\n  message CarrierRef { string carrier_name = 1; }\n  string shipment_id = 1;\n  Address destination = 2;\n  oneof tracking {\n    string tracking_url = 3;\n    CarrierRef carrier_ref = 4;\n  }\n}\n";

const SHIPPING_SERVER: &str = "package main\n\nimport (\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipping/gen/shipping/v1\"\n)\n\nfunc main() {\n\ts := grpc.NewServer()\n\tpb.RegisterShippingServiceServer(s, &server{})\n}\n";

fn shipping_findings(consumer: &[(&str, &str)]) -> Vec<String> {
    let mut files = consumer.to_vec();
    files.push(("Dockerfile", "FROM node:20\n"));
    messages(&check(&[
        ("shipping-svc", &[("proto/shipping/v1/shipping.proto", SHIPPING_PROTO), ("cmd/server/main.go", SHIPPING_SERVER), ("go.mod", "module example.com/shipping\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("consumer", &files),
    ]))
}

/// A Python stub's reply read through one of its fields (`reply.destination.zip_code`) is
/// read from the message that field holds (`Shipment.Address`, nested in `Shipment`), which
/// has `postal_code` and no `zip_code`.
#[test]
fn a_read_through_a_field_of_a_reply_is_read_from_the_message_it_holds() {
    let client = "import grpc\nfrom shipping.v1 import shipping_pb2, shipping_pb2_grpc\n\n\ndef label(shipment_id):\n    stub = shipping_pb2_grpc.ShippingServiceStub(grpc.insecure_channel(\"shipping-svc:50051\"))\n    reply = stub.GetShipment(shipping_pb2.GetShipmentRequest(shipment_id=shipment_id), timeout=3)\n    return reply.destination.postal_code, reply.destination.zip_code, reply.carrier_ref.carrier_name\n";
    insta::assert_debug_snapshot!(shipping_findings(&[("returns/shipping.py", client)]), @r#"
    [
        "missing-field: component:consumer reads `zip_code` of Shipment.Address, the `destination` of the response of rpc GetShipment but api:shipping.v1.shippingservice does not offer it",
    ]
    "#);
}

/// Near miss: the same chain on a value that is no reply (`cached`, loaded from elsewhere)
/// reads nothing of the service's.
#[test]
fn a_chain_on_no_reply_is_not_read_from_the_reply() {
    let client = "import grpc\nfrom shipping.v1 import shipping_pb2, shipping_pb2_grpc\n\n\ndef label(shipment_id):\n    stub = shipping_pb2_grpc.ShippingServiceStub(grpc.insecure_channel(\"shipping-svc:50051\"))\n    reply = stub.GetShipment(shipping_pb2.GetShipmentRequest(shipment_id=shipment_id), timeout=3)\n    cached = load_cached(shipment_id)\n    return reply.shipment_id, cached.destination.zip_code\n";
    insta::assert_debug_snapshot!(shipping_findings(&[("returns/shipping.py", client)]), @"[]");
}

/// A Node client of the service whose proto @grpc/proto-loader loads with `options`, reading
/// the reply of `GetShipment` in its callback.
fn tracker(options: &str) -> String {
    format!(
        "const grpc = require(\"@grpc/grpc-js\");\nconst protoLoader = require(\"@grpc/proto-loader\");\n\nconst definition = protoLoader.loadSync(\"shipping.proto\", {options});\nconst {{ shipping }} = grpc.loadPackageDefinition(definition);\nconst client = new shipping.v1.ShippingService(\"shipping-svc:50051\", grpc.credentials.createInsecure());\n\nfunction getShipment(shipmentId) {{\n  return new Promise((resolve, reject) => {{\n    client.GetShipment({{ shipmentId }}, (err, reply) => {{\n      if (err) return reject(err);\n      resolve({{ id: reply.shipmentId, url: reply.tracking_url, carrier: reply.carrier_ref ? reply.carrier_ref.carrierName : null }});\n    }});\n  }});\n}}\n\nmodule.exports = {{ getShipment }};\n"
    )
}

/// @grpc/proto-loader camel-cases a reply's field names unless `keepCase: true`: with
/// `keepCase: false` (as without the option) the reply has `carrierRef` and `trackingUrl`, so
/// `carrier_ref` and `tracking_url` are misspelt, `shipmentId` is right; with `keepCase: true`
/// the proto's names are the reply's, and `shipmentId` (and `carrierName`, of the
/// `CarrierRef` that `carrier_ref` holds) are the misspelt ones.
#[test]
fn proto_loaders_keep_case_names_a_replys_fields() {
    let camel = tracker("{ keepCase: false, longs: String, enums: String, defaults: true, oneofs: true }");
    insta::assert_debug_snapshot!(shipping_findings(&[("src/shippingClient.js", camel.as_str())]), @r#"
    [
        "naming-mismatch: component:consumer reads `carrier_ref` but api:shipping.v1.shippingservice names it `carrierRef` (a naming-convention mismatch)",
        "naming-mismatch: component:consumer reads `tracking_url` but api:shipping.v1.shippingservice names it `trackingUrl` (a naming-convention mismatch)",
    ]
    "#);
    let default = tracker("{ longs: String }");
    insta::assert_debug_snapshot!(shipping_findings(&[("src/shippingClient.js", default.as_str())]), @r#"
    [
        "naming-mismatch: component:consumer reads `carrier_ref` but api:shipping.v1.shippingservice names it `carrierRef` (a naming-convention mismatch)",
        "naming-mismatch: component:consumer reads `tracking_url` but api:shipping.v1.shippingservice names it `trackingUrl` (a naming-convention mismatch)",
    ]
    "#);
    let kept = tracker("{ keepCase: true }");
    insta::assert_debug_snapshot!(shipping_findings(&[("src/shippingClient.js", kept.as_str())]), @r#"
    [
        "naming-mismatch: component:consumer reads `carrierName` but api:shipping.v1.shippingservice names it `carrier_name` (a naming-convention mismatch)",
        "naming-mismatch: component:consumer reads `shipmentId` but api:shipping.v1.shippingservice names it `shipment_id` (a naming-convention mismatch)",
    ]
    "#);
}

/// Near miss: a client whose proto loading the code does not show (its package definition
/// comes from another package, `keepCase` from a variable) may name a reply's fields either
/// way: neither spelling is reported.
#[test]
fn a_reply_loaded_no_telling_how_takes_either_spelling() {
    let elsewhere = tracker("{ keepCase: KEEP_CASE }");
    insta::assert_debug_snapshot!(shipping_findings(&[("src/shippingClient.js", elsewhere.as_str())]), @"[]");
    let unloaded = tracker("{}").replace("require(\"@grpc/proto-loader\")", "require(\"./loader\")");
    insta::assert_debug_snapshot!(shipping_findings(&[("src/shippingClient.js", unloaded.as_str())]), @"[]");
}
