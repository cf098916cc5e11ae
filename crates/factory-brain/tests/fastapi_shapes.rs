//! A FastAPI provider read the way FastAPI code is written, as `brain check` holds consumers
//! against it (the planted-mismatch evaluation's org D, orders-api): an `APIRouter`'s prefix
//! joined to routes whose own path is a parameter or empty, a router included under a prefix
//! by another module, pydantic models inheriting a shared `CamelModel` config, their
//! `alias_generator` and `Field(alias=..)` wire names, and a handler's body model as the
//! operation's request.

mod support;

use factory_brain::check::Finding;
use support::{node_lines, org};

fn check(repos: &[(&str, &[(&str, &str)])]) -> Vec<Finding> {
    support::check_repos(repos)
}

fn summary(findings: &[Finding]) -> Vec<String> {
    support::finding_summary(findings)
}

const DOCKERFILE: &str = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"uvicorn\", \"app.main:app\"]\n";

/// orders-api's models: a `CamelModel` base whose config camel-cases every field, the
/// responses inheriting it, a request naming its fields with `Field(alias=..)`, and a legacy
/// response left in snake_case.
const MODELS: &str = "from datetime import date, datetime\n\nfrom pydantic import BaseModel, ConfigDict, Field\nfrom pydantic.alias_generators import to_camel\n\n\nclass CamelModel(BaseModel):\n    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)\n\n\nclass OrderLine(CamelModel):\n    sku: str\n    quantity: int\n    unit_price: float\n\n\nclass OrderOut(CamelModel):\n    id: str\n    customer_id: str\n    total_amount: float\n    lines: list[OrderLine]\n    created_at: datetime\n\n\nclass OrderLineIn(BaseModel):\n    sku: str\n    quantity: int = Field(gt=0)\n\n\nclass OrderCreate(BaseModel):\n    customer_id: str = Field(alias=\"customerId\")\n    lines: list[OrderLineIn] = Field(min_length=1)\n    coupon_code: str | None = Field(default=None, alias=\"couponCode\")\n\n\nclass ShipmentOut(BaseModel):\n    tracking_number: str\n    carrier: str\n    eta: date\n";

/// orders-api's router: its prefix is the whole path of `GET /v1/orders/{order_id}` and
/// `POST /v1/orders`.
const ROUTER: &str = "from fastapi import APIRouter\n\nfrom app.models.orders import OrderCreate, OrderOut, ShipmentOut\n\nrouter = APIRouter(prefix=\"/v1/orders\", tags=[\"orders\"])\n\n\n@router.get(\"/{order_id}\", response_model=OrderOut)\nasync def get_order(order_id: str) -> OrderOut:\n    return ORDERS[order_id]\n\n\n@router.post(\"\", response_model=OrderOut, status_code=201)\nasync def create_order(body: OrderCreate) -> OrderOut:\n    return make(body)\n\n\n@router.get(\"/{order_id}/shipment\", response_model=ShipmentOut)\nasync def get_shipment(order_id: str) -> ShipmentOut:\n    return SHIPMENTS[order_id]\n";

fn orders_api(main: &str, router: &str) -> Vec<(&'static str, String)> {
    vec![("Dockerfile", DOCKERFILE.to_string()), ("app/__init__.py", String::new()), ("app/main.py", main.to_string()), ("app/routers/orders.py", router.to_string()), ("app/models/orders.py", MODELS.to_string())]
}

const MAIN: &str = "from fastapi import FastAPI\n\nfrom app.routers import orders\n\napp = FastAPI(title=\"orders-api\")\napp.include_router(orders.router)\n";

/// A storefront's axios client of orders-api, with its `Order` interface and what it posts.
fn storefront(order: &str, posted: &str) -> Vec<(&'static str, String)> {
    let client = format!("import axios from \"axios\";\nimport type {{ Order }} from \"./types\";\n\nconst http = axios.create({{ baseURL: process.env.ORDERS_API_URL ?? \"http://orders-api:8000\" }});\n\nexport async function fetchOrder(id: string): Promise<Order> {{\n  const {{ data }} = await http.get<Order>(`/v1/orders/${{id}}`);\n  return data;\n}}\n\nexport async function placeOrder(lines: unknown[], couponCode?: string): Promise<Order> {{\n  const {{ data }} = await http.post<Order>(\"/v1/orders\", {posted});\n  return data;\n}}\n");
    vec![("package.json", "{\"name\": \"storefront\", \"dependencies\": {\"axios\": \"1.6.0\"}}\n".to_string()), ("src/api/orders.ts", client), ("src/api/types.ts", format!("export interface Order {{\n{order}}}\n"))]
}

fn borrowed<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    files.iter().map(|(path, text)| (*path, text.as_str())).collect()
}

const CAMEL_ORDER: &str = "  id: string;\n  customerId: string;\n  totalAmount: number;\n  lines: { sku: string; quantity: number; unitPrice: number }[];\n  createdAt: string;\n";

/// A router's `"/{order_id}"` and `""` are served under its prefix; a router without one,
/// included with `app.include_router(items.router, prefix="/v1/items")`, serves its routes
/// under the include's prefix. A plain app's `@app.get("/{slug}")` says nothing, nor does a
/// prefix-less router's route that no include gives a prefix.
#[test]
fn a_fastapi_routers_prefix_serves_its_parameter_and_empty_routes() {
    let main = "from fastapi import FastAPI\n\nfrom app.routers import orders\nfrom app.routers.items import router as items_router\n\napp = FastAPI()\napp.include_router(orders.router)\napp.include_router(items_router, prefix=\"/v1/items\")\n\n\n@app.get(\"/{slug}\")\ndef page(slug: str):\n    return {}\n";
    let items = "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get(\"/{item_id}\")\ndef get_item(item_id: int):\n    return {}\n\n\n@router.get(\"\")\ndef list_items():\n    return []\n";
    let tags = "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get(\"/{tag}\")\ndef get_tag(tag: str):\n    return {}\n";
    let mut files = orders_api(main, ROUTER);
    files.push(("app/routers/items.py", items.to_string()));
    files.push(("app/routers/tags.py", tags.to_string()));
    let resolved = org(&[("orders-api", &borrowed(&files))]);
    insta::assert_snapshot!(node_lines(&resolved, &["operation"]).join("\n"), @r"
    operation:orders-api-routes/GET /v1/items
    operation:orders-api-routes/GET /v1/items/{item_id}
    operation:orders-api-routes/GET /v1/orders/{order_id}
    operation:orders-api-routes/GET /v1/orders/{order_id}/shipment
    operation:orders-api-routes/POST /v1/orders
    ");
}

/// OrderOut inherits `CamelModel`, which inherits `BaseModel`: it is a model, its fields read
/// by the storefront are offered and a field it lacks is missing. A class whose bases reach no
/// model (`class Audit(Mixin)`) declares no response's fields, though a route answers with it:
/// its `shipping_address` would make the read a naming mismatch.
#[test]
fn a_model_inheriting_a_base_model_subclass_is_read() {
    let models_with_mixin = format!("{MODELS}\n\nclass Mixin:\n    pass\n\n\nclass Audit(Mixin):\n    shipping_address: str\n");
    let router = format!("{ROUTER}\n\n@router.get(\"/{{order_id}}/audit\", response_model=Audit)\nasync def get_audit(order_id: str):\n    return AUDITS[order_id]\n");
    let mut provider = orders_api(MAIN, &router);
    provider[4].1 = models_with_mixin;
    let order = format!("{CAMEL_ORDER}  shippingAddress: string;\n");
    let consumer = storefront(&order, "{ customerId: \"c\", lines }");
    let findings = check(&[("orders-api", &borrowed(&provider)), ("storefront", &borrowed(&consumer))]);
    insta::assert_debug_snapshot!(summary(&findings), @r#"
    [
        "missing-field shippingAddress api:orders-api-routes",
    ]
    "#);
}

/// The `to_camel` alias generator and `Field(alias=..)` give the wire names: a consumer reading
/// `customerId` and `totalAmount` is right, one reading `@JsonProperty("total_amount")` is told
/// the provider names it `totalAmount`. The snake_case `ShipmentOut` keeps its names: reading
/// `tracking_number` is right, `trackingNumber` a naming mismatch.
#[test]
fn pydantic_alias_generators_and_aliases_are_the_wire_names() {
    let provider = orders_api(MAIN, ROUTER);
    let dto = "package com.acme.billing.orders;\n\nimport com.fasterxml.jackson.annotation.JsonProperty;\nimport java.math.BigDecimal;\n\npublic record OrderDto(\n        @JsonProperty(\"id\") String id,\n        @JsonProperty(\"customerId\") String customer,\n        @JsonProperty(\"total_amount\") BigDecimal totalAmount) {\n}\n";
    let shipment = "package com.acme.billing.orders;\n\nimport com.fasterxml.jackson.annotation.JsonProperty;\n\npublic record ShipmentDto(@JsonProperty(\"tracking_number\") String tracking, @JsonProperty(\"carrier\") String carrier) {\n}\n";
    let client = "package com.acme.billing.orders;\n\nimport org.springframework.cloud.openfeign.FeignClient;\nimport org.springframework.web.bind.annotation.GetMapping;\nimport org.springframework.web.bind.annotation.PathVariable;\n\n@FeignClient(name = \"orders-api\", url = \"${orders.url}\", path = \"/v1/orders\")\npublic interface OrdersClient {\n    @GetMapping(\"/{id}\")\n    OrderDto getOrder(@PathVariable(\"id\") String id);\n\n    @GetMapping(\"/{id}/shipment\")\n    ShipmentDto getShipment(@PathVariable(\"id\") String id);\n}\n";
    let billing = [
        ("pom.xml", "<project><artifactId>billing</artifactId></project>\n"),
        ("src/main/java/com/acme/billing/orders/OrderDto.java", dto),
        ("src/main/java/com/acme/billing/orders/ShipmentDto.java", shipment),
        ("src/main/java/com/acme/billing/orders/OrdersClient.java", client),
    ];
    let go = "package orders\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\ntype Shipment struct {\n\tTrackingNumber string `json:\"trackingNumber\"`\n\tCarrier        string `json:\"carrier\"`\n}\n\nfunc GetShipment(id string) (*Shipment, error) {\n\tresp, err := http.Get(fmt.Sprintf(\"http://orders-api:8000/v1/orders/%s/shipment\", id))\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tvar s Shipment\n\terr = json.NewDecoder(resp.Body).Decode(&s)\n\treturn &s, err\n}\n";
    let fulfillment = [("go.mod", "module example.com/fulfillment\n\ngo 1.22\n"), ("internal/orders/client.go", go)];
    let findings = check(&[("orders-api", &borrowed(&provider)), ("billing", &billing), ("fulfillment", &fulfillment)]);
    insta::assert_debug_snapshot!(summary(&findings), @r#"
    [
        "naming-mismatch total_amount api:orders-api-routes",
        "naming-mismatch trackingNumber api:orders-api-routes",
    ]
    "#);
}

/// `def create_order(body: OrderCreate)` makes OrderCreate the request of `POST /v1/orders`:
/// posting without `customerId` (required, aliased) is reported; leaving out `couponCode`
/// (`Field(default=None)`) is not.
#[test]
fn a_handlers_body_model_is_the_operations_request() {
    let provider = orders_api(MAIN, ROUTER);
    let missing = storefront(CAMEL_ORDER, "{ lines, couponCode }");
    let findings = check(&[("orders-api", &borrowed(&provider)), ("storefront", &borrowed(&missing))]);
    insta::assert_debug_snapshot!(summary(&findings), @r#"
    [
        "missing-required-field customerId api:orders-api-routes",
    ]
    "#);
    let complete = storefront(CAMEL_ORDER, "{ customerId: \"c\", lines }");
    let findings = check(&[("orders-api", &borrowed(&provider)), ("storefront", &borrowed(&complete))]);
    assert_eq!(summary(&findings), Vec::<String>::new(), "an optional field left out is no finding");
}
