//! Shapes of the systems measured on 2026-12-07: one Go module holding several gRPC services as
//! `cmd/<name>/main.go` plus `internal/<name>/`, each built by its own `docker/Dockerfile-<name>`
//! (`COPY . /app`, `go build -o /bin/app ./cmd/<name>`), which compose declares for some of
//! them only (dinhcanh303's go-microservices).

mod support;

use support::{org, summary};

const GO_MOD: &str = "module github.com/acme/social\n\ngo 1.21\n\nrequire google.golang.org/grpc v1.58.0\n";
const AUTH_PROTO: &str = "syntax = \"proto3\";\n\npackage authapi;\n\noption go_package = \"github.com/acme/social/proto/gen\";\n\nservice AuthService {\n  rpc Verify(VerifyRequest) returns (VerifyResponse) {}\n}\n\nmessage VerifyRequest {}\nmessage VerifyResponse {}\n";
const MAIN: &str = "package main\n\nimport \"google.golang.org/grpc\"\n\nfunc main() {\n\tserver := grpc.NewServer()\n\t_ = server\n}\n";
const AUTH_SERVER: &str = "package router\n\nimport (\n\t\"github.com/acme/social/proto/gen\"\n\t\"google.golang.org/grpc\"\n)\n\ntype authGRPCServer struct {\n\tgen.UnimplementedAuthServiceServer\n}\n\nfunc NewGRPCAuthServer(grpcServer *grpc.Server) {\n\tsvc := authGRPCServer{}\n\tgen.RegisterAuthServiceServer(grpcServer, &svc)\n}\n";
const AUTH_CLIENT: &str = "package grpc\n\nimport (\n\t\"context\"\n\n\t\"github.com/acme/social/cmd/post/config\"\n\t\"github.com/acme/social/proto/gen\"\n\t\"google.golang.org/grpc\"\n\t\"google.golang.org/grpc/credentials/insecure\"\n)\n\ntype authGRPCClient struct {\n\tconn *grpc.ClientConn\n}\n\nfunc NewGRPCAuthClient(cfg *config.Config) (*authGRPCClient, error) {\n\tconn, err := grpc.Dial(cfg.AuthClient.URL, grpc.WithTransportCredentials(insecure.NewCredentials()))\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &authGRPCClient{conn: conn}, nil\n}\n\nfunc (a *authGRPCClient) Verify(ctx context.Context) error {\n\tclient := gen.NewAuthServiceClient(a.conn)\n\t_, err := client.Verify(ctx, &gen.VerifyRequest{})\n\treturn err\n}\n";

/// The `docker/Dockerfile-<name>` of dinhcanh303's go-microservices: modules cached in one
/// stage, the whole module copied to `/app` and one command built in the next.
fn go_image(build: &str) -> String {
    format!(
        "FROM golang:1.21-alpine3.18 as modules\nCOPY go.mod go.sum /modules/\nWORKDIR /modules\nRUN go mod download\n\nFROM golang:1.21-alpine3.18 as builder\nCOPY --from=modules /go/pkg /go/pkg\nCOPY . /app\nWORKDIR /app\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 \\\n    go build -tags migrate -o /bin/app {build}\n\nFROM scratch\nCOPY --from=builder /bin/app /app\nCMD [\"/app\"]\n"
    )
}

/// The repo's files: `auth` and `post` as `cmd/<name>` plus `internal/<name>`, `post`
/// calling `AuthService`, with the given compose file and Dockerfiles.
fn social<'a>(compose: &'a str, dockerfiles: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    let mut files: Vec<(&str, &str)> = vec![
        ("go.mod", GO_MOD),
        ("docker-compose.yaml", compose),
        ("proto/auth.proto", AUTH_PROTO),
        ("cmd/auth/main.go", MAIN),
        ("internal/auth/app/router/auth_grpc_server.go", AUTH_SERVER),
        ("cmd/post/main.go", MAIN),
        ("internal/post/infras/grpc/auth_client.go", AUTH_CLIENT),
    ];
    files.extend(dockerfiles.iter().map(|(path, text)| (*path, text.as_str())));
    files
}

const COMPOSE_POST: &str = "services:\n  postgres:\n    image: postgres:14-alpine\n  post:\n    build:\n      context: .\n      dockerfile: ./docker/Dockerfile-post\n    image: go-microservices-post\n    depends_on:\n      - postgres\n";

/// go-microservices' compose file declares `post` (`dockerfile: ./docker/Dockerfile-post`) but
/// not `auth`, which only `docker/Dockerfile-auth` builds (`go build ./cmd/auth`): `auth` is a
/// component of `cmd/auth` and `internal/auth`, providing `AuthService` that `post` calls;
/// `post`, declared by both, is one component.
#[test]
fn a_dockerfile_building_a_go_command_is_that_service_with_its_internal_folder() {
    let dockerfiles = [("docker/Dockerfile-post", go_image("./cmd/post")), ("docker/Dockerfile-auth", go_image("./cmd/auth"))];
    let resolved = org(&[("social", &social(COMPOSE_POST, &dockerfiles))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="social" root="cmd/auth" roots=["cmd/auth","internal/auth"]
    component:post repo="social" root="cmd/post" roots=["cmd/post","internal/post"]
    resource:postgres repo=- root=-
    component:post -depends_on-> component:auth
    "#);
    // Named by the service, written `Dockerfile_<name>`, building a source file in a build
    // stage built from another.
    let auth = "FROM golang:1.21 AS source\nWORKDIR /src\nCOPY . .\n\nFROM source AS build\nRUN go build -o /out/app ./cmd/auth/main.go\n\nFROM alpine\nCOPY --from=build /out/app /app\n";
    let dockerfiles = [("docker/Dockerfile-post", go_image("./cmd/post")), ("deploy/Dockerfile_auth", auth.to_string())];
    let resolved = org(&[("social", &social(COMPOSE_POST, &dockerfiles))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="social" root="cmd/auth" roots=["cmd/auth","internal/auth"]
    component:post repo="social" root="cmd/post" roots=["cmd/post","internal/post"]
    resource:postgres repo=- root=-
    component:post -depends_on-> component:auth
    "#);
}

/// A compose service named otherwise than its Dockerfile (`posts` built with
/// `docker/Dockerfile-post`) is still the Dockerfile's service: one component, rooted where
/// the Dockerfile builds.
#[test]
fn a_compose_service_named_otherwise_is_the_folder_its_dockerfile_builds() {
    let compose = "services:\n  posts:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile-post\n  auth:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile-auth\n";
    let dockerfiles = [("docker/Dockerfile-post", go_image("./cmd/post")), ("docker/Dockerfile-auth", go_image("./cmd/auth"))];
    let resolved = org(&[("social", &social(compose, &dockerfiles))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="social" root="cmd/auth" roots=["cmd/auth","internal/auth"]
    component:posts repo="social" root="cmd/post" roots=["cmd/post","internal/post"]
    component:posts -depends_on-> component:auth
    "#);
}

/// Near misses: `docker/Dockerfile-dev` names no folder (it builds `./cmd/auth`, not a `dev`
/// folder) and `docker/Dockerfile-all` builds every package (`go build ./...`): each is the
/// build context's own image, the repo's, and neither makes `auth` a service. A file merely
/// named like a Dockerfile (`dockerfile_test.go`) is Go code.
#[test]
fn a_dockerfile_naming_no_folder_it_builds_is_its_folders() {
    let dockerfiles = [
        ("docker/Dockerfile-post", go_image("./cmd/post")),
        ("docker/Dockerfile-dev", go_image("./cmd/auth")),
        ("docker/Dockerfile-all", go_image("./...")),
        ("tools/dockerfile_test.go", "package tools\n\nimport \"testing\"\n\nfunc TestDockerfile(t *testing.T) {}\n".to_string()),
    ];
    let resolved = org(&[("social", &social(COMPOSE_POST, &dockerfiles))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:post repo="social" root="cmd/post" roots=["cmd/post","internal/post"]
    component:social repo="social" root=""
    resource:postgres repo=- root=-
    component:post -depends_on-> component:social
    "#);
}
