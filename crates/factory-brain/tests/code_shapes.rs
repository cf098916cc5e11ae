//! Shapes of source code the code reader must understand, each from an evaluation of the brain
//! on a real system (Weaveworks Sock Shop, the OpenTelemetry demo, Google's Online Boutique),
//! rewritten with our own names under `tests/fixtures/code_shapes/<case>/`. Each case is one
//! repo with a service per folder; its snapshot is the resolved graph's service edges
//! (`depends_on`, `provides`, `consumes`, `publishes`, `subscribes`), so an edge too many
//! shows as plainly as one too few.

mod support;

/// The service edges of the fixture repo `code_shapes/<case>`.
fn service_edges(case: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = support::fixture_repo(&format!("code_shapes/{case}"), &dir.path().join(case));
    let (files, errors) = support::read_repo(case, &path);
    assert_eq!(errors, Vec::<(String, String)>::new());
    let resolved = factory_brain::resolve(&files, &[case.to_string()]);
    let lines = support::edge_lines(&resolved, &["depends_on", "provides", "consumes", "publishes", "subscribes"]);
    lines.into_iter().filter(|line| !line.contains("-consumes-> field:")).collect::<Vec<_>>().join("\n")
}

fn check(case: &str) {
    insta::assert_snapshot!(case, service_edges(case));
}

/// Sock Shop B: `util.format("http://carts%s/carts", domain)`, `%v`, `{}`, `${x}` glued to
/// the host still name it; a host that is only a hole names nothing.
#[test]
fn a_placeholder_glued_to_a_host_leaves_the_host() {
    check("printf_host");
}

/// Sock Shop G: Spring's `${name:default}` in properties and `@Value` stands for its default.
#[test]
fn spring_placeholders_stand_for_their_defaults() {
    check("spring_placeholders");
}

/// OpenTelemetry demo R1: `new LedgerServiceClient(LEDGER_ADDR, ...)` (grpc-js, ts-proto),
/// `const { QUOTE_ADDR = '' } = process.env`, and `` `${RATES_URL}/latest` ``.
#[test]
fn grpc_js_clients_and_destructured_env_name_their_services() {
    check("grpc_js_client");
}

/// OpenTelemetry demo R5: topics produced by one service and consumed by another (sarama,
/// Kafka consumer in Kotlin, Confluent .NET, kafka-python, kafkajs, Spring `@KafkaListener`),
/// named by literals or by the file's constants, also over several lines (`KafkaConsumer(`
/// then `TOPIC,` on the next: `ledger` reads `audit-log`).
#[test]
fn kafka_topics_link_their_producers_to_their_consumers() {
    check("kafka_topics");
}

/// Sock Shop D: `convertAndSend("shipping-task", ...)` and `setQueueNames(this.queueName)`,
/// pika's `basic_publish(routing_key=...)`, amqplib's `consume(...)`, `@RabbitListener`.
#[test]
fn rabbitmq_queues_link_their_publishers_to_their_consumers() {
    check("rabbit_queues");
}

/// Sock Shop C and the OpenTelemetry demo's HTTP services: routes declared in server code
/// (gorilla/mux, Spring with a class prefix, Sinatra, Slim, actix, Flask, FastAPI, Express,
/// ASP.NET, gin, net/http) are operations their component provides, so a path another
/// service calls reaches it. `/items`, served by two components, links neither; `/health`
/// links nothing; a file path ending like a route, or a literal value where the route has a
/// parameter (`"/catalogue/42"`), is not a call to it; a `PathPrefix("/customers")` serves
/// `/customers` rather than calling the web front's route of the same path; Retrofit's
/// `@GET("receipts/{id}")` declares no route.
#[test]
fn routes_in_server_code_are_provided_operations() {
    check("code_routes");
}

/// Sock Shop FP-2 (reproducer R11): `app.get("/entries", ...)` serves `/entries`, it does not
/// call the ledger whose contract has it; and a call matching both a contract and routes
/// read from code goes to the contract.
#[test]
fn a_route_registration_is_not_a_call() {
    check("route_is_not_a_call");
}

/// Sock Shop J: Go's `user:pw@tcp(stock-db:3306)/stock` and `{host: "cache-db"}` name
/// infrastructure the compose file declares; an unknown name or a non-host key names nothing.
#[test]
fn dsn_addresses_and_host_keys_name_their_hosts() {
    check("dsn_and_host_keys");
}

/// Online Boutique 1 and 2: `server.addService(` with the service on the next line still
/// provides it, and a sample client in the server's own folder does not consume its API.
#[test]
fn a_split_grpc_registration_provides_and_a_sample_client_does_not_consume() {
    check("grpc_split_and_sample_client");
}

/// Evaluation of PHP, .NET and Python services: PDO's `mysql:host=ratings-db;dbname=ratings`,
/// ADO.NET's `Server=tcp:ledger-sql,1433;...` in code and `Host=archive-db;...` in
/// `appsettings.json`, and libpq's `host=reports-db port=5432 ...` name their databases like a
/// `jdbc:` URL does; a connection string of holes names nothing.
#[test]
fn keyword_connection_strings_name_their_databases() {
    check("keyword_dsns");
}

/// Evaluation of JAX-RS, Spring, WEBrick and httpdispatcher services: an annotation with a
/// braced argument between `@POST` and `@Path` (`@Consumes({"..."})`) hid the method's path;
/// class prefixes join method paths; WEBrick's `mount_proc '/details'` serves `/details` and
/// every path below it (the call to `/details/{id}` is its consumer);
/// httpdispatcher's `onGet(/^\/ratings\/[0-9]*/, ...)` serves `/ratings/{id}`, while a regex
/// with alternatives declares nothing.
#[test]
fn annotated_mounted_and_regex_routes_are_provided_operations() {
    check("route_shapes");
}

/// Evaluation of Node, PHP and Java clients: a URL built by concatenation
/// (`'http://' + host + ':8080/product/' + sku`, PHP's `'/reviews/' . $id`) calls
/// `/product/{}`, the route with a parameter; more glued on after the value
/// (`+ sku + '/stock'`) is not read as that route, and a base URL held in a variable
/// (`String.format("http://%s/shipping/", host)` then `baseUrl + id`) stays unmatched.
#[test]
fn a_value_glued_after_a_path_is_its_last_segment() {
    check("concatenated_paths");
}

/// Train-Ticket evaluation: a URL-builder helper the file defines
/// (`getServiceUrl(String name) { return "http://" + name; }`, Python's
/// `f"http://{name}:{port}"`) makes its argument a host; a helper that builds a label or a
/// path does not, nor one whose host is another parameter than the first, nor a function
/// defined beside a URL helper, nor `if ready(s):` (a call), nor a helper the file does not
/// define; a body with a multi-byte character where a byte count would cut it reads whole.
#[test]
fn an_argument_of_a_url_building_helper_is_a_host() {
    check("url_helpers");
}
