//! Quarkus's shapes, as the Quarkus Super Heroes showed them (issue #3's reports of
//! 2026-12-06): MicroProfile Reactive Messaging's channels, gRPC through Quarkus's annotations,
//! the Dockerfiles of a Maven module's `src/main/docker/`, settings written with dots in a
//! ConfigMap, and Stork's service discovery.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM registry.access.redhat.com/ubi9/openjdk-21:1.21\nCOPY target/quarkus-app/ /deployments/\nENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]\n";
const POM: &str = "<project><modelVersion>4.0.0</modelVersion><groupId>io.quarkus.sample</groupId><artifactId>module</artifactId></project>\n";

/// A compose file building each module from its folder with its `src/main/docker/Dockerfile.jvm`.
/// The org of one repo holding `files` and, per module, its pom and Quarkus's JVM Dockerfile.
fn modules_org(modules: &[&str], mut files: Vec<(String, String)>) -> factory_brain::Resolved {
    for module in modules {
        files.push((format!("{module}/pom.xml"), POM.into()));
        files.push((format!("{module}/src/main/docker/Dockerfile.jvm"), DOCKERFILE.into()));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    org(&[("quarkus-super-heroes", &files)])
}

fn compose(modules: &[&str]) -> String {
    let services: String =
        modules.iter().map(|module| format!("  {module}:\n    build:\n      context: ./{module}\n      dockerfile: src/main/docker/Dockerfile.jvm\n")).collect();
    format!("services:\n{services}")
}

/// Super Heroes: rest-fights sends each fight through `@Channel("fights") MutinyEmitter<Fight>`,
/// which its config connects to Kafka (`mp.messaging.outgoing.fights.connector=smallrye-kafka`,
/// topic `fights`); event-statistics reads it with `@Incoming(FIGHTS_CHANNEL_NAME)`, its config
/// giving the same topic. event-statistics's own `@Outgoing("team-stats")` feeds an
/// `@Incoming("team-stats")` in memory: no connector, so no channel, and the dashboard (whose
/// config connects a channel of that name to Kafka) reads nothing from it. A connector set only
/// for tests (`%test.`) connects nothing.
#[test]
fn reactive_messaging_channels_join_services_through_the_topics_their_config_connects() {
    let fight_service = "package io.quarkus.sample.superheroes.fight.service;\n\nimport io.smallrye.reactive.messaging.MutinyEmitter;\nimport org.eclipse.microprofile.reactive.messaging.Channel;\n\n@ApplicationScoped\npublic class FightService {\n\tprivate final MutinyEmitter<Fight> emitter;\n\n\tpublic FightService(HeroClient heroClient, @Channel(\"fights\") MutinyEmitter<Fight> emitter) {\n\t\tthis.emitter = emitter;\n\t}\n\n\tUni<Void> addFightToTopic(Fight fight) {\n\t\treturn this.emitter.send(fight);\n\t}\n}\n";
    let fights_config = "quarkus.application.name=rest-fights\nmp.messaging.outgoing.fights.connector=smallrye-kafka\nmp.messaging.outgoing.fights.topic=fights\n%test.mp.messaging.outgoing.fights.connector=smallrye-in-memory\n%test.mp.messaging.outgoing.audit.connector=smallrye-kafka\n";
    let super_stats = "package io.quarkus.sample.superheroes.statistics.listener;\n\nimport org.eclipse.microprofile.reactive.messaging.Incoming;\nimport org.eclipse.microprofile.reactive.messaging.Outgoing;\n\n@ApplicationScoped\npublic class SuperStats {\n  static final String FIGHTS_CHANNEL_NAME = \"fights\";\n  static final String TEAM_STATS_CHANNEL_NAME = \"team-stats\";\n\n  @Incoming(FIGHTS_CHANNEL_NAME)\n  @Outgoing(TEAM_STATS_CHANNEL_NAME)\n  public Multi<TeamScore> processFight(Multi<Fight> fights) {\n    return fights.map(this::score);\n  }\n\n  @Incoming(TEAM_STATS_CHANNEL_NAME)\n  void log(TeamScore score) {}\n}\n";
    let stats_config = "quarkus.application.name=event-statistics\nmp.messaging.incoming.fights.connector=smallrye-kafka\nmp.messaging.incoming.fights.topic=fights\nmp.messaging.incoming.fights.auto.offset.reset=earliest\n";
    let dashboard = "package acme.dashboard;\n\n@ApplicationScoped\npublic class Board {\n  @Incoming(\"team-stats\")\n  void show(String score) {}\n\n  @Outgoing(\"audit\")\n  Multi<String> audit() { return Multi.createFrom().empty(); }\n}\n";
    let dashboard_config = "mp:\n  messaging:\n    incoming:\n      team-stats:\n        connector: smallrye-kafka\n\"%test\":\n  mp:\n    messaging:\n      outgoing:\n        audit:\n          connector: smallrye-kafka\n";
    let audit = "package acme.audit;\n\npublic class Audit {\n  @Incoming(\"audit\")\n  void on(String line) {}\n}\n";
    let audit_config = "mp.messaging.incoming.audit.connector=smallrye-kafka\n";
    let modules = ["rest-fights", "event-statistics", "dashboard", "audit"];
    let compose = compose(&modules);
    let files: Vec<(String, String)> = vec![
        ("docker-compose.yml".into(), compose),
        ("rest-fights/src/main/java/io/quarkus/sample/superheroes/fight/service/FightService.java".into(), fight_service.into()),
        ("rest-fights/src/main/resources/application.properties".into(), fights_config.into()),
        ("event-statistics/src/main/java/io/quarkus/sample/superheroes/statistics/listener/SuperStats.java".into(), super_stats.into()),
        ("event-statistics/src/main/resources/application.properties".into(), stats_config.into()),
        ("dashboard/src/main/java/acme/dashboard/Board.java".into(), dashboard.into()),
        ("dashboard/src/main/resources/application.yml".into(), dashboard_config.into()),
        ("audit/src/main/java/acme/audit/Audit.java".into(), audit.into()),
        ("audit/src/main/resources/application.properties".into(), audit_config.into()),
    ];
    let resolved = modules_org(&modules, files);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="quarkus-super-heroes" root="audit"
    component:dashboard repo="quarkus-super-heroes" root="dashboard"
    component:event-statistics repo="quarkus-super-heroes" root="event-statistics"
    component:rest-fights repo="quarkus-super-heroes" root="rest-fights"
    component:rest-fights -depends_on-> component:event-statistics
    "#);
}

/// Super Heroes: grpc-locations serves `Locations` from Kotlin, `class LocationGrpcService(..) :
/// LocationsImplBase()` (the qualified `LocationsGrpc.LocationsImplBase` only in an import), and
/// rest-fights is injected with `@GrpcClient("locations") Locations locationClient`, Mutiny's
/// interface of the service. A Java `@GrpcService` implementing Mutiny's `Greeter` serves
/// `Greeter`, called by the client of a `MutinyGreeterGrpc.MutinyGreeterStub`. A client
/// injected as a bare `Channel` names no service.
#[test]
fn quarkus_grpc_services_and_injected_clients_join_through_their_proto() {
    let proto = |package: &str, service: &str| {
        format!(
            "syntax = \"proto3\";\noption java_multiple_files = true;\npackage {package};\nservice {service} {{\n  rpc Hello(HelloRequest) returns (HelloReply) {{}}\n}}\nmessage HelloRequest {{}}\nmessage HelloReply {{ string message = 1; }}\n"
        )
    };
    let locations_server = "package io.quarkus.sample.superheroes.location.grpc\n\nimport io.quarkus.grpc.GrpcService\nimport io.quarkus.sample.superheroes.location.grpc.LocationsGrpc.LocationsImplBase\n\n@GrpcService\nclass LocationGrpcService(private val locationService: LocationService) : LocationsImplBase() {\n  override fun hello(request: HelloRequest?, responseObserver: StreamObserver<HelloReply>?) {\n    responseObserver?.onCompleted()\n  }\n}\n";
    let locations_client = "package io.quarkus.sample.superheroes.fight.client;\n\nimport io.quarkus.grpc.GrpcClient;\nimport io.quarkus.sample.superheroes.fight.client.locations.grpc.Locations;\n\n@ApplicationScoped\npublic class LocationClient {\n\tprivate final Locations locationClient;\n\n\tpublic LocationClient(@GrpcClient(\"locations\") Locations locationClient) {\n\t\tthis.locationClient = locationClient;\n\t}\n\n\tpublic Uni<String> helloLocations() {\n\t\treturn this.locationClient.hello(HelloRequest.newBuilder().build()).map(HelloReply::getMessage);\n\t}\n}\n";
    let greeter_server = "package acme.greeter;\n\nimport io.quarkus.grpc.GrpcService;\n\n@GrpcService\npublic class GreeterService implements Greeter {\n  @Override\n  public Uni<HelloReply> hello(HelloRequest request) {\n    return Uni.createFrom().item(HelloReply.newBuilder().build());\n  }\n}\n";
    let greeter_client = "package acme.front;\n\nimport io.quarkus.grpc.GrpcClient;\n\npublic class Front {\n  @GrpcClient(\"greeter\")\n  MutinyGreeterGrpc.MutinyGreeterStub greeter;\n\n  @GrpcClient(\"raw\")\n  Channel channel;\n\n  Uni<String> hello() {\n    return greeter.hello(HelloRequest.newBuilder().build()).map(HelloReply::getMessage);\n  }\n}\n";
    let modules = ["grpc-locations", "rest-fights", "greeter", "front"];
    let files: Vec<(String, String)> = vec![
        ("docker-compose.yml".into(), compose(&modules)),
        ("grpc-locations/src/main/proto/locationservice-v1.proto".into(), proto("location.v1", "Locations")),
        ("grpc-locations/src/main/kotlin/io/quarkus/sample/superheroes/location/grpc/LocationGrpcService.kt".into(), locations_server.into()),
        ("rest-fights/src/main/proto/locationservice-v1.proto".into(), proto("location.v1", "Locations")),
        ("rest-fights/src/main/java/io/quarkus/sample/superheroes/fight/client/LocationClient.java".into(), locations_client.into()),
        ("greeter/src/main/proto/greeter.proto".into(), proto("acme.greeter", "Greeter")),
        ("greeter/src/main/java/acme/greeter/GreeterService.java".into(), greeter_server.into()),
        ("front/src/main/java/acme/front/Front.java".into(), greeter_client.into()),
    ];
    let resolved = modules_org(&modules, files);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:front repo="quarkus-super-heroes" root="front"
    component:greeter repo="quarkus-super-heroes" root="greeter"
    component:grpc-locations repo="quarkus-super-heroes" root="grpc-locations"
    component:rest-fights repo="quarkus-super-heroes" root="rest-fights"
    component:front -depends_on-> component:greeter
    component:rest-fights -depends_on-> component:grpc-locations
    "#);
}

/// Super Heroes: Quarkus keeps each module's Dockerfiles in `<module>/src/main/docker/`
/// (`Dockerfile.jvm`, `Dockerfile.native`, `Dockerfile.jvm21`), and Jib's extra files sit in
/// `src/main/jib/`: each names its module, not a service `main`. A folder `main` that is not
/// under `src/` is climbed out of no further than before.
#[test]
fn a_maven_modules_docker_folder_names_the_module() {
    let resolved = org(&[(
        "quarkus-super-heroes",
        &[
            ("rest-heroes/pom.xml", POM),
            ("rest-heroes/src/main/docker/Dockerfile.jvm", DOCKERFILE),
            ("rest-heroes/src/main/docker/Dockerfile.native", DOCKERFILE),
            ("rest-heroes/src/main/java/acme/Heroes.java", "package acme;\npublic class Heroes {}\n"),
            ("rest-villains/pom.xml", POM),
            ("rest-villains/src/main/docker/Dockerfile.jvm21", DOCKERFILE),
            ("rest-villains/src/main/java/acme/Villains.java", "package acme;\npublic class Villains {}\n"),
            ("tools/main/Dockerfile", DOCKERFILE),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:main repo="quarkus-super-heroes" root="tools/main"
    component:rest-heroes repo="quarkus-super-heroes" root="rest-heroes"
    component:rest-villains repo="quarkus-super-heroes" root="rest-villains"
    "#);
}

/// Super Heroes on Kubernetes: rest-fights takes its env from the ConfigMap `rest-fights-config`,
/// whose keys are Quarkus's settings written with dots: `quarkus.grpc.clients.locations.host:
/// grpc-locations` is `QUARKUS_GRPC_CLIENTS_LOCATIONS_HOST`, a host; Stork's
/// `quarkus.stork.villain-service.service-discovery.application: rest-villains` names the
/// service `stork://villain-service` reaches. A bare name under a key naming no address
/// (`quarkus.application.name`, Stork's discovery `type`) is no dependency, and Apicurio's
/// schema registry (`quay.io/apicurio/apicurio-registry-mem`), the Kafka serializer's, is a
/// resource, not a service.
#[test]
fn a_configmaps_dotted_settings_are_read_as_their_env_vars() {
    let deployment = |name: &str, config: &str| {
        let image = if name == "apicurio" { "apicurio/apicurio-registry-mem".to_string() } else { format!("quarkus-super-heroes/{name}") };
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: quay.io/{image}:java21-latest\n{config}---\n"
        )
    };
    let env_from = "          envFrom:\n            - configMapRef:\n                name: rest-fights-config\n";
    let config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rest-fights-config\ndata:\n  quarkus.application.name: rest-heroes\n  quarkus.grpc.clients.locations.host: grpc-locations\n  quarkus.grpc.clients.locations.port: \"80\"\n  quarkus.stork.villain-service.service-discovery.type: kubernetes\n  quarkus.stork.villain-service.service-discovery.application: rest-villains\n  quarkus.stork.narration-service.service-discovery.address-list: rest-narration:8087\n  mp.messaging.connector.smallrye-kafka.apicurio.registry.url: http://apicurio:8080/apis/registry/v2\n";
    let manifests = [
        deployment("rest-fights", env_from),
        deployment("grpc-locations", ""),
        deployment("rest-villains", ""),
        deployment("rest-narration", ""),
        deployment("rest-heroes", ""),
        deployment("kubernetes", ""),
        deployment("apicurio", ""),
        config_map.to_string(),
    ]
    .concat();
    let resolved = org(&[("quarkus-super-heroes", &[("deploy/k8s/java21-kubernetes.yml", &manifests)])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:grpc-locations repo=- root=-
    component:kubernetes repo=- root=-
    component:rest-fights repo=- root=-
    component:rest-heroes repo=- root=-
    component:rest-narration repo=- root=-
    component:rest-villains repo=- root=-
    resource:apicurio repo=- root=-
    component:rest-fights -depends_on-> component:grpc-locations
    component:rest-fights -depends_on-> component:rest-narration
    component:rest-fights -depends_on-> component:rest-villains
    "#);
}
