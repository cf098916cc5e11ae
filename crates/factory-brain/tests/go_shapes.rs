//! Go services' configuration bound from the environment by struct tags.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /svc .\nCMD [\"/svc\"]\n";

/// Arthur199212's microservices-demo: the API gateway reads its addresses through viper into a
/// struct whose tags name the env vars (`CartServiceAddr string \`mapstructure:"CART_SERVICE_ADDR"\``),
/// as the checkout service's `os.Getenv("CART_SERVICE_ADDR")` does. A tag naming no address
/// (`mapstructure:"PORT"`) or a JSON field's name (`json:"CURRENCY_SERVICE_ADDR"`) reads none.
#[test]
fn struct_tags_binding_env_vars_are_env_reads() {
    let compose = "services:\n  api-gateway:\n    build: ./api_gateway\n  cart:\n    build: ./cart\n  currency:\n    build: ./currency\n";
    let config = "package utils\n\ntype Config struct {\n\tPort            string `mapstructure:\"PORT\"`\n\tCartServiceAddr string `mapstructure:\"CART_SERVICE_ADDR\"`\n}\n\ntype Quote struct {\n\tAddr string `json:\"CURRENCY_SERVICE_ADDR\"`\n}\n";
    let main = "package main\n\nfunc main() {}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("api_gateway/Dockerfile", DOCKERFILE),
            ("api_gateway/main.go", main),
            ("api_gateway/utils/config.go", config),
            ("cart/Dockerfile", DOCKERFILE),
            ("cart/main.go", main),
            ("currency/Dockerfile", DOCKERFILE),
            ("currency/main.go", main),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api-gateway repo="shop" root="api_gateway"
    component:cart repo="shop" root="cart"
    component:currency repo="shop" root="currency"
    component:api-gateway -depends_on-> component:cart
    "#);
}

/// duynhlab's deploy repo runs the payment service's repo twice: `payment`, and `mockpay`, the
/// same build started with another command (`command: ["mockpay"]`). Both are one component,
/// named after the service named like the repo it is built from, whichever compose lists first.
/// Two services built from a folder named like neither (`worker-a`, `worker-b` of `jobs`) keep
/// the first one's name, as before.
#[test]
fn compose_services_built_from_one_repo_take_the_name_of_the_one_named_like_it() {
    let compose = concat!(
        "services:\n",
        "  mockpay:\n    build: { context: ../../payment-service }\n    command: [\"mockpay\"]\n",
        "  payment:\n    build: { context: ../../payment-service }\n    environment:\n      MOCKPAY_URL: http://mockpay:8080\n",
        "  order:\n    build: { context: ../../order-service }\n    environment:\n      PAYMENT_GRPC_ADDR: dns:///payment:9090\n",
        "  worker-a:\n    build: { context: ../../jobs }\n  worker-b:\n    build: { context: ../../jobs }\n",
    );
    let main = "package main\n\nfunc main() {}\n";
    let resolved = org(&[
        ("homelab", &[("local-stack/compose.yaml", compose)]),
        ("payment-service", &[("Dockerfile", DOCKERFILE), ("go.mod", "module github.com/duynhlab/payment-service\n"), ("cmd/main.go", main)]),
        ("order-service", &[("Dockerfile", DOCKERFILE), ("go.mod", "module github.com/duynhlab/order-service\n"), ("cmd/main.go", main)]),
        ("jobs", &[("Dockerfile", DOCKERFILE), ("go.mod", "module github.com/duynhlab/jobs\n"), ("main.go", main)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order repo="order-service" root=""
    component:payment repo="payment-service" root=""
    component:worker-a repo="jobs" root=""
    component:order -depends_on-> component:payment
    "#);
}
