//! A Ruby Faraday client's JSON body: a shape of the eighth planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system), org
//! N's billing-service, which posts `JSON.generate(body)` of a hash built just before to
//! carrier-gateway's `POST /quotes`, leaving out the required `weightKg` (N7).

mod support;

use support::{check_repos as check, finding_summary};

/// billing's findings, its quote body holding `keys` (Ruby hash entries).
fn billing_findings(keys: &str) -> Vec<String> {
    let gateway = support::post_operation("Carrier gateway", None, "/quotes", &["originPostcode", "weightKg"], &[("originPostcode", "string"), ("weightKg", "number")]);
    let client = format!("require \"faraday\"\nrequire \"json\"\n\nmodule Billing\n  class QuoteClient\n    def initialize\n      @http = Faraday.new(url: \"http://carrier-gateway:8080\")\n    end\n\n    def quote(origin_postcode:, weight_kg:)\n      body = {{\n{keys}\n      }}\n      resp = @http.post(\"/quotes\", JSON.generate(body))\n      JSON.parse(resp.body)\n    end\n  end\nend\n");
    let findings = check(&[
        ("carrier-gateway", &[("openapi.yaml", gateway.as_str()), ("Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n"), ("Gateway.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("billing", &[("lib/billing/quote_client.rb", client.as_str()), ("Gemfile", "source \"https://rubygems.org\"\ngem \"faraday\"\n"), ("Dockerfile", "FROM ruby:3.3\n")]),
    ]);
    finding_summary(&findings)
}

/// The hash leaves out `weightKg`, which `POST /quotes` requires.
#[test]
fn a_faraday_body_without_a_required_field_is_a_finding() {
    insta::assert_debug_snapshot!(billing_findings("        originPostcode: origin_postcode"), @r#"
    [
        "missing-required-field weightKg api:carrier-gateway",
    ]
    "#);
}

/// Near miss: the body sends both.
#[test]
fn a_faraday_body_with_the_required_fields_is_no_finding() {
    insta::assert_debug_snapshot!(billing_findings("        originPostcode: origin_postcode,\n        weightKg: weight_kg"), @"[]");
}
