//! Consumer-side HTTP clients read as their libraries build requests, as `brain check` holds
//! them against the provider (the planted-mismatch evaluation's orgs D and E): a Spring Cloud
//! OpenFeign client's `path` (or the interface's `@RequestMapping`) prefixing its mappings,
//! Ruby's `Net::HTTP` requests and Faraday's verbs over `#{..}` interpolation, and PHP
//! Guzzle's `'json' =>` options as the request body.

mod support;

use factory_brain::check::check_with_calls;
use support::{as_graph, org};

/// payments-api's contract: `POST /api/v1/payments` requires `orderId`, `amount` and `method`;
/// a payment is read by id, and refunded; there is no capture route.
const OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: Payments API, version: 1.0.0}\npaths:\n  /api/v1/payments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/PaymentRequest'}\n      responses:\n        '201': {description: created}\n  /api/v1/payments/{paymentId}:\n    get:\n      parameters: [{name: paymentId, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Payment'}\n  /api/v1/payments/{paymentId}/refunds:\n    post:\n      parameters: [{name: paymentId, in: path, required: true, schema: {type: string}}]\n      responses:\n        '201': {description: created}\ncomponents:\n  schemas:\n    PaymentRequest:\n      type: object\n      required: [orderId, amount, method]\n      properties:\n        orderId: {type: string}\n        amount: {type: number}\n        method: {type: string}\n    Payment:\n      type: object\n      properties:\n        id: {type: string}\n        status: {type: string}\n";

/// The operations each consumer is linked to (with what it sends), then the findings with the
/// call and fields each names.
fn checked(consumers: &[(&str, &[(&str, &str)])]) -> String {
    let provider: &[(&str, &str)] = &[("Dockerfile", "FROM eclipse-temurin:21\nCOPY app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n"), ("openapi.yaml", OPENAPI)];
    let repos: Vec<(&str, &[(&str, &str)])> = std::iter::once(("payments-api", provider)).chain(consumers.iter().copied()).collect();
    let resolved = org(&repos);
    let findings = check_with_calls(&as_graph(&resolved), &resolved.reads, &resolved.unmatched_calls);
    let mut lines: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| edge.kind == "consumes" && edge.to.starts_with("operation:"))
        .map(|edge| format!("{} -consumes-> {} sends={}", edge.from, edge.to, edge.props.get("sends").map_or("-".to_string(), ToString::to_string)))
        .collect();
    lines.sort();
    lines.dedup();
    // Each finding's rule and what its message quotes (the call, the fields).
    lines.extend(findings.iter().map(|finding| format!("finding: {} {}", finding.rule, finding.message.split('`').skip(1).step_by(2).collect::<Vec<_>>().join(" "))));
    lines.join("\n")
}

const POM: &str = "<project><artifactId>billing</artifactId></project>\n";

/// billing's Feign client names its prefix with `path`, ledger's with the interface's
/// `@RequestMapping`: both read a payment by `@GetMapping("/{id}")` and capture one with
/// `@PostMapping("/{id}/capture")`, a route payments-api lacks (planted-mismatch org D's P6,
/// which was linked to the prefix's `POST` before).
#[test]
fn a_feign_clients_path_prefixes_its_mappings() {
    let billing = "package com.acme.billing;\n\nimport org.springframework.cloud.openfeign.FeignClient;\n\n@FeignClient(name = \"payments-api\", url = \"${payments.url}\", path = \"/api/v1/payments\")\npublic interface PaymentsClient {\n    @GetMapping(\"/{id}\")\n    Payment get(@PathVariable(\"id\") String id);\n\n    @PostMapping(\"/{id}/capture\")\n    Payment capture(@PathVariable(\"id\") String id);\n}\n";
    let ledger = "package com.acme.ledger;\n\nimport org.springframework.cloud.openfeign.FeignClient;\n\n@FeignClient(\"payments-api\")\n@RequestMapping(\"/api/v1/payments\")\npublic interface PaymentsClient {\n    @GetMapping(\"/{id}\")\n    Payment get(@PathVariable(\"id\") String id);\n\n    @PostMapping(value = \"/{id}/capture\", consumes = \"application/json\")\n    Payment capture(@PathVariable(\"id\") String id);\n}\n";
    let findings = checked(&[("billing", &[("pom.xml", POM), ("src/main/java/com/acme/billing/PaymentsClient.java", billing)]), ("ledger", &[("pom.xml", POM), ("src/main/java/com/acme/ledger/PaymentsClient.java", ledger)])]);
    insta::assert_snapshot!(findings, @"
    component:billing -consumes-> operation:payments-api/GET /api/v1/payments/{paymentId} sends=-
    component:ledger -consumes-> operation:payments-api/GET /api/v1/payments/{paymentId} sends=-
    finding: consumed-operation-missing POST /api/v1/payments/{}/capture
    finding: consumed-operation-missing POST /api/v1/payments/{}/capture
    ");
}

/// Near misses: a client without a `path` whose mappings name whole paths, one of them a
/// method's `@RequestMapping` (which prefixes nothing), calls what it names, and finds nothing
/// missing.
#[test]
fn a_feign_client_without_a_prefix_calls_its_mappings_as_written() {
    let client = "package com.acme.billing;\n\nimport org.springframework.cloud.openfeign.FeignClient;\n\n@FeignClient(name = \"payments-api\", url = \"${payments.url}\")\npublic interface PaymentsClient {\n    @RequestMapping(value = \"/api/v1/payments/{id}/refunds\", method = RequestMethod.POST)\n    Refund refund(@PathVariable(\"id\") String id);\n\n    @GetMapping(\"/api/v1/payments/{id}\")\n    Payment get(@PathVariable(\"id\") String id);\n}\n";
    let findings = checked(&[("billing", &[("pom.xml", POM), ("src/main/java/com/acme/billing/PaymentsClient.java", client)])]);
    insta::assert_snapshot!(findings, @"
    component:billing -consumes-> operation:payments-api/GET /api/v1/payments/{paymentId} sends=-
    component:billing -consumes-> operation:payments-api/POST /api/v1/payments/{paymentId}/refunds sends=-
    ");
}

const DOCKERFILE_RB: &str = "FROM ruby:3.3\nCOPY . /app\nCMD [\"ruby\", \"app.rb\"]\n";

/// shop reads a payment with Faraday's `@conn.get("/api/v1/payments/#{payment_id}")` (linked to
/// the collection's `POST` before: `#{..}` was no hole) and captures one with
/// `Net::HTTP.post(uri, ..)` of a `URI("#{BASE_URL}/..")` held in a variable: a `POST` to a
/// route payments-api lacks (org E's P3).
#[test]
fn ruby_requests_name_their_method_and_interpolated_path() {
    let client = "require \"faraday\"\nrequire \"net/http\"\n\nclass PaymentsClient\n  BASE_URL = ENV.fetch(\"PAYMENTS_API_URL\", \"http://payments-api:8080\")\n\n  def initialize\n    @conn = Faraday.new(url: BASE_URL)\n  end\n\n  def summary(payment_id)\n    resp = @conn.get(\"/api/v1/payments/#{payment_id}\")\n    JSON.parse(resp.body)\n  end\n\n  def capture(payment_id)\n    uri = URI(\"#{BASE_URL}/api/v1/payments/#{payment_id}/capture\")\n    res = Net::HTTP.post(uri, { final: true }.to_json, \"Content-Type\" => \"application/json\")\n    JSON.parse(res.body)\n  end\nend\n";
    let findings = checked(&[("shop", &[("Dockerfile", DOCKERFILE_RB), ("lib/payments_client.rb", client)])]);
    insta::assert_snapshot!(findings, @"
    component:shop -consumes-> operation:payments-api/GET /api/v1/payments/{paymentId} sends=-
    finding: consumed-operation-missing POST /api/v1/payments/{}/capture
    ");
}

/// Near misses: a `Net::HTTP.post` of a route payments-api has, and a Faraday `GET` of the
/// collection payments-api only answers `POST` on: the `GET` is no call of the `POST`, and
/// neither is a finding.
#[test]
fn a_ruby_get_is_no_call_of_a_post() {
    let client = "require \"faraday\"\nrequire \"net/http\"\n\nclass PaymentsClient\n  BASE_URL = ENV.fetch(\"PAYMENTS_API_URL\", \"http://payments-api:8080\")\n\n  def initialize\n    @conn = Faraday.new(url: BASE_URL)\n  end\n\n  def all\n    JSON.parse(@conn.get(\"/api/v1/payments\").body)\n  end\n\n  def refund(payment_id)\n    res = Net::HTTP.post(URI(\"#{BASE_URL}/api/v1/payments/#{payment_id}/refunds\"), { reason: \"goodwill\" }.to_json)\n    JSON.parse(res.body)\n  end\nend\n";
    let findings = checked(&[("shop", &[("Dockerfile", DOCKERFILE_RB), ("lib/payments_client.rb", client)])]);
    insta::assert_snapshot!(findings, @r#"component:shop -consumes-> operation:payments-api/POST /api/v1/payments/{paymentId}/refunds sends=["reason"]"#);
}

const COMPOSER: &str = "{\"name\": \"acme/invoicing\", \"require\": {\"guzzlehttp/guzzle\": \"^7.8\"}}\n";

/// A Guzzle client's `post('/api/v1/payments', ['json' => [..]])`: the array's keys are the
/// body, which leaves out the required `method` (org E's P5).
#[test]
fn a_guzzle_json_option_is_the_request_body() {
    let gateway = "<?php\n\nnamespace Acme\\Invoicing;\n\nuse GuzzleHttp\\Client;\n\nfinal class PaymentGateway\n{\n    private Client $http;\n\n    public function __construct()\n    {\n        $this->http = new Client(['base_uri' => getenv('PAYMENTS_API_URL') ?: 'http://payments-api:8080']);\n    }\n\n    public function charge(string $orderId, float $amount): string\n    {\n        $res = $this->http->post('/api/v1/payments', [\n            'json' => [\n                'orderId' => $orderId,\n                'amount' => $amount,\n            ],\n        ]);\n        return json_decode((string) $res->getBody(), true)['id'];\n    }\n}\n";
    let findings = checked(&[("invoicing", &[("composer.json", COMPOSER), ("Dockerfile", "FROM php:8.3-cli\nCOPY . /app\nCMD [\"php\", \"/app/bin/run.php\"]\n"), ("src/PaymentGateway.php", gateway)])]);
    insta::assert_snapshot!(findings, @r#"
    component:invoicing -consumes-> operation:payments-api/POST /api/v1/payments sends=["orderId","amount"]
    finding: missing-required-field POST /api/v1/payments method
    "#);
}

/// Near misses: `'form_params' =>` sending every required field, and options that send no body
/// the reader can name (`'headers' =>` only), are no finding.
#[test]
fn a_guzzle_body_with_every_required_field_is_no_finding() {
    let gateway = "<?php\n\nnamespace Acme\\Invoicing;\n\nuse GuzzleHttp\\Client;\n\nfinal class PaymentGateway\n{\n    private Client $http;\n\n    public function __construct()\n    {\n        $this->http = new Client(['base_uri' => getenv('PAYMENTS_API_URL') ?: 'http://payments-api:8080']);\n    }\n\n    public function charge(string $orderId, float $amount): void\n    {\n        $this->http->request('POST', '/api/v1/payments', ['form_params' => ['orderId' => $orderId, 'amount' => $amount, 'method' => 'sepa']]);\n    }\n\n    public function retry(string $orderId): void\n    {\n        $this->http->post('/api/v1/payments', ['headers' => ['Idempotency-Key' => $orderId]]);\n    }\n}\n";
    let findings = checked(&[("invoicing", &[("composer.json", COMPOSER), ("Dockerfile", "FROM php:8.3-cli\nCOPY . /app\nCMD [\"php\", \"/app/bin/run.php\"]\n"), ("src/PaymentGateway.php", gateway)])]);
    insta::assert_snapshot!(findings, @r#"component:invoicing -consumes-> operation:payments-api/POST /api/v1/payments sends=["orderId","amount","method"]"#);
}
