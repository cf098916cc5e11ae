//! Which reads a consumer's check covers, continued: shapes of the sixth planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a
//! public system): grpc-kotlin's coroutine stubs and servers.

mod support;

use support::{check_repos as check, finding_summary, org, summary};

const LOYALTY_PROTO: &str = "syntax = \"proto3\";\npackage loyalty.v1;\n\noption java_package = \"com.acme.loyalty.v1\";\noption java_multiple_files = true;\n\nservice LoyaltyService {\n  rpc ListRewards(ListRewardsRequest) returns (ListRewardsResponse);\n}\n\nmessage ListRewardsRequest { string member_id = 1; }\n\nmessage ListRewardsResponse { string next_page_token = 1; }\n";

const LOYALTY_SERVER: &str = "import grpc\nfrom loyalty.v1 import loyalty_pb2_grpc\n\nclass LoyaltyServicer(loyalty_pb2_grpc.LoyaltyServiceServicer):\n    pass\n\ndef serve():\n    server = grpc.server(None)\n    loyalty_pb2_grpc.add_LoyaltyServiceServicer_to_server(LoyaltyServicer(), server)\n";

/// A Kotlin client of the loyalty service whose `loyalty` constructor parameter is declared
/// with the type `stub`.
fn rewards(stub: &str) -> String {
    format!(
        "package com.acme.rewards\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub\nimport com.acme.loyalty.v1.listRewardsRequest\nimport com.acme.loyalty.v1.redeemRewardRequest\n\n@Service\nclass RewardsCatalog(private val loyalty: {stub}) {{\n    suspend fun hasMore(memberId: String): Boolean =\n        loyalty.listRewards(listRewardsRequest {{ this.memberId = memberId }}).nextPageToken.isNotEmpty()\n\n    suspend fun redeem(memberId: String, rewardId: String): String =\n        loyalty.redeemReward(redeemRewardRequest {{ this.rewardId = rewardId }}).voucherCode\n}}\n"
    )
}

fn rewards_findings(stub: &str) -> Vec<String> {
    let client = rewards(stub);
    let findings = check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", LOYALTY_PROTO), ("app/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("rewards-kt", &[("src/main/kotlin/com/acme/rewards/RewardsCatalog.kt", client.as_str()), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    finding_summary(&findings)
}

/// grpc-kotlin's `LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub` is a stub of
/// `LoyaltyService`: `loyalty.redeemReward(..)` calls an rpc the service no longer has, while
/// `listRewards` is one it has.
#[test]
fn a_kotlin_coroutine_stubs_rpcs_are_checked_against_the_service() {
    insta::assert_debug_snapshot!(rewards_findings("LoyaltyServiceCoroutineStub"), @r#"
    [
        "consumed-operation-missing redeemReward api:loyalty.v1.loyaltyservice",
    ]
    "#);
}

/// Near miss: the same calls on a parameter of the consumer's own `LoyaltyGateway` type call no
/// rpc.
#[test]
fn calls_on_a_parameter_of_another_type_are_no_rpcs() {
    insta::assert_debug_snapshot!(rewards_findings("LoyaltyGateway"), @"[]");
}

/// A grpc-kotlin server (`: LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineImplBase()`) serves
/// `LoyaltyService`, whose contract only its client's copy holds, so the Go client constructing
/// its stub depends on the Kotlin service; a
/// class extending a base of another generated object (`LoyaltyAdmin.LoyaltyAdminBase`) serves
/// no loyalty service.
#[test]
fn a_kotlin_coroutine_server_serves_its_service() {
    let server = |base: &str| format!("package com.acme.loyalty\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt\n\nclass LoyaltyService : {base}() {{\n    override suspend fun listRewards(request: ListRewardsRequest): ListRewardsResponse = listRewardsResponse {{ }}\n}}\n");
    let client = "package main\n\nimport pb \"example.com/loyalty/gen/loyalty/v1\"\n\nfunc dial(conn *grpc.ClientConn) pb.LoyaltyServiceClient {\n\treturn pb.NewLoyaltyServiceClient(conn)\n}\n";
    let graph = |base: &str| {
        let server = server(base);
        let resolved = org(&[
            ("loyalty-kt", &[("src/main/kotlin/com/acme/loyalty/LoyaltyService.kt", server.as_str()), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
            ("wallet-go", &[("client.go", client), ("proto/loyalty/v1/loyalty.proto", LOYALTY_PROTO), ("go.mod", "module example.com/wallet\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ]);
        summary(&resolved)
    };
    insta::assert_snapshot!(graph("LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineImplBase"), @r#"
    component:loyalty-kt repo="loyalty-kt" root=""
    component:wallet-go repo="wallet-go" root=""
    component:wallet-go -depends_on-> component:loyalty-kt
    "#);
    insta::assert_snapshot!(graph("LoyaltyAdmin.LoyaltyAdminBase"), @r#"
    component:loyalty-kt repo="loyalty-kt" root=""
    component:wallet-go repo="wallet-go" root=""
    "#);
}
