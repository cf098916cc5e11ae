//! Enum values consumer code names through protobuf's generated code, checked against the
//! provider's enums: a shape of the sixth planted-mismatch evaluation of 2026-12-07 (orgs built by
//! a helper to test `brain check`, not copies of a public system): wallet-go compares a member's
//! tier with `loyaltyv1.Member_TIER_DIAMOND`, which loyalty-svc's `Member.Tier` lacks.

mod support;

use support::{check_repos as check, finding_summary};

const LOYALTY_PROTO: &str = "syntax = \"proto3\";\npackage loyalty.v1;\n\noption go_package = \"example.com/gen/loyalty/v1;loyaltyv1\";\n\nservice LoyaltyService {\n  rpc GetMember(GetMemberRequest) returns (Member);\n}\n\nmessage GetMemberRequest { string member_id = 1; }\n\nmessage Member {\n  enum Tier {\n    TIER_UNSPECIFIED = 0;\n    TIER_BRONZE = 1;\n    TIER_GOLD = 2;\n    TIER_PLATINUM = 3;\n  }\n  string member_id = 1;\n  Tier tier = 2;\n}\n";

const LOYALTY_SERVER: &str = "import grpc\nfrom loyalty.v1 import loyalty_pb2_grpc\n\nclass LoyaltyServicer(loyalty_pb2_grpc.LoyaltyServiceServicer):\n    pass\n\ndef serve():\n    server = grpc.server(None)\n    loyalty_pb2_grpc.add_LoyaltyServiceServicer_to_server(LoyaltyServicer(), server)\n";

/// The findings of an org of the loyalty service and one consumer repo.
fn findings(consumer: (&str, &str), manifest: (&str, &str)) -> Vec<String> {
    let findings = check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", LOYALTY_PROTO), ("app/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("wallet", &[consumer, manifest, ("Dockerfile", "FROM scratch\n")]),
    ]);
    finding_summary(&findings)
}

/// A Go client of the loyalty service comparing the member's tier with `Member_<value>`.
fn wallet_go(value: &str) -> Vec<String> {
    let client = format!(
        "package loyalty\n\nimport (\n\t\"context\"\n\n\tloyaltyv1 \"example.com/gen/loyalty/v1\"\n\t\"google.golang.org/grpc\"\n)\n\nfunc VIP(ctx context.Context, conn *grpc.ClientConn, id string) (bool, error) {{\n\tc := loyaltyv1.NewLoyaltyServiceClient(conn)\n\tm, err := c.GetMember(ctx, &loyaltyv1.GetMemberRequest{{MemberId: id}})\n\tif err != nil {{\n\t\treturn false, err\n\t}}\n\treturn m.GetTier() == loyaltyv1.Member_{value}, nil\n}}\n"
    );
    findings(("internal/loyalty/client.go", client.as_str()), ("go.mod", "module example.com/wallet\n\ngo 1.22\n"))
}

/// `loyaltyv1.Member_TIER_DIAMOND` names a value `Member.Tier` does not have; Python's
/// `loyalty_pb2.Member.TIER_DIAMOND` too.
#[test]
fn an_enum_value_the_providers_enum_lacks_is_reported() {
    insta::assert_debug_snapshot!(wallet_go("TIER_DIAMOND"), @r#"
    [
        "enum-value-missing TIER_DIAMOND api:loyalty.v1.loyaltyservice",
    ]
    "#);
    let python = "import grpc\nfrom loyalty.v1 import loyalty_pb2, loyalty_pb2_grpc\n\nstub = loyalty_pb2_grpc.LoyaltyServiceStub(grpc.insecure_channel(\"loyalty-svc:50051\"))\n\ndef vip(member_id):\n    member = stub.GetMember(loyalty_pb2.GetMemberRequest(member_id=member_id))\n    return member.tier == loyalty_pb2.Member.TIER_DIAMOND\n";
    insta::assert_debug_snapshot!(findings(("app/loyalty.py", python), ("requirements.txt", "grpcio==1.66.0\n")), @r#"
    [
        "enum-value-missing TIER_DIAMOND api:loyalty.v1.loyaltyservice",
    ]
    "#);
}

/// Python names a top-level enum's values on the module (`shipment_pb2.SHIPMENT_STATUS_OUT_FOR_DELIVERY`,
/// notify-py of the seventh planted-mismatch evaluation): checked against every enum of the API
/// whose values share its first word; one it has is no finding.
#[test]
fn a_python_module_level_enum_value_is_checked_against_the_apis_enums() {
    let proto = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nenum ShipmentStatus {\n  SHIPMENT_STATUS_UNSPECIFIED = 0;\n  SHIPMENT_STATUS_IN_TRANSIT = 1;\n  SHIPMENT_STATUS_DELIVERED = 2;\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\nmessage Shipment {\n  string shipment_id = 1;\n  ShipmentStatus status = 2;\n}\n";
    let server = "import grpc\nfrom acme.shipment.v1 import shipment_pb2_grpc\n\nclass Servicer(shipment_pb2_grpc.ShipmentServiceServicer):\n    pass\n\ndef serve():\n    server = grpc.server(None)\n    shipment_pb2_grpc.add_ShipmentServiceServicer_to_server(Servicer(), server)\n";
    let notify = |value: &str| {
        let code = format!("import grpc\nfrom acme.shipment.v1 import shipment_pb2, shipment_pb2_grpc\n\nstub = shipment_pb2_grpc.ShipmentServiceStub(grpc.insecure_channel(\"shipment-service:9090\"))\n\ndef due(shipment_id):\n    shipment = stub.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id))\n    return shipment.status == shipment_pb2.{value}\n");
        let findings = check(&[
            ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", proto), ("app/server.py", server), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
            ("notify-py", &[("app/notify.py", code.as_str()), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ]);
        finding_summary(&findings)
    };
    insta::assert_debug_snapshot!(notify("SHIPMENT_STATUS_OUT_FOR_DELIVERY"), @r#"
    [
        "enum-value-missing SHIPMENT_STATUS_OUT_FOR_DELIVERY api:acme.shipment.v1.shipmentservice",
    ]
    "#);
    insta::assert_debug_snapshot!(notify("SHIPMENT_STATUS_DELIVERED"), @"[]");
}

/// Near misses: a value the enum has, and a constant of another family (`Member_STATUS_ACTIVE`:
/// no enum of `Member` has `STATUS_` values, so it is not known to be the tier's).
#[test]
fn a_value_the_enum_has_or_of_no_known_enum_is_no_finding() {
    insta::assert_debug_snapshot!(wallet_go("TIER_GOLD"), @"[]");
    insta::assert_debug_snapshot!(wallet_go("STATUS_ACTIVE"), @"[]");
}

const REWARDS_PROTO: &str = "syntax = \"proto3\";\npackage loyalty.v1;\n\noption java_package = \"com.acme.loyalty.v1\";\noption java_multiple_files = true;\n\nservice LoyaltyService {\n  rpc ListRewards(ListRewardsRequest) returns (ListRewardsResponse);\n}\n\nmessage ListRewardsRequest {\n  string member_id = 1;\n  int32 page_size = 2;\n}\n\nmessage ListRewardsResponse { string next_page_token = 1; }\n";

/// rewards-kt's stub, built on a channel to the host and port its settings give.
const REWARDS_APPLICATION: &str = "package com.acme.rewards\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub\nimport io.grpc.ManagedChannel\nimport io.grpc.ManagedChannelBuilder\n\n@SpringBootApplication\nclass RewardsApplication {\n    @Bean\n    fun loyaltyChannel(@Value(\"\\${loyalty.host}\") host: String, @Value(\"\\${loyalty.port}\") port: Int): ManagedChannel =\n        ManagedChannelBuilder.forAddress(host, port).usePlaintext().build()\n\n    @Bean\n    fun loyaltyStub(channel: ManagedChannel): LoyaltyServiceCoroutineStub = LoyaltyServiceCoroutineStub(channel)\n}\n";

/// rewards-kt's findings, its protobuf-kotlin builder's block `block`, imported or not.
fn rewards_findings(import: &str, block: &str) -> Vec<String> {
    let client = format!(
        "package com.acme.rewards\n\nimport com.acme.loyalty.v1.LoyaltyServiceGrpcKt.LoyaltyServiceCoroutineStub\n{import}\n\n@Service\nclass RewardsCatalog(private val loyalty: LoyaltyServiceCoroutineStub) {{\n    suspend fun more(memberId: String, travelOnly: Boolean): Boolean =\n        loyalty.listRewards(listRewardsRequest {{\n{block}        }}).nextPageToken.isNotEmpty()\n}}\n"
    );
    let findings = check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", REWARDS_PROTO), ("app/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.66.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("rewards-kt", &[("src/main/kotlin/com/acme/rewards/RewardsCatalog.kt", client.as_str()), ("src/main/kotlin/com/acme/rewards/RewardsApplication.kt", REWARDS_APPLICATION), ("src/main/resources/application.yml", "loyalty:\n  host: ${LOYALTY_HOST:loyalty-svc}\n  port: ${LOYALTY_PORT:50051}\n"), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    finding_summary(&findings)
}

/// `listRewardsRequest { .. if (travelOnly) category = "travel" }` sets a field
/// `ListRewardsRequest` does not have; `this.memberId` and `pageSize` are its fields (by their
/// JSON names).
#[test]
fn a_field_a_kotlin_builder_sets_that_the_message_lacks_is_reported() {
    let block = "            this.memberId = memberId\n            pageSize = 50\n            if (travelOnly) category = \"travel\"\n";
    insta::assert_debug_snapshot!(rewards_findings("import com.acme.loyalty.v1.listRewardsRequest", block), @r#"
    [
        "missing-field category api:loyalty.v1.loyaltyservice",
    ]
    "#);
}

/// Near misses: a builder setting only the message's fields, and a block of a function the file
/// does not import from a package (the code's own, not a generated builder).
#[test]
fn a_builder_setting_the_messages_fields_or_not_imported_is_no_finding() {
    insta::assert_debug_snapshot!(rewards_findings("import com.acme.loyalty.v1.listRewardsRequest", "            this.memberId = memberId\n            pageSize = 50\n"), @"[]");
    insta::assert_debug_snapshot!(rewards_findings("", "            this.memberId = memberId\n            category = \"travel\"\n"), @"[]");
}
