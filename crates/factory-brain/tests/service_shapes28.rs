//! A deploy env giving every service every service's address: only what the code reads counts.

mod support;

use support::{org, summary};

/// Compose's block of every service's address, as minh0206's event-driven food delivery gives it.
fn compose(services: &[&str]) -> String {
    let mut compose = String::from("services:\n");
    for service in services {
        compose.push_str(&format!("  {service}:\n    build: ./{service}\n    environment:\n"));
        for target in ["users", "orders", "billing"] {
            compose.push_str(&format!("      {}_SERVICE_URL: http://{target}:8080\n", target.to_uppercase()));
        }
    }
    compose
}

/// minh0206/event-driven-food-delivery: compose gives user-, restaurant-, order- and
/// delivery-service the same four `*_SERVICE_URL` vars, and each service's
/// `application.properties` maps all four (`order-service.url=${ORDER_SERVICE_URL}`); each
/// service's Feign clients use one or two (`url = "${order-service.url}"`). A service depends
/// only on those; one whose code takes none of the properties depends on none (jfkt-poly's
/// payment-service, whose `order.service.url=${ORDER_SERVICE_URL}` nothing injects). A
/// service whose code takes properties by names it computes, or whose code is not read, keeps
/// every address.
#[test]
fn a_spring_service_depends_only_on_the_addresses_its_code_takes() {
    let compose = compose(&["users", "orders", "billing", "reports", "legacy"]);
    let properties = "spring.application.name=app\nusers.service.url=${USERS_SERVICE_URL}\norders-service.url=${ORDERS_SERVICE_URL:http://localhost:8080}\nbilling-service.url=${BILLING_SERVICE_URL}\n";
    let dockerfile = "FROM eclipse-temurin:17\nCOPY target/app.jar /app.jar\n";
    let client = "package shop;\n\n@FeignClient(name = \"billing\", url = \"${billing-service.url}\")\npublic interface BillingClient {\n    @PostMapping(\"/invoices\")\n    void invoice();\n}\n";
    let computed = "package shop;\n\npublic class Clients {\n    String url(Environment env, String name) { return env.getProperty(name + \"-service.url\"); }\n}\n";
    let plain = "package shop;\n\npublic class Orders {\n    void place() { repository.save(order); }\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", &compose),
            ("users/Dockerfile", dockerfile),
            ("users/src/main/resources/application.properties", properties),
            ("users/src/main/java/shop/BillingClient.java", client),
            ("orders/Dockerfile", dockerfile),
            ("orders/src/main/resources/application.properties", properties),
            ("orders/src/main/java/shop/Orders.java", plain),
            ("billing/Dockerfile", dockerfile),
            ("billing/src/main/resources/application.properties", properties),
            ("billing/src/main/java/shop/Clients.java", computed),
            ("reports/Dockerfile", dockerfile),
            ("reports/src/main/resources/application.properties", properties),
            ("legacy/Dockerfile", dockerfile),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:billing repo="shop" root="billing"
    component:legacy repo="shop" root="legacy"
    component:orders repo="shop" root="orders"
    component:reports repo="shop" root="reports"
    component:users repo="shop" root="users"
    component:billing -depends_on-> component:orders
    component:billing -depends_on-> component:users
    component:legacy -depends_on-> component:billing
    component:legacy -depends_on-> component:orders
    component:legacy -depends_on-> component:users
    component:reports -depends_on-> component:billing
    component:reports -depends_on-> component:orders
    component:reports -depends_on-> component:users
    component:users -depends_on-> component:billing
    "#);
}

/// The same block where the Spring services map none of it: a service whose code takes some
/// of the addresses (`url = "${orders-service.url}"` reads `ORDERS_SERVICE_URL`) depends only
/// on those, and on what Spring binds by the key's words (`SPRING_CLOUD_GATEWAY_ROUTES_0_URI`);
/// one taking properties by a name it computes (`env.getProperty(key)`) keeps every address,
/// and so does a Python service reading some by name (it may read the others anywhere, as
/// duynhlab's checkout service does).
#[test]
fn a_spring_service_taking_some_addresses_depends_only_on_those() {
    let compose = compose(&["users", "reports", "audit", "scripts"]).replace(
        "  reports:\n    build: ./reports\n    environment:\n",
        "  reports:\n    build: ./reports\n    environment:\n      SPRING_CLOUD_GATEWAY_ROUTES_0_URI: http://billing:8080\n",
    );
    let compose = format!("{compose}  orders:\n    build: ./orders\n  billing:\n    build: ./billing\n");
    let client = |property: &str| format!("package shop;\n\n@Service\npublic class Client {{\n    @Value(\"${{{property}}}\")\n    private String base;\n}}\n");
    let (users, reports) = (client("orders-service.url"), client("users.service.url"));
    let audit = "package shop;\n\npublic class Client {\n    String url(Environment env, String key) { return env.getProperty(key); }\n}\n";
    let script = "import os\n\nBASE = os.getenv(\"ORDERS_SERVICE_URL\")\n\ndef fetch(id):\n    return requests.get(f\"{BASE}/items/{id}\")\n";
    let (java, python) = ("FROM eclipse-temurin:17\nCOPY target/app.jar /app.jar\n", "FROM python:3.12\nCOPY . /app\n");
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", &compose),
            ("users/Dockerfile", java),
            ("users/src/main/java/shop/Client.java", &users),
            ("reports/Dockerfile", java),
            ("reports/src/main/java/shop/Client.java", &reports),
            ("audit/Dockerfile", java),
            ("audit/src/main/java/shop/Client.java", audit),
            ("scripts/Dockerfile", python),
            ("scripts/app.py", script),
            ("orders/Dockerfile", java),
            ("billing/Dockerfile", java),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="shop" root="audit"
    component:billing repo="shop" root="billing"
    component:orders repo="shop" root="orders"
    component:reports repo="shop" root="reports"
    component:scripts repo="shop" root="scripts"
    component:users repo="shop" root="users"
    component:audit -depends_on-> component:billing
    component:audit -depends_on-> component:orders
    component:audit -depends_on-> component:users
    component:reports -depends_on-> component:billing
    component:reports -depends_on-> component:users
    component:scripts -depends_on-> component:billing
    component:scripts -depends_on-> component:orders
    component:scripts -depends_on-> component:users
    component:users -depends_on-> component:orders
    "#);
}
