//! An API a catalog says its component consumes, checked against what the org defines or
//! provides: the eleventh planted-mismatch evaluation's org W names `consumesApis:
//! [inventory-service]`, the component whose contract is its code (its routes' API), not a
//! missing one.

mod support;

use support::{check_repos as check, finding_summary};

#[test]
fn an_api_named_after_a_code_only_provider_is_that_providers_and_an_unknown_one_is_missing() {
    let catalog = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  owner: team-web\n  lifecycle: production\n  consumesApis: [inventory-service, billing-api]\n";
    let routes = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/products/{sku}\")\ndef get_product(sku: str):\n    return {\"sku\": sku, \"name\": \"pen\"}\n";
    let findings = check(&[
        ("inventory-service", &[("app/main.py", routes), ("pyproject.toml", "[project]\nname = \"inventory-service\"\ndependencies = [\"fastapi\"]\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
        ("web", &[("catalog-info.yaml", catalog), ("package.json", "{\"name\": \"web\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    assert_eq!(finding_summary(&findings), ["consumed-api-missing  api:billing-api"]);
}
