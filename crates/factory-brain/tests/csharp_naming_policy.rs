//! A C# client whose `JsonSerializerOptions` name properties in snake case
//! (`JsonNamingPolicy.SnakeCaseLower`): a shape of the ninth planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system), org
//! S's dunning-worker, whose `record AccountDto(.., DateTimeOffset CreatedAt)` is read from
//! accounts-api's `created_at`.

mod support;

use support::{check_repos as check, finding_summary};

const CLIENT: &str = "using System.Net.Http.Json;\nusing System.Text.Json;\n\nnamespace Dunning.Clients;\n\npublic sealed record AccountDto(string Id, string Status, DateTimeOffset CreatedAt);\n\npublic sealed class AccountsClient(HttpClient http)\n{\n    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = POLICY };\n\n    public async Task<AccountDto?> GetAsync(string id) =>\n        await http.GetFromJsonAsync<AccountDto>($\"http://accounts:8080/accounts/{id}\", Json);\n}\n";

fn findings(policy: &str) -> Vec<String> {
    let spec = support::get_operation("Accounts", "/accounts/{id}", "Account", &[("id", "string"), ("status", "string"), ("created_at", "string")]);
    let client = CLIENT.replace("POLICY", policy);
    finding_summary(&check(&[
        ("accounts", &[("openapi.yaml", spec.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("dunning", &[("src/Dunning/Clients/AccountsClient.cs", client.as_str()), ("src/Dunning/Dunning.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\n")]),
    ]))
}

/// Snake case sends `CreatedAt` as `created_at`, which the provider has.
#[test]
fn a_snake_case_policy_names_the_records_properties() {
    assert_eq!(findings("JsonNamingPolicy.SnakeCaseLower"), Vec::<String>::new());
}

/// Near miss the other way: camelCase reads `createdAt`, which the provider spells otherwise.
#[test]
fn the_camel_case_policy_reads_camel_case() {
    assert_eq!(findings("JsonNamingPolicy.CamelCase"), ["naming-mismatch createdAt api:accounts"]);
}
