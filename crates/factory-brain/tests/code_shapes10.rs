//! Channels code names one step away from the call that sends: a Go Kafka message's topic held
//! by a variable or a parameter, a topic stored with an outbox's message for a relay to send,
//! and Go services on a bus that routes messages by their type's name.

mod support;

use support::{org, summary};

const GO_DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /svc ./cmd/server\nCMD [\"/svc\"]\n";
const JAVA_DOCKERFILE: &str = "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n";

/// A ticketing system's Go services over Kafka (grpc-polyglot-ticketing): the ticket service's
/// exported `PublishTicketCreated` hands its topic constant to a private `publish(ctx, topic,
/// ..)`, whose `kafka.Message` takes `Topic: &topic`; the expiration service imports
/// confluent-kafka-go as `confluent` and copies its constant to a local first
/// (`topic := TopicExpirationComplete`); a venue service writes with segmentio's kafka-go,
/// imported as `kgo`, from a private `write(ctx, topic, ..)`. All meet the order service's
/// `@KafkaListener`. A dead-letter topic built at run time (`sourceTopic + ".dlq"`, though the
/// file's call passes `TopicTicketAudit`) and an exported `Publish(topic string, ..)` that no
/// call of its file passes a topic name nothing: the listener of `tickets.audit` and
/// `tickets.audit.dlq` is joined to no one.
#[test]
fn a_go_kafka_topic_held_by_a_variable_or_a_parameter() {
    let tickets = "package kafka\n\nimport (\n\t\"context\"\n\n\t\"github.com/confluentinc/confluent-kafka-go/v2/kafka\"\n)\n\n// TopicTicketCreated is the Kafka topic for ticket creation events.\nconst TopicTicketCreated = \"tickets.ticket.created\"\n\nconst TopicTicketAudit = \"tickets.audit\"\n\ntype Producer struct{ p *kafka.Producer }\n\nfunc (p *Producer) PublishTicketCreated(ctx context.Context, data TicketEventData) error {\n\treturn p.publish(ctx, TopicTicketCreated, data.ID, data)\n}\n\nfunc (p *Producer) retryAudit(ctx context.Context, key, payload []byte) error {\n\treturn p.PublishToDLQ(ctx, TopicTicketAudit, key, payload)\n}\n\nfunc (p *Producer) PublishToDLQ(ctx context.Context, sourceTopic string, key, payload []byte) error {\n\tdlqTopic := sourceTopic + \".dlq\"\n\treturn p.p.Produce(&kafka.Message{\n\t\tTopicPartition: kafka.TopicPartition{Topic: &dlqTopic, Partition: kafka.PartitionAny},\n\t\tValue:          payload,\n\t}, nil)\n}\n\nfunc (p *Producer) publish(ctx context.Context, topic, partitionKey string, data interface{}) error {\n\tpayload, _ := json.Marshal(data)\n\treturn p.p.Produce(&kafka.Message{\n\t\tTopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},\n\t\tKey:            []byte(partitionKey),\n\t\tValue:          payload,\n\t}, nil)\n}\n\n// Publish sends a raw message to the given topic.\nfunc (p *Producer) Publish(topic string, value []byte) error {\n\treturn p.p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}, nil)\n}\n";
    let expiration = "package kafka\n\nimport (\n\t\"context\"\n\n\tconfluent \"github.com/confluentinc/confluent-kafka-go/v2/kafka\"\n)\n\nconst TopicExpirationComplete = \"expiration.order.expiration_complete\"\n\ntype Producer struct{ p *confluent.Producer }\n\nfunc (p *Producer) PublishExpirationComplete(ctx context.Context, orderID string) error {\n\tpayload := []byte(orderID)\n\ttopic := TopicExpirationComplete\n\terr := p.p.Produce(&confluent.Message{\n\t\tTopicPartition: confluent.TopicPartition{Topic: &topic, Partition: confluent.PartitionAny},\n\t\tKey:            []byte(orderID),\n\t\tValue:          payload,\n\t}, nil)\n\treturn err\n}\n";
    let seats = "package events\n\nimport (\n\t\"context\"\n\n\tkgo \"github.com/segmentio/kafka-go\"\n)\n\nconst TopicSeatHeld = \"venue.seat.held\"\n\ntype Writer struct{ w *kgo.Writer }\n\nfunc (w *Writer) Held(ctx context.Context, id string) error {\n\treturn w.write(ctx, TopicSeatHeld, []byte(id))\n}\n\nfunc (w *Writer) write(ctx context.Context, topic string, value []byte) error {\n\treturn w.w.WriteMessages(ctx, kgo.Message{Topic: topic, Value: value})\n}\n";
    let listener = "package com.acme.orders.kafka;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class EventConsumer {\n    @KafkaListener(topics = {\"tickets.ticket.created\", \"expiration.order.expiration_complete\", \"venue.seat.held\"})\n    public void on(String message) {}\n}\n";
    let audit = "package com.acme.audit;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class AuditConsumer {\n    @KafkaListener(topics = {\"tickets.audit\", \"tickets.audit.dlq\"})\n    public void on(String message) {}\n}\n";
    let resolved = org(&[(
        "mono",
        &[
            ("services/ticket-service/Dockerfile", GO_DOCKERFILE),
            ("services/ticket-service/go.mod", "module github.com/acme/ticket-service\n\ngo 1.22\n"),
            ("services/ticket-service/internal/kafka/producer.go", tickets),
            ("services/expiration-service/Dockerfile", GO_DOCKERFILE),
            ("services/expiration-service/go.mod", "module github.com/acme/expiration-service\n\ngo 1.22\n"),
            ("services/expiration-service/internal/kafka/kafka.go", expiration),
            ("services/venue-service/Dockerfile", GO_DOCKERFILE),
            ("services/venue-service/go.mod", "module github.com/acme/venue-service\n\ngo 1.22\n"),
            ("services/venue-service/internal/events/writer.go", seats),
            ("services/order-service/Dockerfile", JAVA_DOCKERFILE),
            ("services/order-service/pom.xml", "<project><artifactId>order-service</artifactId></project>\n"),
            ("services/order-service/src/main/java/com/acme/orders/kafka/EventConsumer.java", listener),
            ("services/audit-service/Dockerfile", JAVA_DOCKERFILE),
            ("services/audit-service/pom.xml", "<project><artifactId>audit-service</artifactId></project>\n"),
            ("services/audit-service/src/main/java/com/acme/audit/AuditConsumer.java", audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-service repo="mono" root="services/audit-service"
    component:expiration-service repo="mono" root="services/expiration-service"
    component:order-service repo="mono" root="services/order-service"
    component:ticket-service repo="mono" root="services/ticket-service"
    component:venue-service repo="mono" root="services/venue-service"
    component:expiration-service -depends_on-> component:order-service
    component:ticket-service -depends_on-> component:order-service
    component:venue-service -depends_on-> component:order-service
    "#);
}

/// The same system's Java order service writes each event to an outbox table in the order's
/// transaction (`writeOutbox("orders.order.created", id, event)`, a helper building
/// `new OutboxMessage(topic, json, key)`, its call long enough to build the whole event), and a
/// relay sends each saved message to its stored topic (`new ProducerRecord<>(msg.getTopic(),
/// ..)` of `OutboxMessage msg`); the payment and attendance services subscribe. The audit repo
/// saves `new AuditEntry(topic, ..)` the same way, but nothing of its repo sends an entry's
/// topic, and the order service's `new Notice(topic, ..)` is a type its relay does not send:
/// neither `audit.entries` nor `orders.order.reminder` joins anyone to the reporting service
/// that listens there.
#[test]
fn a_topic_stored_in_an_outbox_is_published_where_a_relay_sends_it() {
    let service = "package com.acme.orders.service;\n\nimport com.acme.orders.entity.OutboxMessage;\n\n@Service\npublic class OrderService {\n    private final OutboxRepository outboxRepository;\n\n    @Transactional\n    public Order create(CreateOrderRequest request) {\n        Order order = orderRepository.save(new Order(request));\n        writeOutbox(\"orders.order.created\", order.getId().toString(), new OrderCreatedEvent(order.getId().toString(), order.getUserId().toString()));\n        return order;\n    }\n\n    @Transactional\n    public void markComplete(UUID orderId) {\n        orderRepository.findById(orderId).ifPresent(order -> {\n            order.setStatus(OrderStatus.COMPLETE);\n            writeOutbox(\"orders.order.completed\", order.getId().toString(),\n                    new OrderCompletedEvent(\n                            order.getId().toString(),\n                            order.getUserId().toString(),\n                            order.getTicket().getId().toString(),\n                            order.getReservationId() != null ? order.getReservationId().toString() : null,\n                            order.getSeats().stream().map(seat -> seat.getSeatId().toString()).collect(Collectors.toList()),\n                            order.getTicket().getTitle(),\n                            order.getTicket().getPrice(),\n                            order.getCreatedAt().toString(),\n                            order.getVersion()\n                    ));\n        });\n    }\n\n    public void remind(Order order) {\n        saveNotice(\"orders.order.reminder\", order.getId().toString());\n    }\n\n    private void saveNotice(String topic, String body) {\n        noticeRepository.save(new Notice(topic, body));\n    }\n\n    private void writeOutbox(String topic, String partitionKey, Object payload) {\n        try {\n            String json = objectMapper.writeValueAsString(payload);\n            outboxRepository.save(new OutboxMessage(\n                    topic,\n                    json,\n                    partitionKey\n            ));\n        } catch (JacksonException e) {\n            throw new IllegalStateException(\"Failed to serialise outbox payload\", e);\n        }\n    }\n}\n";
    let relay = "package com.acme.orders.outbox;\n\nimport org.apache.kafka.clients.producer.ProducerRecord;\nimport org.springframework.kafka.core.KafkaTemplate;\n\n@Component\npublic class OutboxMessagePublisher {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n\n    @Transactional\n    public void publishOne(OutboxMessage msg) {\n        ProducerRecord<String, String> record =\n                new ProducerRecord<>(msg.getTopic(), msg.getPartitionKey(), msg.getPayload());\n        kafkaTemplate.send(record).get();\n        msg.markPublished();\n    }\n}\n";
    let payments = "import { Kafka } from 'kafkajs';\n\nconst TOPIC = 'orders.order.created';\n\nexport async function start(kafka: Kafka) {\n  const consumer = kafka.consumer({ groupId: 'payments' });\n  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });\n}\n";
    let attendance = "package kafka\n\nimport confluent \"github.com/confluentinc/confluent-kafka-go/v2/kafka\"\n\nconst TopicOrderCompleted = \"orders.order.completed\"\n\nfunc Run(c *confluent.Consumer) error {\n\treturn c.SubscribeTopics([]string{TopicOrderCompleted}, nil)\n}\n";
    let audit = "package com.acme.audit;\n\n@Service\npublic class AuditService {\n    public void record(Order order) {\n        saveEntry(\"audit.entries\", order.getId().toString());\n    }\n\n    private void saveEntry(String topic, String body) {\n        auditRepository.save(new AuditEntry(topic, body));\n    }\n}\n";
    let reporting = "package com.acme.reporting;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class AuditListener {\n    @KafkaListener(topics = {\"audit.entries\", \"orders.order.reminder\"})\n    public void on(String entry) {}\n}\n";
    let resolved = org(&[
        (
            "mono",
            &[
                ("services/order-service/Dockerfile", JAVA_DOCKERFILE),
                ("services/order-service/pom.xml", "<project><artifactId>order-service</artifactId></project>\n"),
                ("services/order-service/src/main/java/com/acme/orders/service/OrderService.java", service),
                ("services/order-service/src/main/java/com/acme/orders/outbox/OutboxMessagePublisher.java", relay),
                ("services/payment-service/Dockerfile", "FROM node:20\nCOPY . .\nCMD [\"node\", \"dist/main.js\"]\n"),
                ("services/payment-service/package.json", "{\"name\": \"payment-service\", \"dependencies\": {\"kafkajs\": \"^2.2.4\"}}\n"),
                ("services/payment-service/src/kafka/orders.consumer.ts", payments),
                ("services/attendance-service/Dockerfile", GO_DOCKERFILE),
                ("services/attendance-service/go.mod", "module github.com/acme/attendance-service\n\ngo 1.22\n"),
                ("services/attendance-service/internal/kafka/consumer.go", attendance),
            ],
        ),
        ("audit", &[("Dockerfile", JAVA_DOCKERFILE), ("src/main/java/com/acme/audit/AuditService.java", audit)]),
        ("reporting", &[("Dockerfile", JAVA_DOCKERFILE), ("src/main/java/com/acme/reporting/AuditListener.java", reporting)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:attendance-service repo="mono" root="services/attendance-service"
    component:audit repo="audit" root=""
    component:order-service repo="mono" root="services/order-service"
    component:payment-service repo="mono" root="services/payment-service"
    component:reporting repo="reporting" root=""
    component:order-service -depends_on-> component:attendance-service
    component:order-service -depends_on-> component:payment-service
    "#);
}

/// go-food-delivery-microservices: the catalog write service publishes integration events on
/// RabbitMQ through its producer (`productCreated := integrationevents.NewProductCreatedV1(..)`,
/// then `c.RabbitmqProducer.PublishMessage(ctx, productCreated, nil)`), and the read service
/// registers a consumer of each type (`builder.AddConsumer(externalevents.ProductCreatedV1{},
/// ..)`); the exchange is named after the type. A .NET service handling the same type on its
/// event bus meets the same channel. The order service's MediatR notifications and its
/// `localBus` stay in the process: the search service's handler of `OrderCreatedV1` is
/// joined to no one.
#[test]
fn go_services_on_a_bus_routed_by_message_type() {
    let handler = "package v1\n\nimport (\n\t\"context\"\n\n\t\"github.com/acme/food/internal/services/catalogwriteservice/internal/products/features/creatingproduct/v1/events/integrationevents\"\n\t\"github.com/mehdihadeli/go-mediatr\"\n)\n\nfunc (c *createProductHandler) RegisterHandler() error {\n\treturn mediatr.RegisterRequestHandler[*CreateProduct, *dtos.CreateProductResponseDto](c)\n}\n\nfunc (c *createProductHandler) Handle(ctx context.Context, command *CreateProduct) (*dtos.CreateProductResponseDto, error) {\n\tproductCreated := integrationevents.NewProductCreatedV1(\n\t\tproductDto,\n\t)\n\n\terr = c.RabbitmqProducer.PublishMessage(ctx, productCreated, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &dtos.CreateProductResponseDto{ProductID: product.Id}, nil\n}\n";
    let configuration = "package rabbitmq\n\nimport (\n\trabbitmqConfigurations \"github.com/acme/food/internal/pkg/rabbitmq/configurations\"\n\t\"github.com/acme/food/internal/pkg/rabbitmq/consumer/configurations\"\n\tcreateProductExternalEventV1 \"github.com/acme/food/internal/services/catalogreadservice/internal/products/features/creating_product/v1/events/integrationevents/externalevents\"\n)\n\nfunc ConfigProductsRabbitMQ(builder rabbitmqConfigurations.RabbitMQConfigurationBuilder) {\n\tbuilder.\n\t\tAddConsumer(\n\t\t\tcreateProductExternalEventV1.ProductCreatedV1{},\n\t\t\tfunc(builder configurations.RabbitMQConsumerConfigurationBuilder) {\n\t\t\t\tbuilder.WithHandlers(func(handlers consumer.ConsumerHandlerConfigurationBuilder) {\n\t\t\t\t\thandlers.AddHandler(createProductExternalEventV1.NewProductCreatedConsumer(logger))\n\t\t\t\t})\n\t\t\t})\n}\n";
    let projection = "package projections\n\nimport (\n\t\"context\"\n\n\t\"github.com/acme/food/internal/pkg/rabbitmq\"\n\t\"github.com/mehdihadeli/go-mediatr\"\n)\n\nfunc (m *orderProjection) onOrderCreated(ctx context.Context, id string) error {\n\tcreated := events.NewOrderCreatedV1(id)\n\tif err := mediatr.Publish(ctx, created); err != nil {\n\t\treturn err\n\t}\n\treturn m.localBus.Publish(ctx, created)\n}\n";
    let search = "using Acme.BuildingBlocks.EventBus.Abstractions;\n\nnamespace Search.IntegrationEvents;\n\npublic class ProductCreatedHandler : IIntegrationEventHandler<ProductCreatedV1>\n{\n    public Task Handle(ProductCreatedV1 @event) => Task.CompletedTask;\n}\n\npublic class OrderCreatedHandler : IIntegrationEventHandler<OrderCreatedV1>\n{\n    public Task Handle(OrderCreatedV1 @event) => Task.CompletedTask;\n}\n";
    let go_mod = |name: &str| format!("module github.com/acme/food/internal/services/{name}\n\ngo 1.22\n");
    let (write_mod, read_mod, order_mod) = (go_mod("catalogwriteservice"), go_mod("catalogreadservice"), go_mod("orderservice"));
    let resolved = org(&[
        (
            "food",
            &[
                ("internal/services/catalogwriteservice/Dockerfile", GO_DOCKERFILE),
                ("internal/services/catalogwriteservice/go.mod", &write_mod),
                ("internal/services/catalogwriteservice/internal/products/features/creatingproduct/v1/create_product_handler.go", handler),
                ("internal/services/catalogreadservice/Dockerfile", GO_DOCKERFILE),
                ("internal/services/catalogreadservice/go.mod", &read_mod),
                ("internal/services/catalogreadservice/internal/products/configurations/rabbitmq/rabbitmq_configuration.go", configuration),
                ("internal/services/orderservice/Dockerfile", GO_DOCKERFILE),
                ("internal/services/orderservice/go.mod", &order_mod),
                ("internal/services/orderservice/internal/orders/projections/order_projection.go", projection),
            ],
        ),
        (
            "search",
            &[
                ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ .\nENTRYPOINT [\"dotnet\", \"Search.dll\"]\n"),
                ("Search.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
                ("IntegrationEvents/Handlers.cs", search),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalogreadservice repo="food" root="internal/services/catalogreadservice"
    component:catalogwriteservice repo="food" root="internal/services/catalogwriteservice"
    component:orderservice repo="food" root="internal/services/orderservice"
    component:search repo="search" root=""
    component:catalogwriteservice -depends_on-> component:catalogreadservice
    component:catalogwriteservice -depends_on-> component:search
    "#);
}
