//! RPC frameworks on top of gRPC's generated code, read by their own constructors.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM golang:1.21 AS build\nCOPY . .\nRUN go build -o /app\n";

fn proto(package: &str, service: &str, rpc: &str) -> String {
    format!("syntax = \"proto3\";\npackage {package};\nservice {service} {{\n  rpc {rpc}(Request) returns (Response) {{}}\n}}\nmessage Request {{ string id = 1; }}\nmessage Response {{ bool ok = 1; }}\n")
}

/// Ewan Valentine's shippy (go-micro): the consignment service registers its handler with
/// `pb.RegisterShippingServiceHandler(service.Server(), h)` and calls the vessel service through
/// `vesselProto.NewVesselService("shippy.service.vessel", service.Client())`; the CLI calls the
/// consignment service the same way. A Go constructor of the same shape given no client
/// (`NewUserService(repo)`) is no gRPC client.
#[test]
fn go_micro_clients_and_handlers_are_grpc_clients_and_servers() {
    let consignment = "package main\n\nimport (\n\tpb \"github.com/EwanValentine/shippy/shippy-service-consignment/proto/consignment\"\n\tvesselProto \"github.com/EwanValentine/shippy/shippy-service-vessel/proto/vessel\"\n\t\"github.com/micro/go-micro/v2\"\n)\n\nfunc main() {\n\tservice := micro.NewService(\n\t\tmicro.Name(\"shippy.service.consignment\"),\n\t)\n\tservice.Init()\n\tvesselClient := vesselProto.NewVesselService(\"shippy.service.vessel\", service.Client())\n\th := &handler{repository, vesselClient}\n\tpb.RegisterShippingServiceHandler(service.Server(), h)\n\tusers := NewUserService(repository)\n\t_ = users\n}\n";
    let vessel = "package main\n\nimport (\n\tpb \"github.com/EwanValentine/shippy/shippy-service-vessel/proto/vessel\"\n\t\"github.com/micro/go-micro/v2\"\n)\n\nfunc main() {\n\tservice := micro.NewService(micro.Name(\"shippy.service.vessel\"))\n\tpb.RegisterVesselServiceHandler(service.Server(), &handler{})\n}\n";
    let cli = "package main\n\nimport (\n\tpb \"github.com/EwanValentine/shippy/shippy-service-consignment/proto/consignment\"\n\tmicro \"github.com/micro/go-micro/v2\"\n)\n\nfunc main() {\n\tservice := micro.NewService(micro.Name(\"shippy.cli.consignment\"))\n\tclient := pb.NewShippingService(\"shippy.service.consignment\", service.Client())\n\t_ = client\n}\n";
    let user = "package main\n\nfunc main() {\n\tsvc := NewUserService(repo)\n\tsvc.Run()\n}\n";
    let compose = "services:\n  cli:\n    build: ./shippy-cli-consignment\n  consignment:\n    build: ./shippy-service-consignment\n  vessel:\n    build: ./shippy-service-vessel\n  user:\n    build: ./shippy-service-user\n";
    let resolved = org(&[(
        "shippy",
        &[
            ("docker-compose.yml", compose),
            ("shippy-cli-consignment/Dockerfile", DOCKERFILE),
            ("shippy-cli-consignment/main.go", cli),
            ("shippy-service-consignment/Dockerfile", DOCKERFILE),
            ("shippy-service-consignment/main.go", consignment),
            ("shippy-service-consignment/proto/consignment/consignment.proto", &proto("consignment", "ShippingService", "CreateConsignment")),
            ("shippy-service-vessel/Dockerfile", DOCKERFILE),
            ("shippy-service-vessel/main.go", vessel),
            ("shippy-service-vessel/proto/vessel/vessel.proto", &proto("vessel", "VesselService", "FindAvailable")),
            ("shippy-service-user/Dockerfile", DOCKERFILE),
            ("shippy-service-user/main.go", user),
            ("shippy-service-user/proto/user/user.proto", &proto("user", "UserService", "Get")),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cli repo="shippy" root="shippy-cli-consignment"
    component:consignment repo="shippy" root="shippy-service-consignment"
    component:user repo="shippy" root="shippy-service-user"
    component:vessel repo="shippy" root="shippy-service-vessel"
    component:cli -depends_on-> component:consignment
    component:consignment -depends_on-> component:vessel
    "#);
}

/// Ewan Valentine's 2018 shippy: the user service announces new users with
/// `micro.NewPublisher(topic, srv.Client())` beside `const topic = "user.created"`, and the email
/// service subscribes with `micro.RegisterSubscriber(topic, srv.Server(), new(Subscriber))`. An
/// event nobody subscribes to (`micro.NewEvent("user.audited", ..)`) joins no one.
#[test]
fn go_micro_publishers_and_subscribers_meet_on_their_topic() {
    let user = "package main\n\nimport micro \"github.com/micro/go-micro\"\n\nconst topic = \"user.created\"\n\nfunc main() {\n\tsrv := micro.NewService(micro.Name(\"shippy.auth\"))\n\tpublisher := micro.NewPublisher(topic, srv.Client())\n\taudit := micro.NewEvent(\"user.audited\", srv.Client())\n\t_, _ = publisher, audit\n}\n";
    let email = "package main\n\nimport micro \"github.com/micro/go-micro\"\n\nconst topic = \"user.created\"\n\nfunc main() {\n\tsrv := micro.NewService(micro.Name(\"go.micro.srv.email\"))\n\tmicro.RegisterSubscriber(topic, srv.Server(), new(Subscriber))\n}\n";
    let compose = "services:\n  user:\n    build: ./user-service\n  email:\n    build: ./email-service\n";
    let resolved = org(&[(
        "shippy",
        &[
            ("docker-compose.yml", compose),
            ("user-service/Dockerfile", DOCKERFILE),
            ("user-service/main.go", user),
            ("email-service/Dockerfile", DOCKERFILE),
            ("email-service/main.go", email),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:email repo="shippy" root="email-service"
    component:user repo="shippy" root="user-service"
    component:user -depends_on-> component:email
    "#);
}
