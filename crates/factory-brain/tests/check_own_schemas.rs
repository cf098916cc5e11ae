//! A type of the component's own API is what it serves, not what it reads: a shape of the eighth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org P's order-service, whose `Order` struct tags `updated_at` as
//! its own orders API does, in a component that calls a catalog spelling `updatedAt`.

mod support;

use support::{check_repos as check, finding_summary};

/// order-service's findings, its models declaring the struct `name` with `updated_at`.
fn orders_findings(name: &str) -> Vec<String> {
    let catalog = support::get_operation("Catalog", "/products/{sku}", "Product", &[("sku", "string"), ("updatedAt", "string")]);
    let orders = support::get_operation("Orders", "/orders/{id}", "Order", &[("order_id", "string"), ("updated_at", "string")]);
    let models = format!("package orders\n\nimport \"time\"\n\ntype {name} struct {{\n\tOrderID   string    `json:\"order_id\"`\n\tUpdatedAt time.Time `json:\"updated_at\"`\n}}\n");
    let client = "package catalog\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc Product(sku string) (*http.Response, error) {\n\treturn http.Get(os.Getenv(\"CATALOG_URL\") + \"/products/\" + sku)\n}\n";
    let findings = check(&[
        ("catalog", &[("openapi.yaml", catalog.as_str()), ("main.py", "print('catalog')\n"), ("requirements.txt", "fastapi\n"), ("Dockerfile", "FROM python:3.12\n")]),
        (
            "orders",
            &[
                ("api/openapi.yaml", orders.as_str()),
                ("internal/orders/model.go", models.as_str()),
                ("internal/catalog/client.go", client),
                ("deploy/orders.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders}\nspec:\n  template:\n    spec:\n      containers:\n        - name: orders\n          image: pantry/orders\n          env:\n            - {name: CATALOG_URL, value: 'http://catalog:8000'}\n"),
                ("go.mod", "module example.com/orders\n\ngo 1.22\n"),
                ("Dockerfile", "FROM golang:1.22\n"),
            ],
        ),
    ]);
    finding_summary(&findings)
}

/// `Order` is the orders API's own schema: its `updated_at` is what orders serves.
#[test]
fn a_struct_of_the_components_own_schema_is_no_read() {
    insta::assert_debug_snapshot!(orders_findings("Order"), @"[]");
}

/// Near miss: a struct named like the catalog's `Product` is a read of it.
#[test]
fn a_struct_of_a_consumed_schema_is_still_read() {
    insta::assert_debug_snapshot!(orders_findings("Product"), @r#"
    [
        "missing-field order_id api:catalog",
        "naming-mismatch updated_at api:catalog",
    ]
    "#);
}
