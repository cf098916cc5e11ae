//! A route handler's own input is no provider's data: a shape of the eighth planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public
//! system), org P's storefront-bff, whose NestJS controller reads `body.allowPartial` of its
//! `@Body() body: CheckoutBody` in a file that calls order-service.

mod support;

use support::{check_repos as check, finding_summary};

/// The BFF's findings, its checkout handler reading `allowPartial` of `holder`.
fn bff_findings(holder: &str) -> Vec<String> {
    let orders = support::get_operation("Orders", "/orders/{id}", "Order", &[("customer_id", "string"), ("allow_partial", "boolean")]);
    let controller = format!("import {{ Body, Controller, Post }} from '@nestjs/common';\nimport axios from 'axios';\n\nconst ORDERS = process.env.ORDERS_URL ?? 'http://orders:8080';\n\ninterface CheckoutBody {{\n  allowPartial?: boolean;\n}}\n\n@Controller('checkout')\nexport class CheckoutController {{\n  @Post()\n  async checkout(@Body() body: CheckoutBody) {{\n    const {{ data }} = await axios.get(`${{ORDERS}}/orders/${{body.orderId}}`);\n    return {holder}.allowPartial ?? false;\n  }}\n}}\n");
    let findings = check(&[
        ("orders", &[("openapi.yaml", orders.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("bff", &[("src/checkout.controller.ts", controller.as_str()), ("package.json", "{\"name\": \"bff\", \"dependencies\": {\"@nestjs/common\": \"10\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `body.allowPartial` of the handler's `@Body()` is what the BFF's caller sent.
#[test]
fn a_decorated_request_body_is_the_handlers_own_input() {
    insta::assert_debug_snapshot!(bff_findings("body"), @"[]");
}

/// Near miss: the same read of the provider's response is checked against its schema.
#[test]
fn the_providers_response_read_beside_it_is_checked() {
    insta::assert_debug_snapshot!(bff_findings("data"), @r#"
    [
        "naming-mismatch allowPartial api:orders",
    ]
    "#);
}
