//! Channels read from code, as an unseen system showed (issue #3's evaluation of 2026-12-08):
//! Stephen Grider's ticketing app, a TypeScript monorepo whose services talk over NATS
//! Streaming through one base publisher and one base listener, each event a subclass naming its
//! subject, and whose Kubernetes Deployments are named `auth-depl`, `tickets-depl`.

mod support;

use support::{org, summary};

const NODE: &str = "FROM node:alpine\nWORKDIR /app\nCOPY . .\nCMD [\"npm\", \"start\"]\n";

/// A Kubernetes Deployment and its Service, as ticketing's `infra/k8s/<name>-depl.yaml` hold them.
fn deployment(name: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}-depl\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: stephengrider/{name}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-srv\nspec:\n  selector:\n    app: {name}\n  ports:\n    - port: 3000\n"
    )
}

/// ticketing's services import their client from `node-nats-streaming` (the file's only word
/// naming NATS) and publish with `stan.publish(subject, data, ackHandler)`; NATS.js v2 passes
/// options third: three arguments publish to the first, as two do. In a file using an AMQP client too, three
/// arguments are amqplib's `publish(exchange, routingKey, content)`: `audit` is the exchange,
/// no channel, so the NATS subscriber of `audit` hears nothing from it.
#[test]
fn a_nats_streaming_publish_with_an_ack_handler_publishes_its_subject() {
    let expiration = concat!(
        "import { Stan } from 'node-nats-streaming';\n",
        "export const complete = (stan: Stan, orderId: string) =>\n",
        "  stan.publish('expiration:complete', JSON.stringify({ orderId }), (err) => { if (err) console.error(err); });\n",
    );
    let orders = concat!(
        "import { Message, Stan } from 'node-nats-streaming';\n",
        "export const listen = (stan: Stan) => {\n",
        "  const subscription = stan.subscribe('expiration:complete', 'orders-service', stan.subscriptionOptions());\n",
        "  subscription.on('message', (msg: Message) => msg.ack());\n",
        "};\n",
    );
    let audit = concat!(
        "import { connect } from 'nats';\n",
        "const nc = await connect({ servers: process.env.NATS_URL });\n",
        "nc.subscribe('audit');\n",
    );
    let bridge = concat!(
        "import { connect } from 'nats';\n",
        "import amqp from 'amqplib';\n",
        "const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();\n",
        "channel.publish('audit', 'audit.order', Buffer.from(body));\n",
    );
    let manifests = ["expiration", "orders", "audit", "bridge"].map(deployment).join("---\n");
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/depl.yaml", &manifests),
            ("expiration/Dockerfile", NODE),
            ("expiration/src/index.ts", expiration),
            ("orders/Dockerfile", NODE),
            ("orders/src/index.ts", orders),
            ("audit/Dockerfile", NODE),
            ("audit/src/index.ts", audit),
            ("bridge/Dockerfile", NODE),
            ("bridge/src/index.ts", bridge),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="ticketing" root="audit"
    component:bridge repo="ticketing" root="bridge"
    component:expiration repo="ticketing" root="expiration"
    component:orders repo="ticketing" root="orders"
    component:expiration -depends_on-> component:orders
    "#);
}

/// ticketing's `common` library holds `abstract class Publisher<T>` whose `publish(data)` calls
/// `this.client.publish(this.subject, ..)` and `abstract class Listener<T>` whose `listen()`
/// subscribes to `this.subject`; each service subclasses them once per event, naming the subject
/// by the `Subjects` enum: `class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
/// subject: Subjects.TicketCreated = Subjects.TicketCreated; }`. The subclass publishes (or
/// subscribes to) that subject, from its own service. A mailer's `subject` is none (auth's
/// `WelcomeEmail extends Mailer`), nor is a publisher's subject given by a parameter
/// (`this.subject = subject`), so the notifications listener of `Welcome` hears nobody.
#[test]
fn a_subclass_of_a_base_publisher_or_listener_uses_the_channel_it_names() {
    let base_publisher = concat!(
        "import { Stan } from 'node-nats-streaming';\nimport { Subjects } from './subjects';\n\n",
        "export abstract class Publisher<T extends Event> {\n  abstract subject: T['subject'];\n  protected client: Stan;\n\n",
        "  constructor(client: Stan) {\n    this.client = client;\n  }\n\n",
        "  publish(data: T['data']): Promise<void> {\n    return new Promise((resolve, reject) => {\n",
        "      this.client.publish(this.subject, JSON.stringify(data), (err) => {\n        if (err) {\n          return reject(err);\n        }\n        resolve();\n      });\n    });\n  }\n}\n",
    );
    let base_listener = concat!(
        "import { Message, Stan } from 'node-nats-streaming';\n\n",
        "export abstract class Listener<T extends Event> {\n  abstract subject: T['subject'];\n  abstract queueGroupName: string;\n  private client: Stan;\n\n",
        "  listen() {\n    const subscription = this.client.subscribe(this.subject, this.queueGroupName, this.subscriptionOptions());\n",
        "    subscription.on('message', (msg: Message) => this.onMessage(this.parseMessage(msg), msg));\n  }\n}\n",
    );
    let subjects = "export enum Subjects {\n  TicketCreated = 'ticket:created',\n  OrderCreated = 'order:created',\n}\n";
    let publisher = |class: &str, event: &str| {
        format!(
            "import {{ Publisher, {event}Event, Subjects }} from '@sgtickets/common';\n\nexport class {class} extends Publisher<{event}Event> {{\n  subject: Subjects.{event} = Subjects.{event};\n}}\n"
        )
    };
    let listener = |class: &str, event: &str| {
        format!(
            "import {{ Message }} from 'node-nats-streaming';\nimport {{ Subjects, Listener, {event}Event }} from '@sgtickets/common';\nimport {{ queueGroupName }} from './queue-group-name';\n\nexport class {class} extends Listener<{event}Event> {{\n  subject: Subjects.{event} = Subjects.{event};\n  queueGroupName = queueGroupName;\n\n  async onMessage(data: {event}Event['data'], msg: Message) {{\n    msg.ack();\n  }}\n}}\n"
        )
    };
    let mailer = concat!(
        "import { Mailer } from './mailer';\nimport { Publisher } from '@sgtickets/common';\n\n",
        "export class WelcomeEmail extends Mailer {\n  subject = 'Welcome';\n}\n\n",
        "export class AnyPublisher extends Publisher<AnyEvent> {\n  constructor(client: Stan, subject: Subjects) {\n    super(client);\n    this.subject = subject;\n  }\n}\n",
    );
    let welcome = "import { Listener } from '@sgtickets/common';\n\nexport class WelcomeListener extends Listener<WelcomeEvent> {\n  readonly subject = 'Welcome';\n  queueGroupName = 'notifications';\n}\n";
    let manifests = ["auth", "tickets", "orders", "notifications"].map(deployment).join("---\n");
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/depl.yaml", &manifests),
            ("common/package.json", "{\"name\": \"@sgtickets/common\", \"main\": \"./build/index.js\"}\n"),
            ("common/src/events/base-publisher.ts", base_publisher),
            ("common/src/events/base-listener.ts", base_listener),
            ("common/src/events/subjects.ts", subjects),
            ("auth/Dockerfile", NODE),
            ("auth/src/services/welcome-email.ts", mailer),
            ("tickets/Dockerfile", NODE),
            ("tickets/src/events/publishers/ticket-created-publisher.ts", &publisher("TicketCreatedPublisher", "TicketCreated")),
            ("tickets/src/events/listeners/order-created-listener.ts", &listener("OrderCreatedListener", "OrderCreated")),
            ("orders/Dockerfile", NODE),
            ("orders/src/events/publishers/order-created-publisher.ts", &publisher("OrderCreatedPublisher", "OrderCreated")),
            ("orders/src/events/listeners/ticket-created-listener.ts", &listener("TicketCreatedListener", "TicketCreated")),
            ("notifications/Dockerfile", NODE),
            ("notifications/src/welcome-listener.ts", welcome),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="ticketing" root="auth"
    component:notifications repo="ticketing" root="notifications"
    component:orders repo="ticketing" root="orders"
    component:tickets repo="ticketing" root="tickets"
    component:orders -depends_on-> component:tickets
    component:tickets -depends_on-> component:orders
    "#);
}

/// ticketing names its Deployments `auth-depl`, `client-depl`, `tickets-depl` beside the
/// Services `auth-srv`, `tickets-srv`: `depl` says what kind of object the workload is, as
/// `deployment` does, and comes off the service's name. A name that is only the word, or whose
/// rest is too short to name a service (`db-depl`), keeps it.
#[test]
fn a_deployment_named_with_depl_is_its_service() {
    let manifests = ["auth", "client", "tickets"].map(deployment).join("---\n");
    let short = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db-depl\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: acme/db-tools:1\n";
    let client = "import axios from 'axios';\nexport const load = () => axios.get('http://tickets-srv:3000/api/tickets');\n";
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/depl.yaml", &manifests),
            ("infra/k8s/db-depl.yaml", short),
            ("auth/Dockerfile", NODE),
            ("auth/src/index.ts", "console.log('auth');\n"),
            ("client/Dockerfile", NODE),
            ("client/api/load.js", client),
            ("tickets/Dockerfile", NODE),
            ("tickets/src/index.ts", "console.log('tickets');\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth repo="ticketing" root="auth"
    component:client repo="ticketing" root="client"
    component:db-depl repo=- root=-
    component:tickets repo="ticketing" root="tickets"
    component:client -depends_on-> component:tickets
    "#);
}

/// The course's many clones import `Subjects` with the base classes from their npm package
/// (7binary's micro-ticketing: `import { Publisher, Subjects } from '@azticketing/common'`), so
/// no file of the repo gives `Subjects.OrderCreated` a value: the member's whole name names the
/// channel, as every service naming it names the one subject. A member only one side names
/// (`Subjects.PaymentCreated`, heard by no publisher here) joins nobody.
#[test]
fn a_subject_of_an_enum_the_repo_does_not_declare_is_named_by_the_member() {
    let publisher = |class: &str, event: &str| {
        format!("import {{ Publisher, {event}Event, Subjects }} from '@azticketing/common';\n\nexport class {class} extends Publisher<{event}Event> {{\n  subject: Subjects.{event} = Subjects.{event};\n}}\n")
    };
    let listener = |class: &str, event: &str| {
        format!("import {{ Listener, {event}Event, Subjects }} from '@azticketing/common';\n\nexport class {class} extends Listener<{event}Event> {{\n  readonly subject = Subjects.{event};\n  queueGroupName = 'group';\n}}\n")
    };
    let manifests = ["tickets", "orders", "payments"].map(deployment).join("---\n");
    let package = "{\"name\": \"svc\", \"dependencies\": {\"@azticketing/common\": \"^1.0.5\", \"node-nats-streaming\": \"^0.3.2\"}}\n";
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/depl.yaml", &manifests),
            ("tickets/Dockerfile", NODE),
            ("tickets/package.json", package),
            ("tickets/src/events/listeners/order-created-listener.ts", &listener("OrderCreatedListener", "OrderCreated")),
            ("orders/Dockerfile", NODE),
            ("orders/package.json", package),
            ("orders/src/events/publishers/order-created-publisher.ts", &publisher("OrderCreatedPublisher", "OrderCreated")),
            ("payments/Dockerfile", NODE),
            ("payments/package.json", package),
            ("payments/src/events/listeners/payment-created-listener.ts", &listener("PaymentCreatedListener", "PaymentCreated")),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="ticketing" root="orders"
    component:payments repo="ticketing" root="payments"
    component:tickets repo="ticketing" root="tickets"
    component:orders -depends_on-> component:tickets
    "#);
}

/// micro-ticketing's rebuild holds no Dockerfile: its Deployments are rooted by their names'
/// folders, and the Next.js client's pages are named like the services they show
/// (`client/pages/orders/index.js` calls `/api/orders`). Those folders are the client's code,
/// not the orders service's, so the client's calls are its own. A service whose only folder
/// lies inside another's (`payments`, rooted nowhere else) keeps it.
#[test]
fn a_folder_named_like_a_service_inside_another_services_root_is_the_others() {
    let manifests = ["client", "orders", "tickets", "payments"].map(deployment).join("---\n");
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ingress-service\nspec:\n  rules:\n    - host: ticketing.dev\n      http:\n        paths:\n          - path: /api/orders/?(.*)\n            pathType: Prefix\n            backend:\n              service:\n                name: orders-srv\n                port:\n                  number: 3000\n          - path: /api/tickets/?(.*)\n            pathType: Prefix\n            backend:\n              service:\n                name: tickets-srv\n                port:\n                  number: 3000\n          - path: /?(.*)\n            pathType: Prefix\n            backend:\n              service:\n                name: client-srv\n                port:\n                  number: 3000\n";
    let orders_page = "const OrderIndex = ({ orders }) => <ul>{orders.map((o) => <li key={o.id}>{o.id}</li>)}</ul>;\n\nOrderIndex.getInitialProps = async (context, client) => {\n  const { data } = await client.get('/api/orders');\n  return { orders: data };\n};\n\nexport default OrderIndex;\n";
    let tickets_page = "const TicketShow = ({ ticket }) => <h1>{ticket.title}</h1>;\n\nTicketShow.getInitialProps = async (context, client) => {\n  const { data } = await client.get(`/api/tickets/${context.query.ticketId}`);\n  return { ticket: data };\n};\n\nexport default TicketShow;\n";
    let orders_routes = "import express from 'express';\nconst router = express.Router();\nrouter.get('/api/orders', async (req, res) => { res.send([]); });\nexport { router as indexOrderRouter };\n";
    let tickets_routes = "import express from 'express';\nconst router = express.Router();\nrouter.get('/api/tickets/:id', async (req, res) => { res.send({}); });\nexport { router as showTicketRouter };\n";
    let resolved = org(&[(
        "ticketing",
        &[
            ("infra/k8s/depl.yaml", &manifests),
            ("infra/k8s/ingress-srv.yaml", ingress),
            ("client/package.json", "{\"name\": \"client\", \"dependencies\": {\"next\": \"^10.0.0\"}}\n"),
            ("client/pages/orders/index.js", orders_page),
            ("client/pages/tickets/[ticketId].js", tickets_page),
            ("client/pages/payments/index.js", "export default () => null;\n"),
            ("orders/package.json", "{\"name\": \"orders\"}\n"),
            ("orders/src/routes/index.ts", orders_routes),
            ("tickets/package.json", "{\"name\": \"tickets\"}\n"),
            ("tickets/src/routes/show.ts", tickets_routes),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:client-depl repo="ticketing" root="client"
    component:orders-depl repo="ticketing" root="orders"
    component:payments-depl repo="ticketing" root="client/pages/payments"
    component:tickets-depl repo="ticketing" root="tickets"
    component:client-depl -depends_on-> component:orders-depl
    component:client-depl -depends_on-> component:tickets-depl
    "#);
}
