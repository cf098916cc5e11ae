//! Shapes the fifth round of unseen systems showed (issue #3's reports of 2026-12-06, fourth
//! session: a JHipster microservices example, an Apollo federation supergraph).

mod support;

use support::{org, summary};

const POM: &str = "<project><artifactId>app</artifactId></project>\n";

/// JHipster's compose file runs its services from images Jib builds from their module folders
/// (`image: psqlblog` beside `psqlblog/`), beside a registry and an identity provider from
/// elsewhere (`jhipster/jhipster-registry`, `quay.io/keycloak/keycloak`) and a probe's
/// `bitnami/postgresql`: those are resources, and the calls every service makes to them are no
/// dependencies between services. Another namespace's image whose code is a registered repo
/// named like it (`ghcr.io/acme/catalog`) is the org's still, and so is a stock proxy the repo
/// configures (hashicups's `nginx:alpine` with `./nginx.conf`, a file the scan may not hold).
#[test]
fn third_party_images_beside_images_built_from_module_folders_are_resources() {
    let compose = "services:
  blog:
    image: blog
    environment:
      - EUREKA_CLIENT_SERVICE_URL_DEFAULTZONE=http://admin:admin@registry:8761/eureka
      - SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_ISSUER_URI=http://sso:9080/realms/jhipster
      - SPRING_DATASOURCE_URL=jdbc:postgresql://blog-db:5432/blog
      - CONSOLE_URL=http://console:7419
      - STORE_URL=http://store:8080
      - CATALOG_URL=http://catalog:8080
  store:
    image: store
  catalog:
    image: ghcr.io/acme/catalog:1.0
  registry:
    image: jhipster/jhipster-registry:v7.5.0
  sso:
    image: quay.io/keycloak/keycloak:26.5.5
  blog-db:
    image: bitnami/postgresql:16
  console:
    image: jhipster/jhipster-control-center:v0.5.0
  gateway:
    image: nginx:alpine
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf
";
    let resolved = org(&[
        (
            "shop",
            &[
                ("docker-compose/docker-compose.yml", compose),
                ("blog/pom.xml", POM),
                ("blog/src/main/java/Blog.java", "class Blog {}\n"),
                ("store/pom.xml", POM),
                ("store/src/main/java/Store.java", "class Store {}\n"),
            ],
        ),
        ("catalog", &[("package.json", "{\"name\": \"catalog\"}\n"), ("src/index.js", "console.log(1)\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:catalog repo="catalog" root=""
    component:gateway repo=- root=-
    component:store repo="shop" root="store"
    resource:blog-db repo=- root=-
    resource:console repo=- root=-
    resource:registry repo=- root=-
    resource:sso repo=- root=-
    component:blog -depends_on-> component:catalog
    component:blog -depends_on-> component:store
    "#);
}

/// JHipster's compose file builds each service's PostgreSQL from `postgresql/Dockerfile` in
/// its own folder, which the repo does not hold: a service with a database client for its
/// healthcheck (`pg_isready`), a database image's setup keys (`MYSQL_ROOT_PASSWORD`) in an
/// environment naming no other host, or a name ending in a backing service's word
/// (`store-cassandra`) is a database when no Dockerfile the repo holds builds a service. Two
/// services built from one context and Dockerfile stay two. A service whose environment logs
/// in to a database (`POSTGRES_USER` beside `POSTGRES_HOST`) and whose Dockerfile builds code
/// is a service.
#[test]
fn a_database_built_from_a_dockerfile_the_repo_does_not_hold_is_a_resource() {
    let database = |name: &str| {
        format!(
            "  {name}-postgresql:\n    build:\n      context: .\n      dockerfile: postgresql/Dockerfile\n    environment:\n      - POSTGRES_USER={name}\n    healthcheck:\n      test: ['CMD-SHELL', 'pg_isready -U $${{POSTGRES_USER}}']\n"
        )
    };
    let compose = format!(
        "services:
  blog:
    image: blog
    environment:
      - SPRING_DATASOURCE_URL=jdbc:postgresql://blog-postgresql:5432/blog
      - STORE_URL=http://store:8080
{}  store:
    image: store
    environment:
      - SPRING_DATASOURCE_URL=jdbc:postgresql://store-postgresql:5432/store
      - SPRING_CASSANDRA_CONTACTPOINTS=store-cassandra
{}  store-cassandra:
    build:
      context: ../store/src/main/docker
      dockerfile: cassandra/Cassandra.Dockerfile
  orders-db:
    build:
      context: .
      dockerfile: mysql/Dockerfile
    environment:
      MYSQL_ROOT_PASSWORD: secret
  reports:
    build:
      context: ../reports
      dockerfile: docker/Dockerfile
    environment:
      - POSTGRES_USER=reports
      - POSTGRES_HOST=store-postgresql
      - BLOG_URL=http://blog:8080
",
        database("blog"),
        database("store")
    );
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose/docker-compose.yml", &compose),
            ("blog/pom.xml", POM),
            ("blog/src/main/java/Blog.java", "class Blog {}\n"),
            ("store/pom.xml", POM),
            ("store/src/main/java/Store.java", "class Store {}\n"),
            ("reports/docker/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
            ("reports/src/main/java/Reports.java", "class Reports {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:reports repo="shop" root="reports"
    component:store repo="shop" root="store"
    resource:blog-postgresql repo=- root=-
    resource:orders-db repo="shop" root="docker-compose/mysql"
    resource:store-cassandra repo="shop" root="store/src/main/docker/cassandra"
    resource:store-postgresql repo=- root=-
    component:blog -depends_on-> component:store
    component:reports -depends_on-> component:blog
    "#);
}

/// JHipster writes every module's `src/main/docker/app.yml` with the module's project name
/// (`name: blog`) and one service named `app`: the five merged into one component `app`. A
/// generic name takes the project's, else its image's (`acme/orders`); a sibling naming `app`
/// (by `depends_on` or a URL) names that service.
#[test]
fn a_compose_service_with_a_generic_name_goes_by_its_project_or_image() {
    let app = |project: &str, image: &str| format!("{project}services:\n  app:\n    image: {image}\n");
    let blog = format!(
        "{}  notifier:\n    image: notifier\n    environment:\n      - BLOG_API=http://app:8080\n    depends_on:\n      - app\n",
        app("name: blog\n", "blog")
    );
    let resolved = org(&[(
        "shop",
        &[
            ("blog/src/main/docker/app.yml", &blog),
            ("blog/pom.xml", POM),
            ("blog/src/main/java/Blog.java", "class Blog {}\n"),
            ("store/src/main/docker/app.yml", &app("name: store\n", "store")),
            ("store/pom.xml", POM),
            ("store/src/main/java/Store.java", "class Store {}\n"),
            ("orders/src/main/docker/app.yml", &app("", "acme/orders:1.0")),
            ("notifier/pom.xml", POM),
            ("notifier/src/main/java/Notifier.java", "class Notifier {}\n"),
            ("orders/pom.xml", POM),
            ("orders/src/main/java/Orders.java", "class Orders {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:notifier repo="shop" root="notifier"
    component:orders repo="shop" root="orders"
    component:store repo="shop" root="store"
    component:notifier -depends_on-> component:blog
    "#);
}

/// JHipster's services wait for a Cassandra migration to finish (`condition:
/// service_completed_successfully`) before they start: a one-shot job, no service and no
/// callee, whatever its name. Built from code of the org (a seed), its Dockerfile makes it a
/// component still, but not one its waiter calls (as `depends_on` names its callees where
/// nothing else does: `store`).
#[test]
fn a_job_a_compose_service_waits_to_finish_is_no_service_and_no_callee() {
    let compose = "services:
  blog:
    build: ./blog
    depends_on:
      blog-migration:
        condition: service_completed_successfully
      seed:
        condition: service_completed_successfully
      store:
        condition: service_started
  blog-migration:
    build:
      context: ./blog/src/main/docker
      dockerfile: cassandra/Cassandra-Migration.Dockerfile
    environment:
      - CASSANDRA_CONTACT_POINT=blog-cassandra
  seed:
    build: ./seed
  store:
    build: ./store
";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("blog/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
            ("blog/src/main/java/Blog.java", "class Blog {}\n"),
            ("store/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
            ("store/src/main/java/Store.java", "class Store {}\n"),
            ("seed/Dockerfile", "FROM python:3.12\nCOPY seed.py .\nCMD [\"python\", \"seed.py\"]\n"),
            ("seed/seed.py", "print('seeding')\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:seed repo="shop" root="seed"
    component:store repo="shop" root="store"
    resource:blog-migration repo="shop" root="blog/src/main/docker/cassandra"
    component:blog -depends_on-> component:store
    "#);
}

/// Apollo's supergraph router calls the subgraphs its supergraph schema lists
/// (`PANDAS @join__graph(name: "pandas" url: "http://pandas:4000/graphql")`); the specs its
/// `@link`s name, and a subgraph's own schema, name no service; a subgraph on the router's own
/// machine (`http://localhost:3000/users`, serverless) is no other service.
#[test]
fn a_supergraph_schemas_join_graph_urls_are_the_routers_callees() {
    let supergraph = "schema\n  @link(url: \"https://specs.apollo.dev/link/v1.0\")\n  @link(url: \"https://specs.apollo.dev/join/v0.3\", for: EXECUTION)\n{\n  query: Query\n}\n\ndirective @join__graph(name: String!, url: String!) on ENUM_VALUE\n\nenum join__Graph {\n  PANDAS @join__graph(name: \"pandas\" url: \"http://pandas:4000/graphql\")\n  USERS @join__graph(name: \"users\" url: \"http://users:4000/graphql\")\n}\n";
    let local = "enum join__Graph {\n  USERS @join__graph(name: \"users\" url: \"http://localhost:3000/users\")\n}\n";
    let subgraph = "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.0\", import: [\"@key\"])\n\n\"\"\"\nSee http://users:4000/graphql\n\"\"\"\ntype User @key(fields: \"email\") {\n  email: ID!\n}\n";
    let node = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
    let resolved = org(&[(
        "supergraph",
        &[
            ("docker-compose.yml", "services:\n  router:\n    build: ./router\n  pandas:\n    build: ./subgraphs/pandas\n  users:\n    build: ./subgraphs/users\n  serverless:\n    build: ./serverless\n"),
            ("router/Dockerfile", node),
            ("router/index.js", "const gateway = new ApolloGateway();\n"),
            ("router/supergraph.graphql", supergraph),
            ("subgraphs/pandas/Dockerfile", node),
            ("subgraphs/pandas/index.js", "const server = new ApolloServer();\n"),
            ("subgraphs/pandas/pandas.graphqls", subgraph),
            ("subgraphs/users/Dockerfile", node),
            ("subgraphs/users/index.js", "const server = new ApolloServer();\n"),
            ("subgraphs/users/users.graphql", subgraph),
            ("serverless/Dockerfile", node),
            ("serverless/index.js", "const gateway = new ApolloGateway();\n"),
            ("serverless/supergraph.graphql", local),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:pandas repo="supergraph" root="subgraphs/pandas"
    component:router repo="supergraph" root="router"
    component:serverless repo="supergraph" root="serverless"
    component:users repo="supergraph" root="subgraphs/users"
    component:router -depends_on-> component:pandas
    component:router -depends_on-> component:users
    "#);
}
