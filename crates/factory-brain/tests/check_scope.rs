//! Which provider a consumer's read is checked against: reads tied to a provider by a schema
//! holder or by a call in the same file are checked; reads of anything else are not.

mod support;

use factory_brain::check::Finding;

const ORDERS_OPENAPI: &str = "openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders/{id}:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        orderId: {type: string}
        total_amount: {type: number}
        createdAt: {type: string}
        status: {type: string}
";

const CRM_OPENAPI: &str = "openapi: 3.0.3
info: {title: CRM, version: 1.0.0}
paths:
  /customers/{id}:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Customer'}
components:
  schemas:
    Customer:
      type: object
      properties:
        customer_id: {type: string}
        created_at: {type: string}
";

fn check(repos: &[(&str, &[(&str, &str)])]) -> Vec<Finding> {
    support::check_repos(repos)
}

fn summary(findings: &[Finding]) -> Vec<String> {
    support::finding_summary(findings)
}

#[test]
fn each_read_is_checked_against_the_provider_it_comes_from() {
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]),
        ("crm", &[("openapi.yaml", CRM_OPENAPI), ("app.py", "print('crm')\n")]),
        (
            "reporting",
            &[(
                "report.py",
                "import requests\n\
                 def both(i):\n\
                 \x20   order = requests.get(f\"http://orders:8080/orders/{i}\").json()\n\
                 \x20   customer = requests.get(f\"http://crm:8000/customers/{i}\").json()\n\
                 \x20   return order[\"createdAt\"], customer[\"created_at\"], customer[\"customer_id\"], order[\"created_at\"]\n",
            )],
        ),
    ]);
    // Each provider's own spelling is right for it; crm's spelling read from an order is not.
    assert_eq!(summary(&findings), ["naming-mismatch created_at api:orders"]);
}

#[test]
fn the_consumers_own_rows_are_not_checked_against_a_provider() {
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]),
        (
            "billing",
            &[(
                "app.py",
                "import sqlite3, requests\n\
                 def status(i):\n\
                 \x20   return requests.get(f\"http://orders:8080/orders/{i}\").json()[\"status\"]\n\
                 def exported(db):\n\
                 \x20   for entry in sqlite3.connect(db).execute(\"SELECT order_id, created_at FROM exported\"):\n\
                 \x20       yield entry[\"order_id\"], entry[\"created_at\"]\n\
                 def placed(i):\n\
                 \x20   data = requests.get(f\"http://orders:8080/orders/{i}\").json()\n\
                 \x20   return data[\"order_id\"]\n",
            )],
        ),
    ]);
    // The same name read from the provider's answer is a mismatch; from a database row it is not.
    assert_eq!(summary(&findings), ["naming-mismatch order_id api:orders"]);
    assert_eq!(findings[0].locations, ["billing:app.py:9"]);
}

#[test]
fn a_generic_holder_in_a_file_that_calls_one_provider_is_checked_against_it() {
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]),
        (
            "billing",
            &[(
                "app.py",
                "import requests\n\
                 def total(i):\n\
                 \x20   data = requests.get(f\"http://orders:8080/orders/{i}\").json()\n\
                 \x20   return data[\"total\"], data[\"created_at\"]\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field total api:orders", "naming-mismatch created_at api:orders"]);
    let missing = &findings[0];
    assert_eq!(missing.locations, ["billing:app.py:4"]);
    assert_eq!(missing.fix.as_deref(), Some("the provider offers `total_amount`; read that instead, or add `total` to api:orders"));
}

#[test]
fn a_grpc_consumer_is_checked_against_the_messages_of_the_services_package() {
    let proto = "syntax = \"proto3\";\npackage shop.v1;\nservice OrderService { rpc GetOrder(GetOrderRequest) returns (Order); }\nmessage GetOrderRequest { string id = 1; }\nmessage Order { string id = 1; string full_name = 2; }\n";
    let findings = check(&[
        (
            "orders",
            &[("proto/shop/v1/orders.proto", proto), ("main.go", "package main\n\nfunc main() {\n\tpb.RegisterOrderServiceServer(server, &service{})\n}\n")],
        ),
        (
            "mailer",
            &[(
                "client.go",
                "package mailer\n\ntype order struct {\n\tName string `json:\"customer_name\"`\n}\n\nfunc dial(conn *grpc.ClientConn) {\n\tclient := pb.NewOrderServiceClient(conn)\n\t_ = client\n}\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field customer_name api:shop.v1.orderservice"]);
}

#[test]
fn a_pact_request_that_leaves_out_a_required_field_is_reported() {
    let openapi = ORDERS_OPENAPI.replace(
        "components:",
        "  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [customerId, currency]\n              properties:\n                customerId: {type: string}\n                currency: {type: string}\n      responses:\n        '201': {description: created}\ncomponents:",
    );
    let pact = r#"{"consumer": {"name": "billing"}, "provider": {"name": "orders"},
      "interactions": [{"description": "place an order", "request": {"method": "POST", "path": "/orders", "body": {"customerId": "c1"}},
                        "response": {"status": 201}}]}"#;
    let findings = check(&[
        ("orders", &[("openapi.yaml", openapi.as_str()), ("server.py", "print('orders')\n")]),
        ("billing", &[("pacts/billing-orders.json", pact), ("app.py", "print('billing')\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-required-field currency api:orders"]);
    assert_eq!(findings[0].consumer.as_deref(), Some("component:billing"));
}

#[test]
fn a_subscriber_is_checked_against_the_messages_of_the_channel_it_subscribes_to() {
    let publisher = support::published_event("Shop events", "shop.order-placed", "OrderPlaced", &[("orderId", "string"), ("total_amount", "number")]);
    let subscriber = "asyncapi: 2.6.0
info: {title: Mailer, version: 1.0.0}
channels:
  shop.order-placed:
    subscribe:
      message:
        payload: {type: object}
";
    let worker = "import json\nfrom kafka import KafkaConsumer\nfor msg in KafkaConsumer(\"shop.order-placed\", bootstrap_servers=\"kafka:9092\"):\n    order_placed = json.loads(msg.value)\n    print(order_placed[\"orderId\"], order_placed[\"total\"], order_placed[\"created_at\"])\n";
    let findings = check(&[
        ("shop", &[("asyncapi.yaml", publisher.as_str()), ("main.py", "print('shop')\n")]),
        ("mailer", &[("asyncapi.yaml", subscriber), ("worker.py", worker)]),
    ]);
    assert_eq!(summary(&findings), ["missing-field created_at api:shop-events", "missing-field total api:shop-events"]);
    assert_eq!(findings[0].provider.as_deref(), Some("component:shop"));
}

#[test]
fn a_call_from_code_to_an_operation_the_providers_contract_lacks_is_reported() {
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]),
        (
            "billing",
            &[(
                "app.py",
                "import requests\n\
                 def items(i):\n\
                 \x20   order = requests.get(f\"http://orders:8080/orders/{i}\").json()\n\
                 \x20   lines = requests.get(f\"http://orders:8080/orders/{i}/items\").json()\n\
                 \x20   charge = requests.post(\"https://api.stripe.com/v1/charges\", data={})\n\
                 \x20   return order[\"status\"], lines, charge\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["consumed-operation-missing /orders/{}/items api:orders"]);
    assert!(findings[0].message.contains("/items"), "{}", findings[0].message);
    assert_eq!(findings[0].consumer.as_deref(), Some("component:billing"));
    assert_eq!(findings[0].severity, factory_brain::check::Severity::Warning, "read from code, not declared");
}

const PROFILES_OPENAPI: &str = "openapi: 3.0.3
info: {title: Profiles, version: 1.0.0}
paths:
  /profiles/{id}:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ProfileDto'}
components:
  schemas:
    ProfileDto:
      type: object
      properties:
        userId: {type: string}
        avatarUrl: {type: string}
";

/// The planted-mismatch evaluation of issue #3 (org 03): `profile["avatar-url"]` was not
/// checked, since the holder `profile` did not name the provider's `ProfileDto`.
#[test]
fn a_holder_names_the_providers_schema_without_its_transport_suffix() {
    let findings = check(&[
        ("profiles", &[("openapi.yaml", PROFILES_OPENAPI), ("server.py", "print('profiles')\n")]),
        (
            "feed",
            &[(
                "feed.py",
                "import requests\n\
                 def card(i):\n\
                 \x20   profile = requests.get(f\"http://profiles:8080/profiles/{i}\").json()\n\
                 \x20   return {\"avatar\": profile[\"avatar-url\"]}\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["naming-mismatch avatar-url api:profiles"]);
}

/// The planted-mismatch evaluation of issue #3 (org 06): a consumer naming its broker
/// (`kafka:9092`) beside the provider it reads events of was "linked to two providers", so a
/// field its events lack was not reported. A broker is no provider.
#[test]
fn a_broker_is_not_a_second_provider_of_a_consumers_file() {
    let asyncapi = support::published_event("Orders events", "orders.created", "OrderCreated", &[("orderId", "string"), ("total", "number")]);
    let findings = check(&[
        ("orders", &[("asyncapi.yaml", asyncapi.as_str()), ("publisher.py", "from kafka import KafkaProducer\nproducer = KafkaProducer()\nproducer.send('orders.created', event)\n")]),
        ("kafka-platform", &[("docker-compose.yml", "services:\n  kafka:\n    image: bitnami/kafka:3.7\n")]),
        (
            "shipping",
            &[(
                "consumer.py",
                "import os\n\
                 from kafka import KafkaConsumer\n\
                 consumer = KafkaConsumer('orders.created', bootstrap_servers=os.environ.get('KAFKA_BROKERS', 'kafka:9092'))\n\
                 for message in consumer:\n\
                 \x20   event = message.value\n\
                 \x20   ship(event[\"orderId\"], event[\"shippingAddress\"])\n",
            )],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field shippingAddress api:orders-events"]);
}

/// The planted-mismatch evaluation (org 04): a Go struct named after nothing the provider
/// offers (`Level`, not `StockLevel`) is what the response is decoded into, so its fields are
/// reads of that response, with their declared types.
#[test]
fn the_fields_of_a_type_a_response_is_decoded_into_are_read_with_their_types() {
    let stock = support::get_operation("Inventory", "/v1/stock/{sku}", "StockLevel", &[("sku", "string"), ("quantity", "integer"), ("warehouseId", "string")]);
    let picker = "package stock\n\n\
        type Level struct {\n\
        \tSKU         string `json:\"sku\"`\n\
        \tWarehouseID int    `json:\"warehouseId\"`\n\
        }\n\n\
        func Fetch(sku string) (Level, error) {\n\
        \tvar lvl Level\n\
        \tresp, err := http.Get(fmt.Sprintf(\"%s/v1/stock/%s\", os.Getenv(\"INVENTORY_URL\"), sku))\n\
        \tif err != nil {\n\t\treturn lvl, err\n\t}\n\
        \tdefer resp.Body.Close()\n\
        \terr = json.NewDecoder(resp.Body).Decode(&lvl)\n\
        \treturn lvl, err\n\
        }\n";
    let findings = check(&[
        ("inventory", &[("openapi.yaml", stock.as_str()), ("server.py", "print('inventory')\n")]),
        ("picker", &[("stock.go", picker), ("docker-compose.yml", "services:\n  picker:\n    build: .\n    environment:\n      INVENTORY_URL: http://inventory:8080\n")]),
    ]);
    assert_eq!(summary(&findings), ["type-mismatch warehouseId api:inventory"]);
    assert_eq!(findings[0].locations, ["picker:stock.go:5"]);
}

/// A variable assigned from a call's response holds that response whatever it is called, so a
/// file calling two providers still has its reads checked, each against its own call's answer.
#[test]
fn a_variable_holds_the_response_of_the_call_it_was_assigned_from() {
    let web = "export async function row(id) {\n\
        \x20 const res = await fetch(`http://orders:8080/orders/${id}`);\n\
        \x20 const o = await res.json();\n\
        \x20 const c = await (await fetch(`http://crm:8000/customers/${id}`)).json();\n\
        \x20 return [o.total, o.status, c.created_at, c.createdAt].join();\n\
        }\n";
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]),
        ("crm", &[("openapi.yaml", CRM_OPENAPI), ("app.py", "print('crm')\n")]),
        ("web", &[("src/row.js", web)]),
    ]);
    assert_eq!(summary(&findings), ["missing-field total api:orders", "naming-mismatch createdAt api:crm"]);
    assert!(findings[0].message.contains("of Order, the response of GET /orders/{id}"), "{}", findings[0].message);
}

/// The planted-mismatch evaluation (org 05): the reads of the response of a call its provider
/// has no operation for are named in that call's finding, not reported as missing fields.
#[test]
fn the_reads_of_a_call_no_operation_answers_are_named_in_its_finding() {
    let web = "import axios from \"axios\";\n\
        const orders = axios.create({ baseURL: \"http://orders:8080\" });\n\
        export async function items(id) {\n\
        \x20 const { data } = await orders.get(`/orders/${id}/items`);\n\
        \x20 return data.items;\n\
        }\n";
    let findings = check(&[("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]), ("web", &[("src/orders.js", web)])]);
    assert_eq!(summary(&findings), ["consumed-operation-missing /orders/{}/items api:orders"]);
    assert!(findings[0].message.contains("its reads of `items` are not checked"), "{}", findings[0].message);
    // The fields involved: what was called, then what its response was read for.
    assert_eq!(findings[0].fields, ["/orders/{}/items", "items"]);
    assert_eq!(findings[0].locations[1], "web:src/orders.js:5");
}

/// The planted-mismatch evaluation (control org 14): a generic holder the consumer fills
/// itself (the parameter of its Slack helper, given a dict it builds) is not received data.
#[test]
fn a_generic_holder_the_consumer_fills_itself_is_not_checked() {
    let asyncapi = support::published_event("Stock events", "stock.low", "StockLow", &[("sku", "string"), ("onHand", "integer")]);
    let worker = "import json\nfrom kafka import KafkaConsumer\n\n\
        def main():\n\
        \x20   for msg in KafkaConsumer(\"stock.low\"):\n\
        \x20       payload = json.loads(msg.value)\n\
        \x20       text = f\"{payload['sku']} is low: {payload['onHand']}\"\n\
        \x20       post_to_slack({\"channel\": \"#stock\", \"text\": text})\n\
        \x20       data = {\"sku\": payload[\"sku\"]}\n\
        \x20       print(data[\"unfurl\"])\n\n\
        def post_to_slack(payload: dict) -> None:\n\
        \x20   print(payload[\"channel\"], payload[\"text\"])\n";
    let findings = check(&[
        ("inventory", &[("asyncapi.yaml", asyncapi.as_str()), ("publisher.py", "from kafka import KafkaProducer\nKafkaProducer().send('stock.low', event)\n")]),
        ("alerts", &[("worker.py", worker)]),
    ]);
    assert_eq!(summary(&findings), Vec::<String>::new());
}

/// The planted-mismatch evaluation (org 07): a stub's call of an rpc the served proto lacks
/// (the consumer's vendored copy still has it) is an error naming the rpc, and the reads of
/// its reply are named in it rather than reported as missing fields; the reply of an rpc the
/// service has is read against its response message.
#[test]
fn a_stub_call_of_an_rpc_the_served_service_lacks_is_reported() {
    let served = "syntax = \"proto3\";\npackage pay.v1;\nservice PaymentService {\n  rpc Charge(ChargeRequest) returns (ChargeReply);\n}\nmessage ChargeRequest { string order_id = 1; }\nmessage ChargeReply { string payment_id = 1; }\n";
    let vendored = served.replace("}\nmessage ChargeRequest", "  rpc RefundPayment(RefundRequest) returns (RefundReply);\n}\nmessage RefundRequest { string payment_id = 1; }\nmessage RefundReply { string refund_id = 1; }\nmessage ChargeRequest");
    let client = "import grpc\nfrom .gen import payments_pb2_grpc\n\n\
        _stub = payments_pb2_grpc.PaymentServiceStub(grpc.insecure_channel(\"payments:50051\"))\n\n\
        def charge(order_id):\n\
        \x20   reply = _stub.Charge(ChargeRequest(order_id=order_id))\n\
        \x20   return reply.payment_id, reply.receipt_url\n\n\
        def refund(payment_id):\n\
        \x20   reply = _stub.RefundPayment(RefundRequest(payment_id=payment_id))\n\
        \x20   return reply.refund_id\n";
    let findings = check(&[
        ("payments", &[("proto/pay.proto", served), ("main.go", "package main\n\nfunc main() {\n\tpb.RegisterPaymentServiceServer(s, &server{})\n}\n")]),
        ("checkout", &[("protos/pay.proto", vendored.as_str()), ("checkout/payments.py", client)]),
    ]);
    assert_eq!(summary(&findings), ["consumed-operation-missing RefundPayment api:pay.v1.paymentservice", "missing-field receipt_url api:pay.v1.paymentservice"]);
    let missing_rpc = &findings[0];
    assert_eq!(missing_rpc.severity, factory_brain::check::Severity::Error, "the provider serves the service");
    assert!(missing_rpc.message.contains("its reads of `refund_id` are not checked"), "{}", missing_rpc.message);
}

/// The planted-mismatch evaluation (org 09, and the latent miss of control org 13): .NET's
/// `PostAsJsonAsync("payments", new { ... })` on a client whose base address the file sets,
/// and TypeScript's `api.post<Payment>(url, body)` with a type argument, send bodies whose
/// keys are compared with the operation's required fields.
#[test]
fn request_bodies_of_dotnet_and_typed_typescript_calls_are_read() {
    let gateway = "using System.Net.Http.Json;\n\n\
        public class PaymentsGateway\n{\n\
        \x20   private readonly HttpClient _http;\n\
        \x20   public PaymentsGateway(HttpClient http, IConfiguration cfg)\n    {\n\
        \x20       _http = http;\n\
        \x20       _http.BaseAddress = new Uri(cfg[\"PAYMENTS_URL\"] ?? \"http://payments:8000/api/\");\n    }\n\
        \x20   public Task<HttpResponseMessage> PayAsync(string orderId, long amountCents) =>\n\
        \x20       _http.PostAsJsonAsync(\"payments\", new { orderId, amountCents });\n}\n";
    let web = "import axios from \"axios\";\nconst api = axios.create({ baseURL: \"http://payments:8000/api\" });\n\
        export const pay = (orderId: string, amountCents: number, currency: string) =>\n\
        \x20 api.post<Payment>(\"/payments\", { orderId, amountCents, currency });\n\
        export const cheap = (orderId: string) => api.post<Payment>(\"/payments\", { orderId, amountCents: 1 });\n";
    let payments = support::post_operation(
        "Payments",
        Some("http://payments:8000/api"),
        "/payments",
        &["orderId", "amountCents", "currency"],
        &[("orderId", "string"), ("amountCents", "integer"), ("currency", "string")],
    );
    let findings = check(&[
        ("payments", &[("openapi.yaml", payments.as_str()), ("server.py", "print('payments')\n")]),
        ("checkout", &[("Checkout/PaymentsGateway.cs", gateway)]),
        ("web", &[("src/pay.ts", web)]),
    ]);
    let summary: Vec<String> = findings.iter().map(|finding| format!("{} {} {}", finding.rule, finding.consumer.as_deref().unwrap_or(""), finding.fields.first().map(String::as_str).unwrap_or(""))).collect();
    assert_eq!(summary, ["missing-required-field component:checkout currency", "missing-required-field component:web currency"]);
    assert_eq!(findings[1].locations, ["web@SHA:src/pay.ts#L5"]);
}

/// The planted-mismatch evaluation (org 12): AMQP subscribers whose queue is bound to the
/// publisher's exchange with the routing key the AsyncAPI document names as the channel's
/// address (pika's `queue_bind(..., routing_key=KEY)` with a constant, .NET's
/// `QueueBind(queue, exchange, key)`) are checked against its message.
#[test]
fn an_amqp_subscriber_is_on_the_channel_of_its_bindings_routing_key() {
    let asyncapi = "asyncapi: 3.0.0
info: {title: Billing events, version: 1.0.0}
channels:
  invoicePaid:
    address: billing.invoice.paid
    messages:
      InvoicePaid:
        payload:
          type: object
          properties:
            invoiceId: {type: string}
            paidAt: {type: string}
operations:
  publishInvoicePaid:
    action: send
    channel: {$ref: '#/channels/invoicePaid'}
";
    let analytics = "import json\nimport pika\n\nROUTING_KEY = \"billing.invoice.paid\"\n\n\
        def on_paid(ch, method, properties, body):\n\
        \x20   payload = json.loads(body)\n\
        \x20   return payload[\"paid_at\"]\n\n\
        def main(channel):\n\
        \x20   q = channel.queue_declare(queue=\"analytics\", durable=True).method.queue\n\
        \x20   channel.queue_bind(exchange=\"billing\", queue=q, routing_key=ROUTING_KEY)\n\
        \x20   channel.basic_consume(queue=q, on_message_callback=on_paid)\n";
    let ledger = "using RabbitMQ.Client;\n\n\
        public record InvoicePaid([property: JsonPropertyName(\"invoiceId\")] string InvoiceId, [property: JsonPropertyName(\"method\")] string Method);\n\n\
        public class Consumer\n{\n\
        \x20   private const string Queue = \"ledger.invoice-paid\";\n\
        \x20   void Start(IModel channel)\n    {\n\
        \x20       channel.QueueBind(Queue, \"billing\", \"billing.invoice.paid\");\n\
        \x20       channel.BasicConsume(Queue, autoAck: true, consumer);\n    }\n}\n";
    let findings = check(&[
        ("billing", &[("asyncapi/billing.yaml", asyncapi), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
        ("analytics", &[("analytics/revenue.py", analytics)]),
        ("ledger", &[("Ledger/Consumer.cs", ledger)]),
    ]);
    assert_eq!(summary(&findings), ["missing-field method api:billing-events", "naming-mismatch paid_at api:billing-events"]);
}

/// The planted-mismatch evaluation (org 15, Storefront.Api): C# property reads of a gRPC reply
/// and of an HTTP response are checked by naming key (`OnHand` is `on_hand`, `CreatedAt` is
/// `created_at`), so .NET's casing is no naming mismatch but a field the reply lacks is missing.
#[test]
fn csharp_property_reads_are_matched_by_naming_key() {
    let proto = "syntax = \"proto3\";\npackage inventory.v1;\nservice InventoryService { rpc GetStock(GetStockRequest) returns (Stock); }\nmessage GetStockRequest { string sku = 1; }\nmessage Stock { string sku = 1; int32 on_hand = 2; }\n";
    let program = "using Grpc.Net.Client;\n\n\
        var app = WebApplication.CreateBuilder(args).Build();\n\
        app.MapGet(\"/availability/{sku}\", async (string sku, InventoryService.InventoryServiceClient inventory, HttpClient http) =>\n{\n\
        \x20   var stock = await inventory.GetStockAsync(new GetStockRequest { Sku = sku });\n\
        \x20   var customer = await http.GetFromJsonAsync<CustomerView>($\"http://crm:8000/customers/{sku}\");\n\
        \x20   return Results.Ok(new { available = stock.OnHand - stock.Reserved, since = customer.CreatedAt, customer.CustomerId });\n});\n";
    let findings = check(&[
        ("inventory", &[("proto/inventory.proto", proto), ("main.go", "package main\n\nfunc main() {\n\tpb.RegisterInventoryServiceServer(s, &server{})\n}\n")]),
        ("crm", &[("openapi.yaml", CRM_OPENAPI), ("app.py", "print('crm')\n")]),
        ("storefront", &[("src/Program.cs", program)]),
    ]);
    assert_eq!(summary(&findings), ["missing-field Reserved api:inventory.v1.inventoryservice"]);
    assert_eq!(findings[0].fields, ["Reserved", "reserved"], "named as the API would spell it too");
}

/// The DeathStarBench hotel evaluation (40 false findings): a generic holder named like one of
/// the provider's schemas (`result`, `Result`) but filled from the consumer's own config file
/// is the consumer's own data.
#[test]
fn a_holder_filled_from_a_local_file_is_the_consumers_own() {
    let proto = "syntax = \"proto3\";\npackage search;\nservice Search { rpc Nearby(NearbyRequest) returns (Result); }\nmessage NearbyRequest { float lat = 1; }\nmessage Result { repeated string hotel_ids = 1; }\n";
    let frontend = "package main\n\n\
        func main() {\n\
        \tjsonFile, err := os.Open(\"config.json\")\n\
        \tbyteValue, _ := ioutil.ReadAll(jsonFile)\n\
        \tvar result map[string]string\n\
        \tjson.Unmarshal([]byte(byteValue), &result)\n\
        \tport := result[\"FrontendPort\"]\n\
        \tclient := pb.NewSearchClient(conn)\n\
        \treply, err := client.Nearby(ctx, req)\n\
        \t_ = reply.GetHotelIds()\n\
        }\n";
    let findings = check(&[
        ("search", &[("proto/search.proto", proto), ("main.go", "package main\n\nfunc main() {\n\tpb.RegisterSearchServer(s, &server{})\n}\n")]),
        ("frontend", &[("cmd/frontend/main.go", frontend)]),
    ]);
    assert_eq!(summary(&findings), Vec::<String>::new());
}

/// The held-out planted-mismatch evaluation of issue #3 (orgs 01, 09, c2): a field whose
/// schema is a named string enum (`status: {$ref: ShipmentStatus}`) was "declared
/// ShipmentStatus", so every consumer expecting a string had a type mismatch. A named schema
/// of a plain type is that type.
#[test]
fn a_named_string_enum_is_a_string() {
    let openapi = "openapi: 3.0.3
info: {title: Shipments, version: 1.0.0}
paths:
  /shipments/{id}:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shipment'}
components:
  schemas:
    ShipmentStatus:
      type: string
      enum: [CREATED, IN_TRANSIT]
    Shipment:
      type: object
      properties:
        id: {type: string}
        status: {$ref: '#/components/schemas/ShipmentStatus'}
";
    let consumer = "package track\n\ntype Shipment struct {\n\tID     string `json:\"id\"`\n\tStatus string `json:\"status\"`\n}\n\nfunc get(c *http.Client, id string) (*Shipment, error) {\n\tresp, err := c.Get(os.Getenv(\"SHIPMENTS_URL\") + \"/shipments/\" + id)\n\tvar s Shipment\n\tjson.NewDecoder(resp.Body).Decode(&s)\n\treturn &s, err\n}\n";
    let findings = check(&[
        ("shipments", &[("openapi.yaml", openapi), ("server.py", "print('shipments')\n")]),
        ("tracker", &[("track.go", consumer), ("docker-compose.yml", "services:\n  tracker:\n    build: .\n    environment:\n      - SHIPMENTS_URL=http://shipments:8080\n")]),
    ]);
    assert_eq!(summary(&findings), Vec::<String>::new());
}
