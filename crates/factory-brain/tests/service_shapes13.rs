//! What a Kubernetes container is started with: addresses in its `command` and `args`.

mod support;

use support::{org, summary};

fn deployment(name: &str, image: &str, args: &str) -> String {
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: {name}\n        image: {image}\n{args}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: {name}\n  ports:\n  - port: 7000\n")
}

/// BuoyantIO's booksapp: the traffic generator is told its target only by its arguments,
/// `args: ["-initial-delay=30s", "webapp:7000"]`, and the code reads `flag.Arg(0)`. An address
/// in a flag (`--authors=http://authors:7001`, `-Dspring.datasource.url=jdbc:mysql://..`) names
/// its host too; a bind address (`--bind=0.0.0.0:7000`), a port (`--port=7000`), a file and a
/// bare word name no one.
#[test]
fn an_address_a_container_is_started_with_is_a_dependency() {
    let manifests = [
        deployment("traffic", "buoyantio/booksapp-traffic:v0.0.3", "        args:\n        - \"-initial-delay=30s\"\n        - \"webapp:7000\"\n"),
        deployment(
            "webapp",
            "buoyantio/booksapp:v0.0.3",
            "        command: [\"bundle\", \"exec\", \"rackup\", \"--bind=0.0.0.0:7000\", \"--port=7000\", \"-c\", \"config/webapp.ru\", \"books\"]\n        args: [\"--authors=http://authors:7001\"]\n",
        ),
        deployment("authors", "buoyantio/booksapp:v0.0.3", "        args: [\"sh\", \"-c\", \"java -Dspring.datasource.url=jdbc:mysql://mysql:3306/booksapp -jar app.jar\"]\n"),
        deployment("books", "buoyantio/booksapp:v0.0.3", ""),
        deployment("mysql", "mysql:5.7", ""),
    ]
    .join("---\n");
    let resolved = org(&[("booksapp", &[("booksapp.yml", manifests.as_str())])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:authors repo=- root=-
    component:books repo=- root=-
    component:traffic repo=- root=-
    component:webapp repo=- root=-
    resource:mysql repo=- root=-
    component:traffic -depends_on-> component:webapp
    component:webapp -depends_on-> component:authors
    "#);
    let mysql = support::edge_lines(&resolved, &["depends_on"]).into_iter().filter(|line| line.contains("resource:mysql")).collect::<Vec<_>>();
    assert_eq!(mysql.len(), 1, "the JDBC URL in a shell command names the database: {mysql:?}");
}

/// booksapp builds one image from its root Dockerfile and runs it as three Deployments told
/// apart only by `args: ["prod:webapp"]`: the repo's code is none of theirs in particular, so
/// `books` (`booksapp` less the suffix `app`) does not take it, routes and all.
#[test]
fn a_workload_running_an_image_others_run_too_does_not_take_the_component_named_like_it() {
    let manifests = ["webapp", "authors", "books"]
        .iter()
        .map(|name| deployment(name, "buoyantio/booksapp:v0.0.3", &format!("        args: [\"prod:{name}\"]\n")))
        .collect::<Vec<_>>()
        .join("---\n");
    let webapp = "require 'sinatra'\nget '/books' do\n  'ok'\nend\n";
    let resolved = org(&[("booksapp", &[("Dockerfile", "FROM ruby:2.7\nCOPY . /app\n"), ("webapp.rb", webapp), ("k8s/booksapp.yml", manifests.as_str())])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:authors repo=- root=-
    component:books repo=- root=-
    component:booksapp repo="booksapp" root=""
    component:webapp repo=- root=-
    "#);
}

/// booksapp's `mysql-init` is a Kubernetes Job running the app's own image to migrate the
/// schema (`bundle exec rake db:migrate`): a task that runs to completion, no service. A
/// CronJob (`nightly-report`) runs again and again, as a service's work does, and stays one.
#[test]
fn a_job_is_a_task_not_a_service() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: mysql-init\nspec:\n  template:\n    spec:\n      containers:\n      - name: mysql-init\n        image: buoyantio/booksapp:v0.0.3\n        command: [\"/bin/sh\", \"-c\", \"bundle exec rake db:migrate\"]\n      restartPolicy: Never\n";
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly-report\nspec:\n  schedule: \"0 2 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: report\n            image: acme/report:1\n";
    let resolved = org(&[("booksapp", &[("k8s/mysql-init.yml", job), ("k8s/report.yml", cron), ("k8s/webapp.yml", deployment("webapp", "buoyantio/booksapp:v0.0.3", "").as_str())])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:nightly-report repo=- root=-
    component:webapp repo=- root=-
    resource:mysql-init repo=- root=-
    "#);
}

/// The same in compose: booksapp's traffic generator run by compose takes its target in
/// `command:` (a list, or one string), and a flag's URL names its host; a bind address, a
/// port and `app:app` (gunicorn's module and callable) name no one.
#[test]
fn an_address_a_compose_service_is_started_with_is_a_dependency() {
    let compose = "services:\n  traffic:\n    image: buoyantio/booksapp-traffic:v0.0.3\n    command: [\"-initial-delay=30s\", \"webapp:7000\"]\n  webapp:\n    image: buoyantio/booksapp:v0.0.3\n    command: gunicorn -b 0.0.0.0:7000 --authors=http://authors:7001 app:app\n  authors:\n    image: buoyantio/booksapp:v0.0.3\n    entrypoint: [\"prod:authors\"]\n";
    let resolved = org(&[("booksapp", &[("docker-compose.yml", compose)])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:authors repo=- root=-
    component:traffic repo=- root=-
    component:webapp repo=- root=-
    component:traffic -depends_on-> component:webapp
    component:webapp -depends_on-> component:authors
    "#);
}
