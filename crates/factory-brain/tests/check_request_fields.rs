//! What a C# client's request sends, against what the provider's request takes: shapes of the
//! seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain
//! check`, not copies of a public system), org K's merchant-portal, whose `var request = new
//! CreateProductRequest(..)` goes out with `PostAsJsonAsync("api/products", request)` to a NestJS
//! route taking a `CreateProductDto` without `tags` and requiring `currency`.

mod support;

use support::{check_repos as check, finding_summary};

/// catalog-service: a NestJS controller taking a validated DTO.
const CONTROLLER: &str = "import { Body, Controller, Post } from '@nestjs/common';\nimport { CreateProductDto } from './dto';\n\n@Controller('products')\nexport class ProductsController {\n  @Post()\n  create(@Body() dto: CreateProductDto) {\n    return { id: '1', sku: dto.sku };\n  }\n}\n";
const DTO: &str = "import { IsIn, IsOptional, IsString, IsInt } from 'class-validator';\n\nexport class CreateProductDto {\n  @IsString()\n  sku: string;\n\n  @IsString()\n  name: string;\n\n  @IsInt()\n  priceCents: number;\n\n  @IsIn(['EUR', 'USD'])\n  currency: string;\n\n  @IsOptional()\n  @IsString()\n  description?: string;\n}\n";

/// merchant-portal's findings, its request record declaring `fields`.
fn portal_findings(fields: &str) -> Vec<String> {
    let client = "using System.Net.Http.Json;\n\nnamespace MerchantPortal.Catalog;\n\npublic sealed class CatalogClient(HttpClient http)\n{\n    public async Task CreateProductAsync(string sku, string name, long priceCents)\n    {\n        var request = new CreateProductRequest(sku, name, priceCents);\n        using var response = await http.PostAsJsonAsync(\"api/products\", request);\n        response.EnsureSuccessStatusCode();\n    }\n}\n";
    let models = format!("namespace MerchantPortal.Catalog;\n\npublic sealed record CreateProductRequest(\n    string Sku,\n    string Name,\n{fields});\n");
    let findings = check(&[
        ("catalog-service", &[("src/products.controller.ts", CONTROLLER), ("src/dto.ts", DTO), ("package.json", "{\"name\": \"catalog-service\", \"dependencies\": {\"@nestjs/core\": \"10.0.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
        (
            "merchant-portal",
            &[
                ("src/MerchantPortal/Catalog/CatalogClient.cs", client),
                ("src/MerchantPortal/Catalog/CatalogModels.cs", models.as_str()),
                ("src/MerchantPortal/MerchantPortal.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
                ("src/MerchantPortal/appsettings.json", "{\"Catalog\": {\"BaseUrl\": \"http://catalog-service:3000/\"}}\n"),
                ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"),
            ],
        ),
    ]);
    finding_summary(&findings)
}

/// The record sends `tags`, which the DTO lacks, and not `currency`, which it requires.
#[test]
fn a_csharp_request_records_fields_are_checked_against_the_route_it_calls() {
    insta::assert_debug_snapshot!(portal_findings("    long PriceCents,\n    IReadOnlyList<string> Tags"), @r#"
    [
        "missing-required-field currency api:catalog-service-routes",
        "unknown-request-field tags api:catalog-service-routes",
    ]
    "#);
}

/// Near miss: the record sends what the DTO takes.
#[test]
fn a_csharp_request_record_sending_what_the_route_takes_is_no_finding() {
    insta::assert_debug_snapshot!(portal_findings("    long PriceCents,\n    string Currency"), @"[]");
}
