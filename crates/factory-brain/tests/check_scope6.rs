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

const REWARDS_PROTO: &str = "syntax = \"proto3\";\npackage loyalty.v1;\n\noption java_package = \"com.acme.loyalty.v1\";\noption java_multiple_files = true;\n\nservice LoyaltyService {\n  rpc ListRewards(ListRewardsRequest) returns (ListRewardsResponse);\n}\n\nmessage ListRewardsRequest { string member_id = 1; }\n\nmessage Reward {\n  string reward_id = 1;\n  string title = 2;\n  int64 cost_points = 3;\n}\n\nmessage ListRewardsResponse {\n  repeated Reward rewards = 1;\n  string next_page_token = 2;\n}\n";

/// The loyalty service's repo with `REWARDS_PROTO`, served by Python, and one consumer repo.
fn rewards_consumer(consumer: (&str, &str), manifest: (&str, &str)) -> Vec<String> {
    let findings = check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", REWARDS_PROTO), ("app/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("consumer", &[consumer, manifest, ("Dockerfile", "FROM scratch\n")]),
    ]);
    finding_summary(&findings)
}

/// What a lambda is given of a list the reply holds is an element of that list: Kotlin's `it`
/// of `response.rewardsList.filter { .. }.map { .. }` is a `Reward`, which has no `imageUrl`;
/// its `title` and `costPoints` are the reward's.
#[test]
fn a_kotlin_lambdas_it_is_an_element_of_the_replys_list() {
    let client = "package com.acme.rewards\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub\nimport com.acme.loyalty.v1.listRewardsRequest\n\nclass RewardsCatalog(private val loyalty: LoyaltyServiceCoroutineStub) {\n    suspend fun cards(memberId: String): List<RewardCard> {\n        val response = loyalty.listRewards(listRewardsRequest { this.memberId = memberId })\n        return response.rewardsList\n            .filter { it.costPoints > 0 }\n            .map {\n                RewardCard(title = it.title, cost = it.costPoints, image = it.imageUrl)\n            }\n    }\n}\n";
    insta::assert_debug_snapshot!(rewards_consumer(("src/main/kotlin/com/acme/rewards/RewardsCatalog.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n")), @r#"
    [
        "missing-field imageUrl api:loyalty.v1.loyaltyservice",
    ]
    "#);
}

/// Near miss: the same lambda over a list of the consumer's own (`featured`, no reply's) reads
/// nothing of the service.
#[test]
fn a_lambda_over_a_list_of_the_consumers_own_reads_nothing_of_the_reply() {
    let client = "package com.acme.rewards\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub\nimport com.acme.loyalty.v1.listRewardsRequest\n\nclass RewardsCatalog(private val loyalty: LoyaltyServiceCoroutineStub, private val featured: Featured) {\n    suspend fun cards(memberId: String): List<RewardCard> {\n        val response = loyalty.listRewards(listRewardsRequest { this.memberId = memberId })\n        return response.rewardsList.map { RewardCard(title = it.title) }\n    }\n\n    fun featuredCards(): List<RewardCard> =\n        featured.rewardsList.map { RewardCard(title = it.title, image = it.imageUrl) }\n}\n";
    insta::assert_debug_snapshot!(rewards_consumer(("src/main/kotlin/com/acme/rewards/RewardsCatalog.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n")), @"[]");
}

/// Loops over the reply's list, in Python (`for reward in reply.rewards:` and a
/// comprehension), Go (`for _, r := range reply.GetRewards()`) and Java (`for (Reward r :
/// reply.getRewardsList())`): each element's reads are the reward's.
#[test]
fn a_loops_variable_is_an_element_of_the_replys_list() {
    let python = "import grpc\nfrom loyalty.v1 import loyalty_pb2, loyalty_pb2_grpc\n\nstub = loyalty_pb2_grpc.LoyaltyServiceStub(grpc.insecure_channel('loyalty-svc:50051'))\n\n\ndef cards(member_id):\n    reply = stub.ListRewards(loyalty_pb2.ListRewardsRequest(member_id=member_id))\n    titles = [reward.title for reward in reply.rewards]\n    for reward in reply.rewards:\n        print(reward.cost_points, reward.image_url)\n    return titles\n";
    let go = "package wallet\n\nimport (\n\t\"context\"\n\n\tpb \"example.com/loyalty/gen/loyalty/v1\"\n)\n\nfunc Titles(ctx context.Context, conn *grpc.ClientConn) []string {\n\tclient := pb.NewLoyaltyServiceClient(conn)\n\treply, err := client.ListRewards(ctx, &pb.ListRewardsRequest{MemberId: \"m\"})\n\tif err != nil {\n\t\treturn nil\n\t}\n\tvar titles []string\n\tfor _, r := range reply.GetRewards() {\n\t\ttitles = append(titles, r.GetTitle(), r.GetVoucherCode())\n\t}\n\treturn titles\n}\n";
    let java = "package com.acme.pos;\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpc;\nimport com.acme.loyalty.v1.ListRewardsRequest;\nimport com.acme.loyalty.v1.ListRewardsResponse;\nimport com.acme.loyalty.v1.Reward;\n\npublic final class Rewards {\n    private final LoyaltyServiceGrpc.LoyaltyServiceBlockingStub stub;\n\n    public long total(String member) {\n        ListRewardsResponse reply = stub.listRewards(ListRewardsRequest.newBuilder().setMemberId(member).build());\n        long total = 0;\n        for (Reward r : reply.getRewardsList()) {\n            total += r.getCostPoints() + r.getDiscountPoints();\n        }\n        return total;\n    }\n}\n";
    let found = [
        rewards_consumer(("app/cards.py", python), ("requirements.txt", "grpcio==1.66.0\n")),
        rewards_consumer(("wallet/rewards.go", go), ("go.mod", "module example.com/wallet\n\ngo 1.22\n")),
        rewards_consumer(("src/main/java/com/acme/pos/Rewards.java", java), ("pom.xml", "<project><artifactId>pos</artifactId></project>\n")),
    ];
    insta::assert_debug_snapshot!(found, @r#"
    [
        [
            "missing-field image_url api:loyalty.v1.loyaltyservice",
        ],
        [
            "missing-field voucher_code api:loyalty.v1.loyaltyservice",
        ],
        [
            "missing-field discountPoints api:loyalty.v1.loyaltyservice",
        ],
    ]
    "#);
}

/// A JavaScript consumer of an HTTP API: `data.items.forEach((item) => ..)` and `for (const
/// line of order.lines)` read each item's fields, checked against the items' schema.
#[test]
fn a_javascript_lambdas_and_loops_elements_are_the_responses_items() {
    let openapi = "openapi: 3.0.3\ninfo: {title: Orders API, version: 1.0.0}\npaths:\n  /orders/{id}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Order'}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        id: {type: string}\n        items:\n          type: array\n          items: {$ref: '#/components/schemas/OrderItem'}\n    OrderItem:\n      type: object\n      properties:\n        sku: {type: string}\n        quantity: {type: integer}\n";
    let client = "const axios = require('axios');\n\nasync function skus(id) {\n  const { data } = await axios.get(`http://orders-api:8080/orders/${id}`);\n  const skus = [];\n  data.items.forEach((item) => {\n    skus.push(item.sku, item.skuCode);\n  });\n  for (const line of data.items) {\n    skus.push(line.qty);\n  }\n  return skus;\n}\n\nmodule.exports = { skus };\n";
    let findings = check(&[
        ("orders-api", &[("openapi.yaml", openapi), ("Dockerfile", "FROM node:20\n")]),
        ("storefront", &[("src/orders.js", client), ("package.json", "{\"name\": \"storefront\", \"dependencies\": {\"axios\": \"1.7.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    insta::assert_debug_snapshot!(finding_summary(&findings), @r#"
    [
        "missing-field qty api:orders-api",
        "missing-field skuCode api:orders-api",
    ]
    "#);
}

/// A Java consumer decoding a payment into its own record, whose `code` the wire names
/// `failureCode` (`@JsonProperty("failureCode") String code`, in another file): `p.code()` is
/// the record's accessor of `failureCode`, not a read of a field `code`; `p.reason()`, of no
/// field the record renames, is read as the API has it, and is missing.
#[test]
fn a_records_accessor_of_a_renamed_field_is_no_read_of_its_java_name() {
    let openapi = support::get_operation("Payments API", "/payments/{id}", "Payment", &[("paymentId", "string"), ("failureCode", "string")]);
    let record = "package com.acme.ledger;\n\nimport com.fasterxml.jackson.annotation.JsonProperty;\n\npublic record PaymentView(\n        String paymentId,\n        @JsonProperty(\"failureCode\") String code) {\n}\n";
    let client = "package com.acme.ledger;\n\nimport org.springframework.web.client.RestTemplate;\n\npublic class Payments {\n    private final RestTemplate rest = new RestTemplate();\n\n    public String describe(String id) {\n        PaymentView p = rest.getForObject(\"http://payments-api:8080/payments/\" + id, PaymentView.class);\n        return p.paymentId() + p.code() + p.reason();\n    }\n}\n";
    let findings = check(&[
        ("payments-api", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
        ("ledger", &[("src/main/java/com/acme/ledger/PaymentView.java", record), ("src/main/java/com/acme/ledger/Payments.java", client), ("pom.xml", "<project><artifactId>ledger</artifactId></project>\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    insta::assert_debug_snapshot!(finding_summary(&findings), @r#"
    [
        "missing-field reason api:payments-api",
    ]
    "#);
}

const MEMBER_PROTO: &str = "syntax = \"proto3\";\npackage loyalty.v1;\n\nservice LoyaltyService {\n  rpc GetMember(GetMemberRequest) returns (Member);\n}\n\nmessage GetMemberRequest { string member_id = 1; }\n\nmessage Member {\n  message Balance {\n    int64 points = 1;\n    int64 pending_points = 2;\n  }\n  string member_id = 1;\n  Balance balance = 2;\n}\n";

/// A Go client holding a field of the reply in a variable (`bal := m.GetBalance()`): what it
/// reads of `bal` is read of `Member.Balance`, which has no `lifetime_points`. The same getter
/// called on a value of the client's own (`cached`, no reply) reads nothing of the service.
#[test]
fn a_variable_holding_a_replys_field_is_read_as_that_field() {
    let client = |source: &str| format!("package wallet\n\nimport (\n\t\"context\"\n\n\tpb \"example.com/loyalty/gen/loyalty/v1\"\n)\n\nfunc Points(ctx context.Context, conn *grpc.ClientConn, cached *Cached) int64 {{\n\tclient := pb.NewLoyaltyServiceClient(conn)\n\tm, err := client.GetMember(ctx, &pb.GetMemberRequest{{MemberId: \"m\"}})\n\tif err != nil {{\n\t\treturn 0\n\t}}\n\tbal := {source}.GetBalance()\n\treturn bal.GetPoints() + bal.GetPendingPoints() + bal.GetLifetimePoints()\n}}\n");
    let findings = |source: &str| {
        let client = client(source);
        let findings = check(&[
            ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", MEMBER_PROTO), ("app/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
            ("wallet-go", &[("wallet/points.go", client.as_str()), ("go.mod", "module example.com/wallet\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ]);
        finding_summary(&findings)
    };
    insta::assert_debug_snapshot!([findings("m"), findings("cached")], @r#"
    [
        [
            "missing-field lifetime_points api:loyalty.v1.loyaltyservice",
        ],
        [],
    ]
    "#);
}
