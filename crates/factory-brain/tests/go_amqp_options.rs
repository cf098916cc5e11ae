//! Go services meeting on RabbitMQ through a wrapper library configured by functional options:
//! go-coffeeshop's `pkg/rabbitmq/publisher` and `consumer`, and dinhcanh303's go-microservices,
//! whose workers tell deliveries apart by their type.

mod support;

use support::{edge_lines, org, summary};

const DOCKERFILE: &str = "FROM golang:1.21-alpine\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n";

/// A compose file building each of `services` from its folder, beside a RabbitMQ broker.
fn compose(services: &[&str]) -> String {
    let built: String = services.iter().map(|name| format!("  {name}:\n    build: ./{name}\n    environment:\n      RABBITMQ_URL: amqp://guest:guest@rabbitmq:5672/\n")).collect();
    format!("services:\n  rabbitmq:\n    image: rabbitmq:3.11-management-alpine\n{built}")
}

/// A service's `main.go` configuring its publishers and consumer in `prepareApp`.
fn main_go(module: &str, configured: &str) -> String {
    format!(
        "package main\n\nimport (\n\t\"context\"\n\n\t\"{module}/pkg/rabbitmq\"\n\tpkgConsumer \"{module}/pkg/rabbitmq/consumer\"\n\tpkgPublisher \"{module}/pkg/rabbitmq/publisher\"\n)\n\nfunc prepareApp(ctx context.Context, cfg *config.Config) func() {{\n\ta, cleanup, err := app.InitApp(cfg, rabbitmq.RabbitMQConnStr(cfg.RabbitMQ.URL))\n\tif err != nil {{\n\t\tslog.Error(\"failed init app\", err)\n\t}}\n{configured}\n\treturn cleanup\n}}\n"
    )
}

/// A worker ranging over amqp091 deliveries, switching on their type.
fn worker(cases: &[&str]) -> String {
    let cases: String = cases.iter().map(|case| format!("\t\tcase \"{case}\":\n\t\t\terr := a.handle(ctx, delivery.Body)\n\t\t\tcheckLogErr(err, delivery)\n")).collect();
    format!(
        "package app\n\nimport (\n\t\"context\"\n\n\t\"github.com/rabbitmq/amqp091-go\"\n)\n\nfunc (a *App) Worker(ctx context.Context, messages <-chan amqp091.Delivery) {{\n\tfor delivery := range messages {{\n\t\tslog.Info(\"received\", \"delivery_type\", delivery.Type)\n\t\tswitch delivery.Type {{\n{cases}\t\tdefault:\n\t\t\tslog.Info(\"default\")\n\t\t}}\n\t}}\n}}\n"
    )
}

/// The shared library: its options set fields, and its publish call holds only those fields.
const PUBLISHER_LIBRARY: &str = "package publisher\n\nimport (\n\tamqp \"github.com/rabbitmq/amqp091-go\"\n)\n\ntype Option func(*publisher)\n\nfunc ExchangeName(exchangeName string) Option {\n\treturn func(p *publisher) { p.exchangeName = exchangeName }\n}\n\nfunc BindingKey(bindingKey string) Option {\n\treturn func(p *publisher) { p.bindingKey = bindingKey }\n}\n\nfunc (p *publisher) Publish(ctx context.Context, body []byte, contentType string) error {\n\treturn p.amqpChan.PublishWithContext(ctx, p.exchangeName, p.bindingKey, false, false, amqp.Publishing{ContentType: contentType, Type: p.messageTypeName, Body: body})\n}\n";

/// go-coffeeshop: counter publishes barista and kitchen orders, each configured by its exchange,
/// binding key and message type, which the barista and kitchen consumers bind by the same
/// exchange and key; both publish their updates to `counter-order-exchange`, whose consumer in
/// counter binds `counter-order-routing-key`. Near misses join no one: reporting's consumer binds
/// the shared counter exchange under its own key (`reporting-routing-key`), and its test binds
/// barista's key; mailer's job-queue client over HTTP takes a `QueueName` option naming
/// kitchen's key in a file naming no RabbitMQ.
#[test]
fn functional_options_of_publishers_and_consumers_join_on_their_binding_keys() {
    let module = "github.com/thangchung/go-coffeeshop";
    let counter = main_go(
        module,
        "\ta.BaristaOrderPub.Configure(\n\t\tpkgPublisher.ExchangeName(\"barista-order-exchange\"),\n\t\tpkgPublisher.BindingKey(\"barista-order-routing-key\"),\n\t\tpkgPublisher.MessageTypeName(\"barista-order-created\"),\n\t)\n\ta.KitchenOrderPub.Configure(\n\t\tpkgPublisher.ExchangeName(\"kitchen-order-exchange\"),\n\t\tpkgPublisher.BindingKey(\"kitchen-order-routing-key\"),\n\t\tpkgPublisher.MessageTypeName(\"kitchen-order-created\"),\n\t)\n\ta.Consumer.Configure(\n\t\tpkgConsumer.ExchangeName(\"counter-order-exchange\"),\n\t\tpkgConsumer.QueueName(\"counter-order-queue\"),\n\t\tpkgConsumer.BindingKey(\"counter-order-routing-key\"),\n\t\tpkgConsumer.ConsumerTag(\"counter-order-consumer\"),\n\t)\n",
    );
    let maker = |name: &str| {
        main_go(
            module,
            &format!(
                "\ta.CounterOrderPub.Configure(\n\t\tpkgPublisher.ExchangeName(\"counter-order-exchange\"),\n\t\tpkgPublisher.BindingKey(\"counter-order-routing-key\"),\n\t\tpkgPublisher.MessageTypeName(\"{name}-order-updated\"),\n\t)\n\ta.Consumer.Configure(\n\t\tpkgConsumer.ExchangeName(\"{name}-order-exchange\"),\n\t\tpkgConsumer.QueueName(\"{name}-order-queue\"),\n\t\tpkgConsumer.BindingKey(\"{name}-order-routing-key\"),\n\t\tpkgConsumer.ConsumerTag(\"{name}-order-consumer\"),\n\t)\n"
            ),
        )
    };
    let (barista, kitchen) = (maker("barista"), maker("kitchen"));
    let reporting = main_go(module, "\ta.Consumer.Configure(\n\t\tpkgConsumer.ExchangeName(\"counter-order-exchange\"),\n\t\tpkgConsumer.QueueName(\"reporting-queue\"),\n\t\tpkgConsumer.BindingKey(\"reporting-routing-key\"),\n\t)\n");
    let reporting_test = "package main\n\nimport (\n\t\"testing\"\n\n\tpkgConsumer \"github.com/thangchung/go-coffeeshop/pkg/rabbitmq/consumer\"\n)\n\nfunc TestConsumer(t *testing.T) {\n\tc.Configure(pkgConsumer.ExchangeName(\"barista-order-exchange\"), pkgConsumer.BindingKey(\"barista-order-routing-key\"))\n}\n";
    let mailer = "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/acme/httpqueue/subscriber\"\n)\n\nfunc main() {\n\tclient := subscriber.New(http.DefaultClient, subscriber.QueueName(\"kitchen-order-routing-key\"), subscriber.BaseURL(\"http://queue.example.com\"))\n\tclient.Run()\n}\n";
    let compose = compose(&["counter", "barista", "kitchen", "reporting", "mailer"]);
    let resolved = org(&[(
        "go-coffeeshop",
        &[
            ("docker-compose.yaml", &compose),
            ("go.mod", "module github.com/thangchung/go-coffeeshop\n\ngo 1.21\n"),
            ("pkg/rabbitmq/publisher/publisher.go", PUBLISHER_LIBRARY),
            ("counter/Dockerfile", DOCKERFILE),
            ("counter/main.go", &counter),
            ("counter/app/app.go", &worker(&["barista-order-updated", "kitchen-order-updated"])),
            ("barista/Dockerfile", DOCKERFILE),
            ("barista/main.go", &barista),
            ("barista/app/app.go", &worker(&["barista-order-created"])),
            ("kitchen/Dockerfile", DOCKERFILE),
            ("kitchen/main.go", &kitchen),
            ("reporting/Dockerfile", DOCKERFILE),
            ("reporting/main.go", &reporting),
            ("reporting/main_test.go", reporting_test),
            ("mailer/Dockerfile", DOCKERFILE),
            ("mailer/main.go", mailer),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:barista repo="go-coffeeshop" root="barista"
    component:counter repo="go-coffeeshop" root="counter"
    component:kitchen repo="go-coffeeshop" root="kitchen"
    component:mailer repo="go-coffeeshop" root="mailer"
    component:reporting repo="go-coffeeshop" root="reporting"
    resource:rabbitmq repo=- root=-
    component:barista -depends_on-> component:counter
    component:counter -depends_on-> component:barista
    component:counter -depends_on-> component:kitchen
    component:kitchen -depends_on-> component:counter
    "#);
    insta::assert_snapshot!(edge_lines(&resolved, &["publishes", "subscribes"]).join("\n"), @r#"
    component:barista -publishes-> channel:barista-order-updated  [inferred 0.8 go-coffeeshop@SHA:barista/main.go#L19]
    component:barista -publishes-> channel:counter-order-exchange  [inferred 0.8 go-coffeeshop@SHA:barista/main.go#L17]
    component:barista -publishes-> channel:counter-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:barista/main.go#L18]
    component:barista -subscribes-> channel:barista-order-created  [inferred 0.8 go-coffeeshop@SHA:barista/app/app.go#L13]
    component:barista -subscribes-> channel:barista-order-queue  [inferred 0.8 go-coffeeshop@SHA:barista/main.go#L23]
    component:barista -subscribes-> channel:barista-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:barista/main.go#L24]
    component:counter -publishes-> channel:barista-order-created  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L19]
    component:counter -publishes-> channel:barista-order-exchange  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L17]
    component:counter -publishes-> channel:barista-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L18]
    component:counter -publishes-> channel:kitchen-order-created  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L24]
    component:counter -publishes-> channel:kitchen-order-exchange  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L22]
    component:counter -publishes-> channel:kitchen-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L23]
    component:counter -subscribes-> channel:barista-order-updated  [inferred 0.8 go-coffeeshop@SHA:counter/app/app.go#L13]
    component:counter -subscribes-> channel:counter-order-queue  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L28]
    component:counter -subscribes-> channel:counter-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:counter/main.go#L29]
    component:counter -subscribes-> channel:kitchen-order-updated  [inferred 0.8 go-coffeeshop@SHA:counter/app/app.go#L16]
    component:kitchen -publishes-> channel:counter-order-exchange  [inferred 0.8 go-coffeeshop@SHA:kitchen/main.go#L17]
    component:kitchen -publishes-> channel:counter-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:kitchen/main.go#L18]
    component:kitchen -publishes-> channel:kitchen-order-updated  [inferred 0.8 go-coffeeshop@SHA:kitchen/main.go#L19]
    component:kitchen -subscribes-> channel:kitchen-order-queue  [inferred 0.8 go-coffeeshop@SHA:kitchen/main.go#L23]
    component:kitchen -subscribes-> channel:kitchen-order-routing-key  [inferred 0.8 go-coffeeshop@SHA:kitchen/main.go#L24]
    component:reporting -subscribes-> channel:reporting-queue  [inferred 0.8 go-coffeeshop@SHA:reporting/main.go#L18]
    component:reporting -subscribes-> channel:reporting-routing-key  [inferred 0.8 go-coffeeshop@SHA:reporting/main.go#L19]
    "#);
}

/// dinhcanh303's go-microservices: post and comment publish `post-noti` and `comment-noti` to
/// exchanges of their own, while notification binds `noti-exchange`; its worker's switch on
/// `delivery.Type` handles both types, so they meet on the message type. Auth publishes
/// `auth-created` to `search-exchange`, whose consumer in search is commented out, and search's
/// worker handles other types (`users-changed`): no edge.
#[test]
fn a_workers_switch_on_delivery_types_joins_the_publishers_of_each_type() {
    let module = "github.com/dinhcanh303/go-microservices";
    let publisher = |name: &str, exchange: &str, key: &str, kind: &str| {
        main_go(module, &format!("\ta.{name}.Configure(\n\t\tpublisher.ExChangeName(\"{exchange}\"),\n\t\tpublisher.BindingKey(\"{key}\"),\n\t\tpublisher.MessageTypeName(\"{kind}\"),\n\t)\n")).replace("pkgPublisher \"", "\"")
    };
    let post = publisher("NotiPub", "post-noti-exchange", "post-noti-routing-key", "post-noti");
    let comment = publisher("NotiPub", "comment-noti-exchange", "comment-noti-routing-key", "comment-noti");
    let auth = publisher("UserCreatedPub", "search-exchange", "search-routing-key", "auth-created");
    let notification = main_go(module, "\ta.Consumer.Configure(\n\t\tconsumer.ExChangeName(\"noti-exchange\"),\n\t\tconsumer.QueueName(\"noti-queue\"),\n\t\tconsumer.BindingKey(\"noti-routing-key\"),\n\t\tconsumer.ConsumerTag(\"noti-consumer\"),\n\t)\n\tgo a.Consumer.StartConsumer(a.Worker)\n").replace("pkgConsumer \"", "\"");
    let search = main_go(module, "\t// a.Consumer.Configure(\n\t// \tconsumer.ExChangeName(\"search-exchange\"),\n\t// \tconsumer.QueueName(\"search-queue\"),\n\t// \tconsumer.BindingKey(\"search-routing-key\"),\n\t// )\n").replace("pkgConsumer \"", "\"");
    let compose = compose(&["post", "comment", "auth", "notification", "search"]);
    let resolved = org(&[(
        "go-microservices",
        &[
            ("docker-compose.yaml", &compose),
            ("go.mod", "module github.com/dinhcanh303/go-microservices\n\ngo 1.21\n"),
            ("post/Dockerfile", DOCKERFILE),
            ("post/main.go", &post),
            ("comment/Dockerfile", DOCKERFILE),
            ("comment/main.go", &comment),
            ("auth/Dockerfile", DOCKERFILE),
            ("auth/main.go", &auth),
            ("notification/Dockerfile", DOCKERFILE),
            ("notification/main.go", &notification),
            ("notification/app/app.go", &worker(&["post-noti", "comment-noti", "like-noti"])),
            ("search/Dockerfile", DOCKERFILE),
            ("search/main.go", &search),
            ("search/app/app.go", &worker(&["users-changed", "groups-changed"])),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="go-microservices" root="auth"
    component:comment repo="go-microservices" root="comment"
    component:notification repo="go-microservices" root="notification"
    component:post repo="go-microservices" root="post"
    component:search repo="go-microservices" root="search"
    resource:rabbitmq repo=- root=-
    component:comment -depends_on-> component:notification
    component:post -depends_on-> component:notification
    "#);
}
