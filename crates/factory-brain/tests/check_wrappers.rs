//! Reads of what the team's own wrapper returns, in another file than the call it wraps: shapes
//! of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test
//! `brain check`, not copies of a public system). Org J's shipping-py reads
//! `order["shippingAddress"]["state"]` after `order = orders.get_order(id)`; org L's dispatch-go
//! reads `s.Destination.Region` after `s, err := p.ships.Get(ctx, id)`, and notify-py
//! `f"{shipment.trackingUrl.value}"` after `shipment = get_shipment(id)`.

mod support;

use support::{check_repos as check, finding_summary};

/// An OpenAPI provider answering `GET /v1/orders/{orderId}` with an `Order` holding an `Address`.
const ORDERS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: orders, version: '1'}\npaths:\n  /v1/orders/{orderId}:\n    get:\n      operationId: getOrder\n      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the order\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Order'\ncomponents:\n  schemas:\n    Address:\n      type: object\n      properties:\n        line1: {type: string}\n        city: {type: string}\n    Order:\n      type: object\n      properties:\n        orderId: {type: string}\n        status: {type: string}\n        shippingAddress:\n          $ref: '#/components/schemas/Address'\n";

/// shipping's findings: its orders client wraps the call; `labels` is the module reading what
/// `load` gives.
fn shipping_findings(load: &str) -> Vec<String> {
    let client = "import requests\n\n\nclass OrdersClient:\n    def __init__(self, base_url=\"http://order-service:8080\"):\n        self.base_url = base_url\n        self.session = requests.Session()\n\n    def get_order(self, order_id: str):\n        resp = self.session.get(f\"{self.base_url}/v1/orders/{order_id}\", timeout=5)\n        resp.raise_for_status()\n        return resp.json()\n";
    let labels = format!("from shipping.clients.orders import OrdersClient\nfrom shipping.db import db\n\norders = OrdersClient()\n\n\ndef create_label(order_id):\n    order = {load}\n    if order[\"status\"] != \"CONFIRMED\":\n        return None\n    return {{\"state\": order[\"shippingAddress\"][\"state\"], \"city\": order[\"shippingAddress\"][\"city\"]}}\n");
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.py", "print('orders')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("shipping", &[("shipping/clients/orders.py", client), ("shipping/labels.py", labels.as_str()), ("requirements.txt", "requests==2.32.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    finding_summary(&findings)
}

/// `order = orders.get_order(id)` holds what `get_order` returns, the response of `GET
/// /v1/orders/{}` in another file: its nested `state` is no field of the `Address` it reads.
#[test]
fn what_a_wrapper_in_another_file_returns_is_its_calls_response() {
    insta::assert_debug_snapshot!(shipping_findings("orders.get_order(order_id)"), @r#"
    [
        "missing-field state api:orders",
    ]
    "#);
}

/// Near miss: the same reads of what the code's own store gives are no reads of the provider's.
#[test]
fn what_a_function_returning_no_response_gives_is_not_checked() {
    insta::assert_debug_snapshot!(shipping_findings("db.load_order(order_id)"), @"[]");
}

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\n\nmessage Address {\n  string line1 = 1;\n  string postal_code = 2;\n}\n\nmessage Home { string instructions = 1; }\nmessage Pickup { string point_id = 1; }\n\nmessage Shipment {\n  string shipment_id = 1;\n  Address destination = 2;\n  string tracking_url = 3;\n  oneof delivery {\n    Home home = 4;\n    Pickup pickup = 5;\n  }\n}\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// The shipment service and a consumer `name` with `files`.
fn shipment_findings(name: &str, files: &[(&str, &str)]) -> Vec<String> {
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        (name, files),
    ]);
    finding_summary(&findings)
}

/// dispatch's findings: its client package wraps the rpc; the planner reads `fields` of what the
/// wrapper returns.
fn dispatch_findings(fields: &str) -> Vec<String> {
    let client = "package shipclient\n\nimport (\n\t\"context\"\n\n\tpb \"github.com/acme/shipment-proto/gen/go/acme/shipment/v1\"\n\t\"google.golang.org/grpc\"\n)\n\ntype Client struct {\n\tapi pb.ShipmentServiceClient\n}\n\nfunc Dial(target string) (*Client, error) {\n\tconn, err := grpc.NewClient(target)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &Client{api: pb.NewShipmentServiceClient(conn)}, nil\n}\n\nfunc (c *Client) Get(ctx context.Context, id string) (*pb.Shipment, error) {\n\treturn c.api.GetShipment(ctx, &pb.GetShipmentRequest{ShipmentId: id})\n}\n";
    let planner = format!("package dispatch\n\nimport \"context\"\n\ntype Stop struct {{\n\tRegion string\n}}\n\nfunc (p *Planner) Plan(ctx context.Context, id string) (*Stop, error) {{\n\ts, err := p.ships.Get(ctx, id)\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n\tif s.Delivery == nil {{\n\t\treturn nil, nil\n\t}}\n\treturn &Stop{{Region: {fields}}}, nil\n}}\n");
    shipment_findings("dispatch", &[("internal/shipclient/client.go", client), ("internal/dispatch/planner.go", planner.as_str()), ("go.mod", "module example.com/dispatch\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")])
}

/// `s, err := p.ships.Get(ctx, id)` holds the reply of `GetShipment`, which the client package's
/// `Get` returns: Go's `s.Destination.Region` reads a field `Address` lacks; `s.Delivery` is the
/// oneof's name.
#[test]
fn a_go_wrappers_reply_is_read_through_its_fields() {
    insta::assert_debug_snapshot!(dispatch_findings("s.Destination.Region"), @r#"
    [
        "missing-field Region api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: a field the `Address` has.
#[test]
fn a_go_wrappers_reply_read_right_is_no_finding() {
    insta::assert_debug_snapshot!(dispatch_findings("s.Destination.PostalCode"), @"[]");
}

/// notify's findings: a module-level stub and the function returning its rpc's reply; the
/// message is built with an f-string naming `field` of the reply.
fn notify_findings(field: &str) -> Vec<String> {
    let shipments = "import grpc\nfrom acme.shipment.v1 import shipment_pb2, shipment_pb2_grpc\n\n_channel = grpc.insecure_channel(\"shipment-service:9090\")\nstub = shipment_pb2_grpc.ShipmentServiceStub(_channel)\n\n\ndef get_shipment(shipment_id: str) -> shipment_pb2.Shipment:\n    return stub.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id), timeout=3)\n";
    let messages = format!("from acme.shipment.v1 import shipment_pb2\nfrom notify.shipments import get_shipment\n\n\ndef shipment_text(shipment_id: str) -> str:\n    shipment = get_shipment(shipment_id)\n    return f\"Shipment {{shipment.shipment_id}}: track it at {{{field}}}\"\n");
    shipment_findings("notify", &[("notify/shipments.py", shipments), ("notify/messages.py", messages.as_str()), ("requirements.txt", "grpcio==1.64.0\n"), ("Dockerfile", "FROM python:3.12\n")])
}

/// `shipment = get_shipment(id)` in a file that names no client holds the reply the other
/// file's function returns; an f-string's expression reads `trackingUrl`, which a Python reply
/// names `tracking_url`.
#[test]
fn a_python_wrappers_reply_is_read_in_an_f_string() {
    insta::assert_debug_snapshot!(notify_findings("shipment.trackingUrl"), @r#"
    [
        "naming-mismatch trackingUrl api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the reply's field as the proto names it.
#[test]
fn a_python_wrappers_reply_read_by_its_proto_name_is_no_finding() {
    insta::assert_debug_snapshot!(notify_findings("shipment.tracking_url"), @"[]");
}

/// storefront's findings: a TypeScript client module's arrow function fetches the order; the
/// page reads `fields` of what it returns.
fn storefront_findings(fields: &str) -> Vec<String> {
    let client = "const BASE = process.env.ORDER_SERVICE_URL ?? 'http://order-service:8080';\n\nexport const getOrder = async (id: string) => {\n  const res = await fetch(`${BASE}/v1/orders/${id}`);\n  return res.json();\n};\n";
    let page = format!("import {{ getOrder }} from './orders';\n\nexport async function render(id: string) {{\n  const order = await getOrder(id);\n  return `<p>${{{fields}}}</p>`;\n}}\n");
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.py", "print('orders')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("storefront", &[("src/orders.ts", client), ("src/page.ts", page.as_str()), ("package.json", "{\"name\": \"storefront\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `const order = await getOrder(id)` holds the response the other module's arrow function
/// returns: `shippingAddress.state` is no field of its `Address`.
#[test]
fn a_typescript_wrappers_response_is_checked() {
    insta::assert_debug_snapshot!(storefront_findings("order.shippingAddress.state"), @r#"
    [
        "missing-field state api:orders",
    ]
    "#);
}

/// Near miss: a field the `Address` has.
#[test]
fn a_typescript_wrappers_response_read_right_is_no_finding() {
    insta::assert_debug_snapshot!(storefront_findings("order.shippingAddress.city"), @"[]");
}

/// An axios client module: `const { data } = await api.get(..)` then `return data`, read from
/// the module importing it as `order.shippingAddress.state`.
#[test]
fn an_axios_wrapper_returning_its_destructured_data_is_followed() {
    let client = "import axios from 'axios';\n\nconst api = axios.create({ baseURL: 'http://order-service:8080' });\n\nexport async function fetchOrder(id: string) {\n  const { data } = await api.get(`/v1/orders/${id}`);\n  return data;\n}\n";
    let page = "import { fetchOrder } from './orders';\n\nexport async function label(id: string) {\n  const order = await fetchOrder(id);\n  return [order.shippingAddress.city, order.shippingAddress.state].join(', ');\n}\n";
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.py", "print('orders')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("storefront", &[("src/orders.ts", client), ("src/label.ts", page), ("package.json", "{\"name\": \"storefront\", \"dependencies\": {\"axios\": \"1.7.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    insta::assert_debug_snapshot!(finding_summary(&findings), @r#"
    [
        "missing-field state api:orders",
    ]
    "#);
}

/// Near miss: a Go HTTP client decoding into its own struct reads the struct's Go field names,
/// which json tags map to the wire's: `o.Addr.City` is no read of a field `Addr`.
#[test]
fn a_go_decode_targets_own_field_names_are_no_reads_of_the_wire() {
    let code = "package orders\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\ntype Address struct {\n\tCity string `json:\"city\"`\n}\n\ntype Order struct {\n\tAddr Address `json:\"shippingAddress\"`\n}\n\nfunc Show(id string) error {\n\tresp, err := http.Get(\"http://order-service:8080/v1/orders/\" + id)\n\tif err != nil {\n\t\treturn err\n\t}\n\tvar o Order\n\tif err := json.NewDecoder(resp.Body).Decode(&o); err != nil {\n\t\treturn err\n\t}\n\tfmt.Println(o.Addr.City)\n\treturn nil\n}\n";
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.py", "print('orders')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("dispatch", &[("orders/orders.go", code), ("go.mod", "module example.com/dispatch\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
    ]);
    insta::assert_debug_snapshot!(finding_summary(&findings), @"[]");
}
