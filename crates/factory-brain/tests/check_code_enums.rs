//! Enums of strings a code-only provider declares for a field it answers with, checked against
//! the constants a consumer compares the field with: shapes of the ninth planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a
//! public system). Org R's catalog-api (FastAPI, no contract file) types `Product.stock_status`
//! with `StockStatus = Literal[..]`, which storefront-web's Vue card compares with `backorder`
//! through `defineProps<{ product: Product }>()` (R3); org S's accounts-api (Go chi, no
//! contract) types `Account.Status` with `type Status string` and its constants, which
//! billing-portal compares with `pending_verification` (S2).

mod support;

use support::{check_repos as check, finding_summary};

const MODELS: &str = "from typing import Literal\n\nfrom pydantic import BaseModel\n\nStockStatus = Literal[\"in_stock\", \"low_stock\", \"out_of_stock\"]\n\n\nclass Product(BaseModel):\n    sku: str\n    title: str\n    stock_status: StockStatus\n";
const ROUTES: &str = "from fastapi import APIRouter\n\nfrom .models import Product\n\nrouter = APIRouter()\n\n\n@router.get(\"/products/{sku}\", response_model=Product)\nasync def get_product(sku: str) -> Product:\n    return PRODUCTS[sku]\n";
const CLIENT: &str = "const CATALOG = import.meta.env.VITE_CATALOG_URL ?? 'http://catalog-api:8000';\n\nexport interface Product {\n  sku: string;\n  title: string;\n  stock_status: string;\n}\n\nexport async function getProduct(sku: string): Promise<Product> {\n  const res = await fetch(`${CATALOG}/products/${sku}`);\n  return (await res.json()) as Product;\n}\n";

/// storefront's findings, its card switching on the product's `stock_status` with `case_value`.
fn storefront_findings(case_value: &str) -> Vec<String> {
    let card = format!("<script setup lang=\"ts\">\nimport {{ computed }} from 'vue';\nimport type {{ Product }} from '../api/catalog';\n\nconst props = defineProps<{{ product: Product }}>();\n\nconst label = computed(() => {{\n  switch (props.product.stock_status) {{\n    case 'in_stock':\n      return 'In stock';\n    case '{case_value}':\n      return 'Soon';\n    default:\n      return 'Sold out';\n  }}\n}});\n</script>\n\n<template>\n  <p>{{{{ label }}}}</p>\n</template>\n");
    finding_summary(&check(&[
        ("catalog-api", &[("catalog_api/models.py", MODELS), ("catalog_api/routes.py", ROUTES), ("pyproject.toml", "[project]\nname = \"catalog-api\"\ndependencies = [\"fastapi\"]\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
        ("storefront", &[("src/api/catalog.ts", CLIENT), ("src/components/ProductCard.vue", card.as_str()), ("package.json", "{\"name\": \"storefront\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `case 'backorder':` waits for a status `StockStatus` never holds.
#[test]
fn a_vue_props_field_compared_with_a_value_the_python_literal_lacks_is_a_finding() {
    assert_eq!(storefront_findings("backorder"), ["enum-value-missing backorder api:catalog-api-routes"]);
}

/// Near miss: a value of the literal.
#[test]
fn a_vue_props_field_compared_with_the_literals_value_is_no_finding() {
    assert_eq!(storefront_findings("low_stock"), Vec::<String>::new());
}

const HANDLERS: &str = "package accounts\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\nfunc (h *Handler) Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Get(\"/accounts/{accountID}\", h.getAccount)\n\treturn r\n}\n\nfunc (h *Handler) getAccount(w http.ResponseWriter, r *http.Request) {\n\tacct, err := h.store.Account(r.Context(), chi.URLParam(r, \"accountID\"))\n\tif err != nil {\n\t\tw.WriteHeader(http.StatusNotFound)\n\t\treturn\n\t}\n\t_ = json.NewEncoder(w).Encode(acct)\n}\n\nfunc writeJSON(w http.ResponseWriter, status int, v any) {\n\tw.WriteHeader(status)\n\t_ = json.NewEncoder(w).Encode(v)\n}\n";

/// billing-portal's findings, comparing the account's `status` with `value`, against an
/// accounts-api whose `Status` is `status_type` (`Status`, or plain `string`).
fn portal_findings(value: &str, status_type: &str) -> Vec<String> {
    let model = format!("package accounts\n\ntype Status string\n\nconst (\n\tStatusActive    Status = \"active\"\n\tStatusSuspended Status = \"suspended\"\n)\n\ntype Account struct {{\n\tID     string `json:\"id\"`\n\tStatus {status_type} `json:\"status\"`\n}}\n");
    let portal = format!("const ACCOUNTS_URL = import.meta.env.VITE_ACCOUNTS_URL ?? 'http://accounts-api:8080';\n\nexport interface Account {{\n  id: string;\n  status: string;\n}}\n\nexport async function banner(id: string): Promise<string> {{\n  const account = (await (await fetch(`${{ACCOUNTS_URL}}/accounts/${{id}}`)).json()) as Account;\n  return account.status === '{value}' ? 'verify' : account.id;\n}}\n");
    finding_summary(&check(&[
        ("accounts-api", &[("internal/accounts/handlers.go", HANDLERS), ("internal/accounts/model.go", model.as_str()), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("billing-portal", &[("src/lib/api/accounts.ts", portal.as_str()), ("package.json", "{\"name\": \"billing-portal\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `pending_verification` is no `Status` constant.
#[test]
fn a_field_compared_with_a_value_the_go_typed_constants_lack_is_a_finding() {
    assert_eq!(portal_findings("pending_verification", "Status"), ["enum-value-missing pending_verification api:accounts-api-routes"]);
}

/// Near misses: a value of the constants; a plain `string` field, whatever constants the
/// package declares.
#[test]
fn a_constant_of_the_type_or_a_plain_string_field_is_no_finding() {
    assert_eq!(portal_findings("suspended", "Status"), Vec::<String>::new());
    assert_eq!(portal_findings("pending_verification", "string"), Vec::<String>::new());
}

/// scheduling-api of the tenth set's org T (axum, no contract file): `Appointment.visit_type`
/// is a `VisitType` serde writes in SCREAMING_SNAKE_CASE (`InPerson` as `IN_PERSON`), its
/// `Phone` variant renamed on its own; `catch_all` adds a `#[serde(other)]` variant, which
/// makes the enum open.
fn reminders_findings(value: &str, catch_all: bool) -> Vec<String> {
    let other = if catch_all { "    #[serde(other)]\n    Unknown,\n" } else { "" };
    let model = format!("use serde::{{Deserialize, Serialize}};\n\n#[derive(Debug, Clone, Serialize, Deserialize)]\n#[serde(rename_all = \"SCREAMING_SNAKE_CASE\")]\npub enum VisitType {{\n    InPerson,\n    Video,\n    #[serde(rename = \"PHONE_CALL\")]\n    Phone,\n{other}}}\n\n#[derive(Debug, Serialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct Appointment {{\n    pub id: String,\n    pub visit_type: VisitType,\n}}\n");
    let main = "use axum::{extract::Path, routing::get, Json, Router};\n\nmod model;\nuse model::Appointment;\n\nasync fn get_appointment(Path(id): Path<String>) -> Json<Appointment> {\n    Json(load(id))\n}\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route(\"/v1/appointments/:id\", get(get_appointment));\n    serve(app).await;\n}\n";
    let job = format!("import requests\n\n\ndef how(appointment_id):\n    appt = requests.get(f\"http://scheduling-api:8080/v1/appointments/{{appointment_id}}\").json()\n    if appt[\"visitType\"] == \"{value}\":\n        return \"by phone\"\n    return \"in person\"\n");
    finding_summary(&check(&[
        ("scheduling-api", &[("src/model.rs", model.as_str()), ("src/main.rs", main), ("Cargo.toml", "[package]\nname = \"scheduling-api\"\n\n[dependencies]\naxum = \"0.7\"\nserde = \"1\"\n"), ("Dockerfile", "FROM rust:1\n")]),
        ("reminders", &[("reminders/job.py", job.as_str()), ("requirements.txt", "requests\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
    ]))
}

/// `PHONE` is the variant's name in the enum's rule, but the variant renames itself.
#[test]
fn a_field_compared_with_a_value_the_serde_enum_does_not_write_is_a_finding() {
    assert_eq!(reminders_findings("PHONE", false), ["enum-value-missing PHONE api:scheduling-api-routes"]);
}

/// Near misses: values serde writes (by the enum's rule and by a variant's own name), and any
/// value of an enum with a catch-all variant.
#[test]
fn a_value_serde_writes_or_an_open_serde_enum_is_no_finding() {
    assert_eq!(reminders_findings("IN_PERSON", false), Vec::<String>::new());
    assert_eq!(reminders_findings("PHONE_CALL", false), Vec::<String>::new());
    assert_eq!(reminders_findings("PHONE", true), Vec::<String>::new());
}
