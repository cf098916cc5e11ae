//! Dapr pub/sub as xshopai's service repos write it: declarative subscriptions beside each
//! service, programmatic ones answered at `/dapr/subscribe`, and publishers wrapping the SDK
//! that name the topic first.

mod support;

use support::{org, summary};

const NODE: &str = "FROM node:20\nCOPY . .\n";

/// One subscription document of `.dapr/components/subscriptions.yaml`.
fn subscription(topic: &str, scopes: &[&str]) -> String {
    let scopes = if scopes.is_empty() { String::new() } else { format!("scopes:\n{}", scopes.iter().map(|app| format!("  - {app}\n")).collect::<String>()) };
    format!("apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: {topic}-subscription\nspec:\n  topic: {topic}\n  routes:\n    default: /events/{topic}\n  pubsubname: pubsub\n{scopes}")
}

/// xshopai: order-service publishes through its own provider (`PublishEventAsync("order.created",
/// evt, id)`, a file that never names Dapr); payment-service's subscriptions are scoped to it,
/// inventory-service's (v1alpha1) are not, so they are the repo's own service's. The near miss:
/// user-service publishes `user.created` where notification-service subscribes to
/// `user.user.created`, and a `kind: Component` naming a topic in its metadata subscribes no one.
#[test]
fn declarative_subscriptions_subscribe_their_scoped_apps_or_the_repos_service() {
    let order = "public class OrderService {\n    public async Task Cancel(Order order) {\n        await _messagingProvider.PublishEventAsync(\n            \"order.cancelled\",\n            evt,\n            correlationId);\n        await _messagingProvider.PublishEventAsync(\"order.created\", created, correlationId);\n    }\n}\n";
    let payment = [subscription("order.created", &["payment-service"]), subscription("payment.refund", &["payment-service"])].join("---\n");
    let inventory = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: order-cancelled\nspec:\n  topic: order.cancelled\n  route: /events/order.cancelled\n  pubsubname: pubsub\n";
    let user = "export async function publishUserCreated(user) {\n  await provider.publishEvent('user.created', eventData, traceId);\n}\n";
    let component = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: pubsub.rabbitmq\n  metadata:\n  - name: topic\n    value: user.created\nscopes:\n  - notification-service\n";
    let resolved = org(&[
        ("order-service", &[("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app\n"), ("OrderService.Core/Services/OrderService.cs", order)]),
        ("payment-service", &[("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app\n"), (".dapr/components/subscriptions.yaml", &payment)]),
        ("inventory-service", &[("Dockerfile", "FROM python:3.12\nCOPY . .\n"), (".dapr/components/subscriptions.yaml", inventory)]),
        ("user-service", &[("Dockerfile", NODE), ("src/events/publisher.js", user)]),
        (
            "notification-service",
            &[("Dockerfile", NODE), (".dapr/components/subscriptions.yaml", &subscription("user.user.created", &["notification-service"])), (".dapr/components/pubsub.yaml", component)],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:inventory-service repo="inventory-service" root=""
    component:notification-service repo="notification-service" root=""
    component:order-service repo="order-service" root=""
    component:payment-service repo="payment-service" root=""
    component:user-service repo="user-service" root=""
    component:order-service -depends_on-> component:inventory-service
    component:order-service -depends_on-> component:payment-service
    "#);
}

/// xshopai's publishers in Java, Python and JavaScript: a wrapper called with the topic first
/// (`publishEvent("payment.refund", event)` beside the SDK's `daprClient.publishEvent(pubsubName,
/// topic, ..)` it wraps). The SDK's own order names the component first: `publishEvent("pubsub",
/// topic, data)` and `publishEvent("messagebus", topicName, data)` publish to no topic called
/// `pubsub` or `messagebus`, whoever subscribes to one.
#[test]
fn a_wrapper_publishes_to_the_topic_it_is_called_with_first() {
    let java = "import io.dapr.client.DaprClient;\npublic class DaprEventPublisher {\n    public void publishEvent(String topic, Object event) {\n        daprClient.publishEvent(pubsubName, topic, event).block();\n    }\n    public void publishPaymentRefund(Object event) {\n        publishEvent(\"payment.refund\", event);\n    }\n}\n";
    let python = "class InventoryEventPublisher:\n    def publish_event(self, event_type, data, correlation_id=None):\n        return self.provider.publish_event(topic=event_type, event_data=data)\n\n    def publish_reservation_failed(self, order_id):\n        return self.publish_event(\"inventory.failed\", {\"orderId\": order_id}, None)\n";
    let sdk = "import { DaprClient } from '@dapr/dapr';\nexport async function publish(topic, data) {\n  await client.publishEvent('pubsub', topic, data);\n  await bus.publishEvent('messagebus', topicName, data);\n}\n";
    let subscriptions = [subscription("payment.refund", &["payment-service"]), subscription("pubsub", &["payment-service"]), subscription("messagebus", &["payment-service"])].join("---\n");
    let resolved = org(&[
        ("order-processor-service", &[("Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"), ("src/main/java/shop/DaprEventPublisher.java", java)]),
        ("inventory-service", &[("Dockerfile", "FROM python:3.12\nCOPY . .\n"), ("src/utils/event_publisher.py", python)]),
        ("audit-service", &[("Dockerfile", NODE), ("src/publisher.js", sdk)]),
        ("payment-service", &[("Dockerfile", NODE), (".dapr/components/subscriptions.yaml", &subscriptions)]),
        ("saga-service", &[("Dockerfile", NODE), (".dapr/components/subscriptions.yaml", &subscription("inventory.failed", &[]))]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-service repo="audit-service" root=""
    component:inventory-service repo="inventory-service" root=""
    component:order-processor-service repo="order-processor-service" root=""
    component:payment-service repo="payment-service" root=""
    component:saga-service repo="saga-service" root=""
    component:inventory-service -depends_on-> component:saga-service
    component:order-processor-service -depends_on-> component:payment-service
    "#);
}

/// xshopai's notification-service answers Dapr's `/dapr/subscribe` with its `SUBSCRIPTIONS`
/// array, and routes events it takes over RabbitMQ by `TOPIC_HANDLERS[topic]`. The near misses,
/// each naming a topic another service publishes: the same array in a file answering no
/// `/dapr/subscribe`, and a table of handlers looked up by an action rather than a topic.
#[test]
fn programmatic_subscriptions_and_a_table_of_topic_handlers_subscribe() {
    let auth = "import { publishEvent } from '../clients/dapr.service.client.js';\nexport async function register(req, res) {\n  await publishEvent('auth.user.registered', { userId: user.id });\n  await publishEvent('auth.login', { userId: user.id });\n}\n";
    let user = "export async function publishUserCreated(user) {\n  await provider.publishEvent('user.created', eventData, traceId);\n  await provider.publishEvent('user.deleted', eventData, traceId);\n}\n";
    let review = "class EventPublisher {\n  async created(review) { return this.provider.publishEvent('review.created', cloudEvent, traceId); }\n  async approved(review) { return this.provider.publishEvent('review.approved', cloudEvent, traceId); }\n}\n";
    let routes = "const SUBSCRIPTIONS = [\n  { pubsubname: 'pubsub', topic: 'auth.user.registered', route: '/events/auth.user.registered' },\n];\nrouter.get('/dapr/subscribe', (_req: Request, res: Response) => {\n  res.json(SUBSCRIPTIONS);\n});\n";
    let router = "const TOPIC_HANDLERS: Record<string, (event: CloudEvent) => Promise<void>> = {\n  'user.created': async (event) => eventsController.handleUserCreated({ body: event } as any, createMockResponse()),\n};\nexport async function routeEvent(event: CloudEvent) {\n  let topic = event.type;\n  const handler = TOPIC_HANDLERS[topic];\n  await handler(event);\n}\n";
    let unanswered = "export const SUBSCRIPTIONS = [\n  { pubsubname: 'pubsub', topic: 'review.created', route: '/events/review.created' },\n];\n";
    let actions = "const handlers = {\n  'review.approved': onApproved,\n  'user.deleted': onDeleted,\n};\nexport const dispatch = (message) => handlers[message.action](message);\n";
    let resolved = org(&[
        ("auth-service", &[("Dockerfile", NODE), ("src/controllers/auth.controller.js", auth)]),
        ("user-service", &[("Dockerfile", NODE), ("src/events/publisher.js", user)]),
        ("review-service", &[("Dockerfile", NODE), ("src/events/publisher.js", review)]),
        (
            "notification-service",
            &[("Dockerfile", NODE), ("src/routes/dapr.routes.ts", routes), ("src/consumers/event.router.ts", router), ("src/subscriptions.ts", unanswered)],
        ),
        ("admin-service", &[("Dockerfile", NODE), ("src/dispatch.js", actions)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:admin-service repo="admin-service" root=""
    component:auth-service repo="auth-service" root=""
    component:notification-service repo="notification-service" root=""
    component:review-service repo="review-service" root=""
    component:user-service repo="user-service" root=""
    component:auth-service -depends_on-> component:notification-service
    component:user-service -depends_on-> component:notification-service
    "#);
}
