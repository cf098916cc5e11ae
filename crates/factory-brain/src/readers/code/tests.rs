//! The hand-written scanners against the patterns they stand for, on generated text made
//! of the fragments that matter to them.
use super::*;

const FRAGMENTS: &[&str] = &[
    "\"", "'", "`", "\\", "\n", "\r\n", "\r", " ", "\t", "\u{0B}", "\u{2003}", "\u{A0}", "é", "[", "]", "(", ")", "{", "}", ".", ":",
    "=", "-", "_", "x", "a1", "item", "os", "headers", ".get(", "\"name\"", "'created_at'", "Client", "NewOrdersClient(", "Stub(",
    "Service", "new a.b.OrdersService(", "RegisterOrdersServer(", "Server", "Base", ": shop.Orders.OrdersBase", "addService(",
    ".service", "add_OrdersServicer_to_server", "Grpc.", "ImplBase", "json:\"", "@JsonProperty(\"", "JsonPropertyName(\"",
    "serde(rename = \"", "process.env.", "import.meta.env.", "ORDERS_URL", "@FeignClient(", "name = ", "\"orders\"", "()", "json",
];

/// Text of `count` fragments, the same for the same `seed`.
pub(super) fn generated(seed: u64, count: usize, fragments: &[&str]) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut text = String::new();
    for _ in 0..count {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(fragments[(state % fragments.len() as u64) as usize]);
    }
    text
}

#[test]
fn lines_are_cut_as_str_lines_cuts_them() {
    for seed in 0..2000 {
        let text = generated(seed, (seed % 40) as usize, &["\n", "\r\n", "\r", "a", "é", " "]);
        let ours: Vec<&str> = lines_with_offsets(&text).map(|(line, _, _)| line).collect();
        assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
        for (line, start, next) in lines_with_offsets(&text) {
            assert_eq!(&text[start..start + line.len()], line);
            assert!(next == text.len() || text.as_bytes()[next - 1] == b'\n');
        }
    }
}

#[test]
fn literals_of_the_text_are_those_of_each_line() {
    for seed in 0..5000 {
        let text = generated(seed, 60, FRAGMENTS);
        let mut ours = Literals::new(&text).peekable();
        for (line, start, next) in lines_with_offsets(&text) {
            let expected: Vec<(usize, usize)> = STRING_LITERAL.find_iter(line).map(|found| (start + found.start(), start + found.end())).collect();
            let mut found = Vec::new();
            while let Some(literal) = ours.next_if(|&(at, _)| at < next) {
                found.push(literal);
            }
            assert_eq!(found, expected, "{line:?}");
        }
    }
}

#[test]
fn subscript_reads_are_the_patterns_matches() {
    for seed in 0..20000 {
        let line: String = generated(seed, 12, FRAGMENTS).chars().filter(|character| *character != '\n').collect();
        let expected: Vec<(String, String)> = SUBSCRIPT_READ
            .captures_iter(&line)
            .map(|captures| (captures[1].to_string(), captures.get(2).or_else(|| captures.get(3)).map(|field| field.as_str().to_string()).unwrap_or_default()))
            .collect();
        let mut found = Vec::new();
        subscript_reads(&line, &mut |holder, field| found.push((holder.to_string(), field.to_string())), None);
        assert_eq!(found, expected, "{line:?}");
    }
}

#[test]
fn a_line_without_trigger_words_matches_no_line_pattern() {
    let patterns: [(&Regex, u8); 6] = [
        (&NAMED_CLIENT, NAMED_CLIENT_LINE),
        (&PROCESS_ENV, PROCESS_ENV_LINE),
        (&GRPC_CLIENT, GRPC_CLIENT_LINE),
        (&GRPC_SERVER, GRPC_SERVER_LINE),
        (&DECLARED_WIRE_NAME, WIRE_NAME_LINE),
        (&SUBSCRIPT_READ, SUBSCRIPT_LINE),
    ];
    for seed in 0..20000 {
        let text = generated(seed, 30, FRAGMENTS);
        let mut triggers = Triggers::new(&text);
        for (line, _, next) in lines_with_offsets(&text) {
            let flags = triggers.flags_before(next);
            for (pattern, bit) in &patterns {
                assert!(!pattern.is_match(line) || flags & bit != 0, "{pattern} in {line:?}");
            }
        }
    }
    // `\s` after a `[`: every white space character starts with one of the bytes listed.
    let space = Regex::new(r"^\s$").expect("a valid regex");
    for character in (0..=char::MAX as u32).filter_map(char::from_u32).filter(|character| space.is_match(character.encode_utf8(&mut [0; 4]))) {
        let line = format!("x[{character}'a']");
        assert_ne!(Triggers::new(&line).flags_before(line.len()) & SUBSCRIPT_LINE, 0, "{character:?}");
    }
}

/// The retail store's Kiota clients: `{+baseurl}` is the base address, and a query
/// expression `{?order*,page*}` is not a path segment.
#[test]
fn a_uri_templates_query_expression_is_no_part_of_the_path() {
    assert_eq!(literals::http_path("{+baseurl}/catalog/products{?order*,page*,size*}").as_deref(), Some("/catalog/products"));
    assert_eq!(literals::http_path("{+baseurl}/carts/{customerId}/items{&x}").as_deref(), Some("/carts/{}/items"));
    assert_eq!(literals::http_path("/orders/{id}").as_deref(), Some("/orders/{}"));
}

/// go-coffeeshop's grpc-gateway proxy: registering a service's handler from an endpoint
/// makes the gateway a client of that service; the generated definition makes nothing.
#[test]
fn a_grpc_gateway_handler_registered_from_an_endpoint_is_a_client() {
    let proxy = "package main\n\nfunc run() {\n\terr := gen.RegisterProductServiceHandlerFromEndpoint(ctx, mux, productEndpoint, opts)\n\t_ = gw.RegisterGreeterHandlerClient(ctx, mux, client)\n}\n";
    let consumed: Vec<String> = read("cmd/proxy/main.go", proxy).edges.iter().filter(|edge| edge.kind == "consumes").map(|edge| edge.to.clone()).collect();
    assert_eq!(consumed, ["grpc:ProductService", "grpc:Greeter"]);
    let generated = "package gen\n\nfunc RegisterProductServiceHandlerFromEndpoint(ctx context.Context, mux *runtime.ServeMux, endpoint string) (err error) {\n}\n";
    assert!(read("gen/product.pb.gw.go", generated).edges.iter().all(|edge| edge.kind != "consumes"));
}

/// A port only of a call that connects, and a config entry's host, never its `address`.
#[test]
fn lifetimes_statuses_and_street_addresses_name_no_host() {
    let code = "r.expire(\"cart\", 3600)\nhttp.Error(w, \"unauthorized\", 401)\nstreet := order[\"shipping\"][\"address\"]\nconn := mongo.Connect(\"orders-db\", 27017)\nhost := cfg[\"billing\"][\"host\"]\n";
    let hosts: Vec<String> = read("cmd/app/main.go", code).edges.iter().filter(|edge| edge.kind == "depends_on").map(|edge| edge.to.clone()).collect();
    assert_eq!(hosts, ["host:orders-db", "host:billing"]);
}

/// C++'s generated stub factory names its service before `::NewStub`.
#[test]
fn a_cpp_stub_names_its_service() {
    let client = "auto stub = Greeter::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));\n";
    let consumed: Vec<String> = read("src/client.cc", client).edges.iter().filter(|edge| edge.kind == "consumes").map(|edge| edge.to.clone()).collect();
    assert_eq!(consumed, ["grpc:Greeter"]);
}

#[test]
fn env_names_are_those_of_the_pattern() {
    let pattern = Regex::new(r"^[A-Z][A-Z0-9_]*$").expect("a valid regex");
    for seed in 0..5000 {
        let text = generated(seed, (seed % 5) as usize, &["A", "Z", "a", "0", "_", "-", "É", " ", "ORDERS_URL"]);
        assert_eq!(is_env_name(&text), pattern.is_match(&text), "{text:?}");
    }
}

#[test]
fn test_folders_are_tests_but_a_main_source_sets_test_package_is_not() {
    for path in ["src/test/java/com/shop/OrderTest.java", "tests/test_orders.py", "web/__tests__/api.js", "orders/orders_test.go", "iam/src/main/java/com/shop/OrderServiceTest.java"] {
        assert!(is_test_path(path), "{path}");
    }
    for path in ["iam-service/src/main/java/com/capstone/iamservice/test/RedisStreamProducer.java", "src/main/kotlin/shop/spec/Specs.kt", "orders/main.go", "contest/app.py"] {
        assert!(!is_test_path(path), "{path}");
    }
}
