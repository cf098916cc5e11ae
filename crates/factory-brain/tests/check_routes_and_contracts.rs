//! A read the provider's contract spells exactly is not found wanting against the routes its code
//! declares: a shape of the eighth planted-mismatch evaluation of 2026-12-07 (orgs built by a
//! helper to test `brain check`, not copies of a public system), org M's web-dashboard reading
//! `owner.display_name` of an account, which accounts-service's OpenAPI document names so and its
//! Java records (`Owner(String id, String displayName)`, under a Jackson naming strategy set in
//! its settings) name otherwise.

mod support;

use support::{check_repos as check, finding_summary};

const ACCOUNTS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: accounts-api, version: '1'}\npaths:\n  /accounts/{accountId}:\n    get:\n      parameters:\n        - {name: accountId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the account\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Account'}\ncomponents:\n  schemas:\n    AccountOwner:\n      type: object\n      properties:\n        id: {type: string}\n        display_name: {type: string}\n    Account:\n      type: object\n      properties:\n        account_id: {type: string}\n        owner: {$ref: '#/components/schemas/AccountOwner'}\n";

const CONTROLLER: &str = "package com.ledgerly.accounts.web;\n\nimport org.springframework.web.bind.annotation.GetMapping;\nimport org.springframework.web.bind.annotation.PathVariable;\nimport org.springframework.web.bind.annotation.RequestMapping;\nimport org.springframework.web.bind.annotation.RestController;\n\n@RestController\n@RequestMapping(\"/accounts\")\npublic class AccountController {\n    @GetMapping(\"/{accountId}\")\n    public AccountResponse getAccount(@PathVariable String accountId) {\n        return null;\n    }\n}\n";

const RESPONSE: &str = "package com.ledgerly.accounts.web;\n\npublic record AccountResponse(String accountId, Owner owner) {\n\n    public record Owner(String id, String displayName) {}\n}\n";

/// The dashboard's findings, its `AccountOwner` interface declaring `field`.
fn dashboard_findings(field: &str) -> Vec<String> {
    let client = format!("import axios from 'axios';\n\nexport interface AccountOwner {{\n  id: string;\n  {field}: string;\n}}\n\nexport interface Account {{\n  account_id: string;\n  owner: AccountOwner;\n}}\n\nexport async function account(id: string): Promise<Account> {{\n  const {{ data }} = await axios.get<Account>(`http://accounts:8080/accounts/${{id}}`);\n  return data;\n}}\n\nexport function holderName(account: Account): string {{\n  return account.owner.{field};\n}}\n");
    let findings = check(&[
        (
            "accounts",
            &[
                ("api/openapi.yaml", ACCOUNTS_OPENAPI),
                ("src/main/java/com/ledgerly/accounts/web/AccountController.java", CONTROLLER),
                ("src/main/java/com/ledgerly/accounts/web/AccountResponse.java", RESPONSE),
                ("src/main/resources/application.yml", "spring:\n  jackson:\n    property-naming-strategy: SNAKE_CASE\n"),
                ("pom.xml", "<project><artifactId>accounts</artifactId></project>\n"),
                ("Dockerfile", "FROM eclipse-temurin:21\n"),
            ],
        ),
        ("web", &[("src/api/accounts.ts", client.as_str()), ("package.json", "{\"name\": \"web\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `display_name` is the contract's own spelling: no finding against the records' `displayName`.
#[test]
fn a_field_the_contract_spells_so_is_no_finding_against_the_routes() {
    insta::assert_debug_snapshot!(dashboard_findings("display_name"), @"[]");
}

/// Near miss: `displayName` is found wanting against the contract.
#[test]
fn a_field_the_contract_spells_otherwise_is_a_finding() {
    insta::assert_debug_snapshot!(dashboard_findings("displayName"), @r#"
    [
        "naming-mismatch displayName api:accounts-api",
    ]
    "#);
}
