//! Channels named by a message's type rather than by a string: the event buses of .NET and
//! Java services, where the broker routes each message by its type's name.
//! - an in-house or library event bus (eShopOnContainers' `IEventBus`, MassTransit,
//!   NServiceBus, ABP): `eventBus.Subscribe<OrderPaid, OrderPaidHandler>()`, a handler class
//!   `: IIntegrationEventHandler<OrderPaid>` (`IConsumer<T>`, `IHandleMessages<T>`, ABP's
//!   `IDistributedEventHandler<T>`), and `eventBus.Publish(new OrderPaid(...))` or of a
//!   variable built so, on a receiver named like a bus or publisher (an ABP aggregate's
//!   `AddDistributedEvent(new OrderPaid {..})` too), or of what a method of the file declares
//!   it returns (`PublishMessage(PolicyCreated(policy))`); the channel is the type's name;
//! - ABP's entity events (eShopOnAbp): a handler of `EntityUpdatedEto<ProductEto>` (created,
//!   deleted, changed) subscribes to `ProductEto`, and a module selecting an entity for automatic
//!   events (`options.AutoEventSelectors.Add<Product>()`) and mapping it to its event type
//!   (`options.EtoMappings.Add<Product, ProductEto>()`) publishes `ProductEto`;
//! - message types handed to a listener's or subscriber's setup as types
//!   (`app.UseRabbitListeners(new List<Type> { typeof(PolicyCreated) })`, asc-lab's
//!   dotnetcore-microservices-poc), which subscribes to each;
//! - Eventuate Tram: commands sent `withChannel(x)` and handled `fromChannel(x)` (a string or
//!   a constant, as the broker clients' channels are); domain events subscribed
//!   `forAggregateType("acme.orders.domain.Order")` and published
//!   `publisher.publish(Order.class, ...)` (or by an `AbstractAggregateDomainEventPublisher`
//!   of `Order.class`); the channel is the aggregate's full class name.
//!
//! - a handler told each message's type by name (Pitstop's RabbitMQ workers:
//!   `switch (messageType) { case "CustomerRegistered": .. }`); the channel is each case's name.
//!
//! Types handled only inside one process (MediatR's `INotificationHandler<T>`, what an
//! `IMediator` is sent, whatever the field's name) are not channels and are left out.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed_within, receiver, string_constants, Lines};
use super::messaging::{names_of, ChannelUse, Direction};

/// Words a file using a typed bus holds at least one of (or one of [`TYPE_SWITCH_GATE`]);
/// [`typed_uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &[
    "Subscribe", "Subscription<", "EventHandler<", "IConsumer<", "IHandleMessages<", "Publish", "Send", "SaveEvent", "Channel(", "AggregateType(", "publish(",
    "AddDistributedEvent(", "typeof(", "AutoEventSelectors", "MassTransitStateMachine<",
];

/// A MassTransit saga's event, `public Event<PaymentAuthorized> PaymentAuthorized { get; private
/// set; }` in a class deriving `MassTransitStateMachine<T>` (HuzeyfeUlutas'
/// dotnet-microservices-saga): the saga consumes that message.
static SAGA_EVENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bEvent\s*<\s*(?:\w+\.)*([A-Z]\w*)\s*>\s+\w+\s*\{").expect("a valid regex"));

static SUBSCRIBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Subscribe|AddSubscription)(?:Async)?\s*<\s*(?:[\w]+\.)*([A-Z]\w*)\s*(?P<handler>,\s*[\w.<>]+\s*)?>\s*\(").expect("a valid regex")
});
/// A handler's interface of a message type, or of ABP's entity event of one
/// (`IDistributedEventHandler<EntityUpdatedEto<ProductEto>>` handles `ProductEto`'s).
static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:IIntegrationEventHandler|IDistributedEventHandler|IConsumer|IHandleMessages)\s*<\s*(?:{ENTITY_EVENT})?(?:\w+\.)*(\w+)\s*>")).expect("a valid regex")
});
/// ABP's entity event types, up to the type they carry: `EntityUpdatedEto<`.
const ENTITY_EVENT: &str = r"(?:\w+\.)*Entity(?:Created|Updated|Deleted|Changed)Eto\s*<\s*";
static PUBLISH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(Publish\w*?(?:Async)?|Send(?:Async)?|AddAndSaveEvent(?:Async)?|AddDistributedEvent)\s*(?:<\s*(?:[\w]+\.)*(\w+)\s*>)?\s*\(").expect("a valid regex"));
/// A call setting up listeners or subscriptions (`UseRabbitListeners(`, `SubscribeTo(`), whose
/// `typeof(X)` arguments name the messages it takes.
static LISTENER_SETUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:\w*(?:Listener|Subscriber|Subscription)s?|Subscribe\w*|Listen\w*)\s*(?:<[^<>()]*>)?\s*\(").expect("a valid regex"));
/// A type handed as a value: `typeof(PolicyCreated)`, not `typeof(Startup).Assembly`.
static TYPE_OF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\btypeof\s*\(\s*(?:\w+\.)*([A-Z]\w*)\s*\)(\s*\.\s*\w+)?").expect("a valid regex"));
static EVENTUATE_CHANNEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(fromChannel|withChannel)\s*\(").expect("a valid regex"));
static AGGREGATE_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:and)?[fF]orAggregateType\s*\(").expect("a valid regex"));
static CLASS_PUBLISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bpublish\s*\(\s*(\w+)\.class\s*,").expect("a valid regex"));
static AGGREGATE_PUBLISHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bsuper\s*\(\s*\w+\s*,\s*(\w+)\.class").expect("a valid regex"));
static PACKAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*package\s+([\w.]+)\s*;?").expect("a valid regex"));

/// Every typed channel use in a C#, Java or Kotlin file.
pub(super) fn typed_uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut uses = Vec::new();
    if !matches!(extension, "cs" | "java" | "kt") {
        return uses;
    }
    let consumes = || CONSUMING_WORDS.iter().any(|word| text.contains(word));
    if text.contains("switch") && text.contains("case \"") && TYPE_SWITCH_GATE.iter().any(|word| text.contains(word)) && consumes() {
        uses.extend(type_switch_cases(text).into_iter().filter(|(offset, _)| !lines.is_comment(*offset)).map(|(offset, name)| ChannelUse {
            offset,
            direction: Direction::Subscribes,
            name,
            protocol: "event bus",
        }));
    }
    if !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return uses;
    }
    let mut found = |offset: usize, direction: Direction, protocol: &'static str, name: String| {
        // A type parameter (`Subscribe<T, TH>()` declared by the bus itself, `IConsumer<TMessage>`)
        // names no message.
        if !lines.is_comment(offset) && !name.is_empty() && !is_type_parameter(&name) {
            uses.push(ChannelUse { offset, direction, name, protocol });
        }
    };
    for captures in SUBSCRIBE.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        // An event and its handler (`Subscribe<OrderPaid, OrderPaidHandler>`), or one type on a
        // bus: Rx's `source.Subscribe<int>(..)` is no channel.
        let on_a_bus = receiver(text, whole.start()).to_lowercase().ends_with("bus");
        if captures.name("handler").is_some() || on_a_bus {
            found(whole.start(), Direction::Subscribes, "event bus", captures[1].to_string());
        }
    }
    for captures in HANDLER.captures_iter(text) {
        found(captures.get(0).map_or(0, |whole| whole.start()), Direction::Subscribes, "event bus", captures[1].to_string());
    }
    if text.contains("MassTransitStateMachine<") {
        for captures in SAGA_EVENT.captures_iter(text) {
            found(captures.get(0).map_or(0, |whole| whole.start()), Direction::Subscribes, "event bus", captures[1].to_string());
        }
    }
    if text.contains("typeof(") {
        for whole in LISTENER_SETUP.find_iter(text) {
            let Some((inside, _)) = enclosed_within(text, whole.end() - 1, 2000) else { continue };
            for captures in TYPE_OF.captures_iter(inside) {
                // A type's member (`typeof(Startup).Assembly` scans an assembly) or a handler's own
                // class names no message.
                let name = &captures[1];
                if captures.get(2).is_none() && !LISTENER_CLASS_ENDS.iter().any(|end| name.ends_with(end)) && !is_base_type(name) {
                    found(whole.start(), Direction::Subscribes, "event bus", name.to_string());
                }
            }
        }
    }
    for captures in PUBLISH.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let verb = &captures[1];
        // `_eventBus.Publish(..)`, `_publishEndpoint.Publish(..)`, `context.Send(..)` on a
        // bus; eShop's own `PublishThroughEventBusAsync(evt)` names the bus itself.
        let on = receiver(text, whole.start()).to_lowercase();
        // eShop's outbox `_orderingIntegrationEventService.AddAndSaveEventAsync(evt)` too; a
        // handler's `context` in a MassTransit consumer or NServiceBus handler. In-process
        // buses (`_localEventBus`, a `_commandBus`, MediatR's `_mediator`) carry no channel.
        let in_process = ["local", "command", "mediator", "domain"].iter().any(|word| on.contains(word)) || declared_in_process(text, receiver(text, whole.start()));
        let handler_context = matches!(on.as_str(), "context" | "session" | "messagesession" | "endpointinstance")
            && ["IHandleMessages<", "IConsumer<", "ConsumeContext", "IMessageSession", "IEndpointInstance"].iter().any(|word| text.contains(word));
        // booking-microservices' `_eventDispatcher.SendAsync(new UserCreated(..))` goes to the
        // broker too; what it is told is internal (`typeof(IInternalCommand)`) stays home.
        let dispatcher = on.ends_with("dispatcher");
        // ABP's aggregate root queues a distributed event (`AddDistributedEvent(new X {..})`),
        // published when the unit of work completes; `AddLocalEvent` stays in the process.
        let aggregate_event = verb == "AddDistributedEvent";
        let on_a_bus = aggregate_event
            || !in_process
            && (["bus", "publisher", "publishendpoint", "sendendpoint", "integrationeventservice"].iter().any(|word| on.ends_with(word))
                || dispatcher
                || verb.contains("EventBus")
                || handler_context);
        if !on_a_bus || (dispatcher && marked_internal(text, whole.end() - 1)) {
            continue;
        }
        // An explicit type argument (`Publish<IOrderSubmitted>(..)`, an interface message too),
        // else what the argument is built as; a base type (`IntegrationEvent evt = ..`) names no
        // one channel.
        // The first argument: the message, or its type's name read off it (Pitstop's
        // `PublishMessageAsync(e.MessageType, e, "")`, `evt.GetType().Name`).
        let names = match captures.get(2) {
            Some(generic) => vec![generic.as_str().to_string()],
            None => arguments(text, whole.end() - 1)
                .and_then(|(arguments, _)| arguments.first().map(|first| first.trim()))
                .map(|first| {
                    let variable = TYPE_NAME_MEMBERS.iter().find_map(|member| first.strip_suffix(member)).unwrap_or(first);
                    built_types(text, variable, whole.start())
                })
                .unwrap_or_default()
                .into_iter()
                .filter(|name| !is_base_type(name))
                .collect(),
        };
        // A dispatcher hands domain events, commands and queries to handlers of its own process.
        for name in names.into_iter().filter(|name| !(dispatcher && IN_PROCESS_SUFFIXES.iter().any(|suffix| name.ends_with(suffix)))) {
            found(whole.start(), Direction::Publishes, "event bus", name);
        }
    }
    if extension == "cs" {
        abp_entity_events(text, lines, &mut found);
    } else {
        eventuate_uses(text, &mut found);
    }
    uses
}

/// ABP's automatic entity events (eShopOnAbp's catalog): a module selecting an entity
/// (`options.AutoEventSelectors.Add<Product>()`, or every entity with `AddAll()`) and mapping
/// it to its event type (`options.EtoMappings.Add<Product, ProductEto>()`) publishes that type
/// whenever one is created, updated or deleted. A mapping alone publishes nothing, nor does a
/// selected entity mapped to no type (ABP's generic `EntityEto` names no channel).
fn abp_entity_events(text: &str, lines: &Lines<'_>, found: &mut impl FnMut(usize, Direction, &'static str, String)) {
    static SELECTOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bAutoEventSelectors\s*\.\s*(?:Add\s*<\s*(?:\w+\.)*(\w+)\s*>|AddAll)\s*\(").expect("a valid regex"));
    static MAPPING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bEtoMappings\s*\.\s*Add\s*<\s*(?:\w+\.)*(\w+)\s*,\s*(?:\w+\.)*(\w+)\s*>\s*\(").expect("a valid regex"));
    if !text.contains("AutoEventSelectors") || !text.contains("EtoMappings") {
        return;
    }
    let selected: Vec<Option<String>> = SELECTOR
        .captures_iter(text)
        .filter(|captures| captures.get(0).is_some_and(|whole| !lines.is_comment(whole.start())))
        .map(|captures| captures.get(1).map(|entity| entity.as_str().to_string()))
        .collect();
    for captures in MAPPING.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if selected.iter().any(|entity| entity.as_deref().is_none_or(|entity| entity == &captures[1])) {
            found(whole.start(), Direction::Publishes, "event bus", captures[2].to_string());
        }
    }
}

/// Eventuate Tram's command channels and aggregates' event channels.
fn eventuate_uses(text: &str, found: &mut impl FnMut(usize, Direction, &'static str, String)) {
    if !text.contains("eventuate") {
        return;
    }
    let constants = std::cell::LazyCell::new(|| string_constants(text));
    let constant = |name: &str| constants.get(name).cloned();
    for captures in EVENTUATE_CHANNEL.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let direction = if &captures[1] == "fromChannel" { Direction::Subscribes } else { Direction::Publishes };
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        for name in arguments.first().map(|argument| names_of(argument, &constant)).unwrap_or_default() {
            found(whole.start(), direction, "eventuate", name);
        }
    }
    // `forAggregateType("acme.orders.domain.Order")`, of a constant
    // (`OrderServiceChannels.ORDER_EVENT_CHANNEL`), or of `Order.class.getName()`.
    for whole in AGGREGATE_TYPE.find_iter(text) {
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        let Some(argument) = arguments.first().map(|argument| argument.trim()) else { continue };
        let names = match argument.split_once(".class") {
            Some((class, _)) if class.chars().all(|character| character.is_alphanumeric() || character == '_') => vec![full_class_name(text, class)],
            _ => names_of(argument, &constant),
        };
        for name in names {
            found(whole.start(), Direction::Subscribes, "eventuate", name);
        }
    }
    for captures in CLASS_PUBLISH.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if receiver(text, whole.start()).to_lowercase().ends_with("publisher") {
            found(whole.start(), Direction::Publishes, "eventuate", full_class_name(text, &captures[1]));
        }
    }
    if text.contains("AbstractAggregateDomainEventPublisher") {
        for captures in AGGREGATE_PUBLISHER.captures_iter(text) {
            found(captures.get(0).map_or(0, |whole| whole.start()), Direction::Publishes, "eventuate", full_class_name(text, &captures[1]));
        }
    }
}

/// The ends of the names of classes that take messages rather than of messages.
const LISTENER_CLASS_ENDS: &[&str] = &["Handler", "Consumer", "Listener", "Subscriber", "Startup", "Program", "Module", "Service", "Controller"];

/// Whether the file declares `field` as MediatR's in-process mediator (`private readonly
/// IMediator bus;`, a constructor's `ISender sender`; its `IPublisher` where the file uses MediatR).
fn declared_in_process(text: &str, field: &str) -> bool {
    if field.is_empty() || !text.contains("IMediator") && !text.contains("ISender") && !text.contains("IPublisher") {
        return false;
    }
    let Ok(declared) = Regex::new(&format!(r"\b(IMediator|ISender|IPublisher)\s+{}\s*[;=,)]", regex::escape(field))) else { return false };
    declared.captures_iter(text).any(|captures| &captures[1] != "IPublisher" || text.contains("using MediatR"))
}

/// The ends of the names of messages a dispatcher keeps in its process.
const IN_PROCESS_SUFFIXES: &[&str] = &["DomainEvent", "Command", "Query"];

/// Whether the call whose arguments open at `open` marks its message internal: a type argument
/// named so (`typeof(IInternalCommand)`, `typeof(LocalEvent)`).
fn marked_internal(text: &str, open: usize) -> bool {
    let Some((arguments, _)) = arguments(text, open) else { return false };
    arguments.iter().filter_map(|argument| argument.trim().strip_prefix("typeof(")).any(|marker| {
        let marker = marker.to_lowercase();
        marker.contains("internal") || marker.contains("local") || marker.contains("inprocess")
    })
}

/// How far before a publish call the variable it publishes is looked for: its method.
const METHOD_BYTES: usize = 3000;

/// The types a published argument is built as: `new OrderPaid(...)`; or what the code just
/// before `before` assigns the variable (`var paid = new OrderPaid(...)`, each branch's
/// `evt = new Succeeded(..)` / `evt = new Failed(..)`), else the type it declares it with
/// (`OrderPaid paid = ...`, `OrderPaid paid` as a parameter).
fn built_types(text: &str, argument: &str, before: usize) -> Vec<String> {
    if let Some(rest) = argument.strip_prefix("new ") {
        // ABP's entity event of a type (`new EntityUpdatedEto<ProductEto>(eto)`) is that type's.
        static WRAPPED: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^\s*{ENTITY_EVENT}")).expect("a valid regex"));
        let rest = WRAPPED.find(rest).map_or(rest, |wrapper| &rest[wrapper.end()..]);
        return type_name(rest).into_iter().collect();
    }
    // A call of a method the file declares: `PublishMessage(PolicyCreated(policy))`.
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:await\s+)?(?:this\.)?([A-Za-z_]\w*)\s*\(").expect("a valid regex"));
    if let Some(method) = CALL.captures(argument).map(|captures| captures[1].to_string()) {
        return returned_type(text, &method).into_iter().collect();
    }
    if argument.is_empty() || !argument.chars().all(|character| character.is_alphanumeric() || character == '_') {
        return Vec::new();
    }
    let head = &text[text.ceil_char_boundary(before.saturating_sub(METHOD_BYTES))..before];
    let word = regex::escape(argument);
    // Each assignment's statement, to its `;`: `evt = rejected ? new A(..) : new B(..);` builds both.
    let Ok(assigned) = Regex::new(&format!(r"\b{word}\s*=[^=>][^;]*")) else { return Vec::new() };
    // `new OrderPaid(..)`, or a type's own factory (`VehicleRegistered.FromCommand(cmd)`).
    static BUILT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"\bnew\s+(?:{ENTITY_EVENT})?([\w.]+)\s*[(<{{>]|^\s*=\s*([A-Z]\w*)\.(?:From|Create|Of|New)\w*\s*\(")).expect("a valid regex"));
    let mut names: Vec<String> = Vec::new();
    for statement in assigned.find_iter(head) {
        let statement = &statement.as_str()[argument.len()..];
        for captures in BUILT.captures_iter(statement) {
            let Some(built) = captures.get(1).or_else(|| captures.get(2)) else { continue };
            if let Some(name) = type_name(built.as_str()).filter(|name| !names.contains(name) && !VALUE_TYPES.contains(&name.as_str())) {
                names.push(name);
            }
        }
    }
    if !names.is_empty() {
        return names;
    }
    // Or what a method of the file declares it returns (`var loggedIn = CreateUserLoggedInEto(..)`
    // beside `private UserLoggedInEto CreateUserLoggedInEto(..)`, `Task<T>` unwrapped).
    static CALLED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*=\s*(?:await\s+)?(?:this\.)?([A-Za-z_]\w*)\s*\(").expect("a valid regex"));
    for statement in assigned.find_iter(head) {
        let Some(method) = CALLED.captures(&statement.as_str()[argument.len()..]).map(|captures| captures[1].to_string()) else { continue };
        if let Some(name) = returned_type(text, &method).filter(|name| !names.contains(name)) {
            names.push(name);
        }
    }
    if !names.is_empty() {
        return names;
    }
    // A declared type counts unless it is a value's (`Guid transactionId`): what a bus or a
    // publisher is given is its message (`CustomerRegistered e = command.MapToCustomerRegistered()`).
    let Ok(declared) = Regex::new(&format!(r"\b([A-Z][\w.]*)\s+{word}\s*[=;,)]")) else { return Vec::new() };
    let message_like = |name: &String| !VALUE_TYPES.contains(&name.as_str());
    declared.captures_iter(head).last().and_then(|captures| type_name(&captures[1])).filter(message_like).into_iter().collect()
}

/// The type a method of the file declares it returns (`private static PolicyCreated
/// PolicyCreated(Policy policy)`, `Task<T>` unwrapped), unless a value's.
fn returned_type(text: &str, method: &str) -> Option<String> {
    let method = regex::escape(method);
    let declaration =
        Regex::new(&format!(r"(?m)^\s*(?:(?:public|private|protected|internal|static|async|virtual|override|final)\s+)*(?:Task<)?([A-Z][\w.]*)>?\s+{method}\s*\(")).ok()?;
    declaration.captures(text).and_then(|captures| type_name(&captures[1])).filter(|name| !VALUE_TYPES.contains(&name.as_str()))
}

/// Members that read a message's type name off the message.
const TYPE_NAME_MEMBERS: &[&str] = &[".MessageType", ".GetType().Name", ".EventType", ".GetType().FullName"];

/// Types of values (and library types with factories), never of a message.
const VALUE_TYPES: &[&str] = &[
    "Guid", "String", "Object", "Int32", "Int64", "Integer", "Long", "Decimal", "Double", "Boolean", "DateTime", "DateTimeOffset", "TimeSpan", "Uri", "Task",
    "CancellationToken", "JObject", "JsonElement", "JsonNode", "UUID", "Instant", "LocalDateTime", "BigDecimal", "Map", "HashMap", "byte", "Byte",
    "Convert", "JToken", "JArray", "JsonSerializer", "JsonConvert", "Encoding", "BinaryData", "Enumerable", "List", "Array", "Arrays", "Collections",
    "Optional", "Stream", "Buffer", "Base64", "Math", "Path", "File", "Activator",
];

/// Words of a file that takes messages from a broker: a handler's interface or method, a
/// client's consume call. A switch on an event's name elsewhere (a webhook's, telemetry's) is
/// no subscription.
const CONSUMING_WORDS: &[&str] = &[
    "HandleMessage", "MessageHandler", "IConsumer", "BasicConsume", "Consume(", "ConsumeAsync", "OnMessage", "onMessage", "ProcessMessage", "Received +=",
    "@RabbitListener", "@KafkaListener", "@JmsListener", "ServiceBusProcessor", "ProcessMessageAsync", "Subscribe(",
];

/// Words a file switching on a message's type name holds one of; the code reader's gate opens
/// on them too.
pub(super) const TYPE_SWITCH_GATE: &[&str] = &["essageType", "ventType", "sgType", "essageName", "ventName", "essagetype", "venttype"];

/// Words a variable switched on by message type ends with: `messageType`, `eventType`,
/// `MessageTypeName`, `eventName`.
const TYPE_SWITCH_WORDS: &[&str] = &["messagetype", "eventtype", "msgtype", "messagetypename", "eventtypename", "eventname", "messagename"];

/// The message types a handler tells apart by name: each `case "X":` of a `switch` on a
/// variable named like a message's type (Pitstop's `switch (messageType)`), with its offset.
fn type_switch_cases(text: &str) -> Vec<(usize, String)> {
    static SWITCH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bswitch\s*\(\s*(?:[\w.]+\.)?(\w+)\s*\)\s*\{").expect("a valid regex"));
    static CASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bcase\s+"([A-Z][A-Za-z0-9_]*)"\s*:"#).expect("a valid regex"));
    let mut cases = Vec::new();
    for captures in SWITCH.captures_iter(text) {
        let (Some(whole), Some(variable)) = (captures.get(0), captures.get(1)) else { continue };
        let variable = variable.as_str().to_lowercase();
        if !TYPE_SWITCH_WORDS.iter().any(|word| variable.ends_with(word)) {
            continue;
        }
        let Some((body, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let start = whole.end();
        // The switch's own cases, not those of a switch nested in one of them.
        let top_level = |offset: usize| body[..offset].bytes().fold(0i32, |depth, byte| depth + i32::from(byte == b'{') - i32::from(byte == b'}')) == 0;
        cases.extend(CASE.captures_iter(body).filter_map(|case| Some((case.get(0)?.start(), case[1].to_string()))).filter(|(offset, _)| top_level(*offset)).map(|(offset, name)| (start + offset, name)));
    }
    cases
}

/// Whether a name is a generic type parameter: `T`, `TEvent`, `TMessage`.
fn is_type_parameter(name: &str) -> bool {
    name == "T" || name.strip_prefix('T').is_some_and(|rest| rest.starts_with(|character: char| character.is_ascii_uppercase()) && rest.len() > 1 && rest[1..].starts_with(|character: char| character.is_ascii_lowercase()))
}

/// Whether a type is a message's base type or an interface rather than one message.
fn is_base_type(name: &str) -> bool {
    let interface = name.len() > 1 && name.starts_with('I') && name[1..].starts_with(|character: char| character.is_ascii_uppercase());
    interface || matches!(name, "IntegrationEvent" | "Event" | "DomainEvent" | "Message" | "Command" | "BaseEvent" | "EventBase")
}

/// The type's own name in `Acme.Events.OrderPaid(...)`: `OrderPaid`.
fn type_name(text: &str) -> Option<String> {
    let path = text.trim_start().split(|character: char| !(character.is_alphanumeric() || character == '_' || character == '.')).next()?;
    let name = path.rsplit('.').next()?;
    name.starts_with(|character: char| character.is_ascii_uppercase()).then(|| name.to_string())
}

/// A class's full name from the file's imports (`import acme.orders.domain.Order;`), else the
/// file's own package.
fn full_class_name(text: &str, class: &str) -> String {
    let imported = Regex::new(&format!(r"(?m)^\s*import\s+([\w.]+\.{})\s*;?\s*$", regex::escape(class))).ok().and_then(|import| import.captures(text).map(|captures| captures[1].to_string()));
    imported.or_else(|| PACKAGE.captures(text).map(|package| format!("{}.{class}", &package[1]))).unwrap_or_else(|| class.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(extension: &str, text: &str) -> Vec<(Direction, String)> {
        typed_uses(extension, text, &Lines::new(text)).into_iter().map(|found| (found.direction, found.name)).collect()
    }

    #[test]
    fn an_event_bus_subscribes_and_publishes_by_type() {
        let startup = "var eventBus = app.Services.GetRequiredService<IEventBus>();\neventBus.Subscribe<OrderStartedIntegrationEvent, OrderStartedIntegrationEventHandler>();\n";
        assert_eq!(uses("cs", startup), [(Direction::Subscribes, "OrderStartedIntegrationEvent".to_string())]);
        let handler = "public class PaidHandler : IIntegrationEventHandler<Events.OrderPaidIntegrationEvent>\n{\n}\n";
        assert_eq!(uses("cs", handler), [(Direction::Subscribes, "OrderPaidIntegrationEvent".to_string())]);
        let controller = concat!(
            "var eventMessage = new UserCheckoutAcceptedIntegrationEvent(userId, city);\n",
            "_eventBus.Publish(eventMessage);\n",
            "_publishEndpoint.Publish(new StockConfirmedIntegrationEvent(orderId));\n",
            "await PublishThroughEventBusAsync(priceChangedEvent);\n",
            "IntegrationEvent checked = rejected ? new OrderStockRejectedIntegrationEvent(id) : new OrderStockConfirmedIntegrationEvent(id);\n",
            "await _eventBus.PublishAsync(checked);\n",
            "IntegrationEvent unknown = Build(id);\nawait _eventBus.PublishAsync(unknown);\n",
            "var shipped =\n    new OrderShippedIntegrationEvent(id);\nawait _orderingIntegrationEventService.AddAndSaveEventAsync(shipped);\n",
            "IntegrationEvent payment;\nif (ok) payment = new PaymentSucceededIntegrationEvent(id);\nelse payment = new PaymentFailedIntegrationEvent(id);\n_eventBus.Publish(payment);\n",
            "logger.Publish(new Unrelated());\n",
        );
        let published: Vec<String> = uses("cs", controller).into_iter().map(|(_, name)| name).collect();
        assert_eq!(
            published,
            [
                "UserCheckoutAcceptedIntegrationEvent",
                "StockConfirmedIntegrationEvent",
                "OrderStockRejectedIntegrationEvent",
                "OrderStockConfirmedIntegrationEvent",
                "OrderShippedIntegrationEvent",
                "PaymentSucceededIntegrationEvent",
                "PaymentFailedIntegrationEvent"
            ],
            "a logger is no bus; an undeclared variable and a base type name nothing"
        );
        let registrations = "builder.AddRabbitMqEventBus(\"eventbus\")\n    .AddSubscription<OrderStartedIntegrationEvent, OrderStartedIntegrationEventHandler>();\n";
        assert_eq!(uses("cs", registrations), [(Direction::Subscribes, "OrderStartedIntegrationEvent".to_string())]);
        let rx = "clicks.Subscribe<MouseEvent>(e => Log(e));\nvalues.Subscribe<int>(v => Sum(v));\n_bus.Subscribe<OrderPaid>(Handle);\n";
        assert_eq!(uses("cs", rx), [(Direction::Subscribes, "OrderPaid".to_string())], "an observable's subscription is no channel");
        let bus_itself = "public void Subscribe<T, TH>() where TH : IIntegrationEventHandler<T> { }\npublic class GenericConsumer<TMessage> : IConsumer<TMessage> { }\npublic Task Send<TEvent>(TEvent message) => _bus.Publish<TEvent>(message);\n";
        assert!(uses("cs", bus_itself).is_empty(), "type parameters name no message: {:?}", uses("cs", bus_itself));
        let in_process = "await _localEventBus.PublishAsync(new OrderPlaced(id));\nawait _commandBus.Send(new PlaceOrder(id));\nawait _publisher.PublishEventsThroughEventBusAsync(transactionId);\n";
        assert!(uses("cs", in_process).is_empty(), "in-process buses and a Guid name no channel: {:?}", uses("cs", in_process));
        let consumer = "public class SubmitConsumer : IConsumer<SubmitOrder>\n{\n    public async Task Consume(ConsumeContext<SubmitOrder> context) => await context.Publish(new OrderSubmitted(id));\n}\n";
        assert_eq!(uses("cs", consumer), [(Direction::Subscribes, "SubmitOrder".to_string()), (Direction::Publishes, "OrderSubmitted".to_string())]);
        let mediatr = "public class Handler : INotificationHandler<OrderStartedDomainEvent> { }\n";
        assert!(uses("cs", mediatr).is_empty(), "in-process notifications are no channel");
    }

    /// eShopOnAbp: ABP's distributed event bus, its handlers and an aggregate's queued events.
    /// asc-lab's dotnetcore-microservices-poc: a publisher given what a method returns, listeners
    /// set up with the message types they take, and MediatR's mediator in a field named `bus`.
    #[test]
    fn listeners_set_up_by_type_subscribe_and_a_mediator_is_in_process() {
        let startup = "app.UseRabbitListeners(new List<Type> { typeof(PolicyCreated), typeof(PolicyTerminated) });\nservices.AddMediatR(typeof(Startup).Assembly);\nbus.SubscribeAll(typeof(PolicyHandler));\n";
        assert_eq!(uses("cs", startup), [(Direction::Subscribes, "PolicyCreated".to_string()), (Direction::Subscribes, "PolicyTerminated".to_string())]);
        let declaration = "public static void UseRabbitListeners(this IApplicationBuilder app, List<Type> eventTypes) { }\nservices.AddSingleton(typeof(IEventPublisher), typeof(RabbitPublisher));\n";
        assert!(uses("cs", declaration).is_empty(), "{:?}", uses("cs", declaration));
        let handler = concat!(
            "public class CreatePolicyHandler\n{\n    private readonly IEventPublisher eventPublisher;\n",
            "    public async Task Handle(CreatePolicyCommand request)\n    {\n        await eventPublisher.PublishMessage(PolicyCreated(policy));\n    }\n",
            "    private static PolicyCreated PolicyCreated(Policy policy) => new PolicyCreated { Number = policy.Number };\n}\n",
        );
        assert_eq!(uses("cs", handler), [(Direction::Publishes, "PolicyCreated".to_string())]);
        let mediator = "public class PolicyController\n{\n    private readonly IMediator bus;\n    public async Task<IActionResult> Post([FromBody] CreatePolicyCommand cmd) => Ok(await bus.Send(cmd));\n}\n";
        assert!(uses("cs", mediator).is_empty(), "a mediator sends within the process: {:?}", uses("cs", mediator));
    }

    #[test]
    fn abp_distributed_events_are_channels_and_local_ones_are_not() {
        let handler = "public class OrderPlacedEventHandler : IDistributedEventHandler<OrderPlacedEto>, ITransientDependency\n{\n}\npublic class Audit : ILocalEventHandler<OrderPlacedEto> { }\n";
        assert_eq!(uses("cs", handler), [(Direction::Subscribes, "OrderPlacedEto".to_string())]);
        let manager = "await _distributedEventBus.PublishAsync(new OrderPlacedEto\n{\n    OrderId = order.Id,\n});\nAddDistributedEvent(new PaymentRequestCompletedEto { PaymentRequestId = Id });\nAddLocalEvent(new PaymentStarted { Id = Id });\n";
        let published: Vec<String> = uses("cs", manager).into_iter().map(|(_, name)| name).collect();
        assert_eq!(published, ["OrderPlacedEto", "PaymentRequestCompletedEto"]);
        let module = "private async Task SignedIn(UserContext context)\n{\n    var userLoggedInEto = CreateUserLoggedInEto(context);\n    await eventBus.PublishAsync(userLoggedInEto);\n    var other = Describe(context);\n    await eventBus.PublishAsync(other);\n}\n\nprivate UserLoggedInEto CreateUserLoggedInEto(UserContext context) => new() { Id = context.Id };\nprivate string Describe(UserContext context) => context.Name;\n";
        let published: Vec<String> = uses("cs", module).into_iter().map(|(_, name)| name).collect();
        assert_eq!(published, ["UserLoggedInEto"], "a method's declared return type, not a value's");
        let entity_events = "class H : IDistributedEventHandler<EntityUpdatedEto<ProductEto>> { }\nclass L : IDistributedEventHandler<List<OrderEto>> { }\nvar deleted = new EntityDeletedEto<OrderEto>(eto);\nawait _distributedEventBus.PublishAsync(deleted);\n";
        assert_eq!(uses("cs", entity_events), [(Direction::Subscribes, "ProductEto".to_string()), (Direction::Publishes, "OrderEto".to_string())], "an entity event is its entity type's");
        let module = "options.AutoEventSelectors.Add<Product>();\n// options.AutoEventSelectors.AddAll();\noptions.EtoMappings.Add<Product, ProductEto>();\noptions.EtoMappings.Add<Customer, CustomerEto>();\n";
        assert_eq!(uses("cs", module), [(Direction::Publishes, "ProductEto".to_string())], "only a selected entity's events are published");
    }

    /// Pitstop: one fanout exchange, each message's type named in a header; publishers pass the
    /// message's `MessageType` first, workers switch on it.
    #[test]
    fn messages_told_apart_by_their_type_name() {
        let controller = concat!(
            "CustomerRegistered e = command.MapToCustomerRegistered();\n",
            "await _messagePublisher.PublishMessageAsync(e.MessageType, e, \"\");\n",
            "var v = VehicleRegistered.FromCommand(command);\n",
            "await _messagePublisher.PublishMessageAsync(v.MessageType, v, \"\");\n",
            "Guid id = Guid.NewGuid();\nawait _messagePublisher.PublishMessageAsync(id);\n",
        );
        assert_eq!(uses("cs", controller), [(Direction::Publishes, "CustomerRegistered".to_string()), (Direction::Publishes, "VehicleRegistered".to_string())]);
        let worker = concat!(
            "public class NotificationWorker : IHostedService, IMessageHandlerCallback\n{\n",
            "    public async Task<bool> HandleMessageAsync(string messageType, string message)\n    {\n",
            "        switch (messageType)\n        {\n",
            "            case \"CustomerRegistered\":\n                await HandleAsync(JObject.Parse(message).ToObject<CustomerRegistered>());\n                break;\n",
            "            // case \"Retired\":\n",
            "            case \"DayHasPassed\":\n                break;\n        }\n",
            "        switch (contentType) { case \"Json\": break; }\n",
            "        return true;\n    }\n}\n",
        );
        assert_eq!(
            uses("cs", worker),
            [(Direction::Subscribes, "CustomerRegistered".to_string()), (Direction::Subscribes, "DayHasPassed".to_string())],
            "a commented case and a switch on another value name no message"
        );
        let webhook = "public IActionResult Hook([FromHeader] string eventType) {\n  switch (eventType) { case \"Push\": Build(); break; }\n}\n";
        assert!(uses("cs", webhook).is_empty(), "a webhook's event names no channel");
        let nested = "public Task<bool> HandleMessageAsync(string messageType, string message) {\n  switch (messageType) {\n    case \"OrderPaid\":\n      switch (order.Status) { case \"Active\": break; }\n      break;\n  }\n}\n";
        assert_eq!(uses("cs", nested), [(Direction::Subscribes, "OrderPaid".to_string())], "a nested switch's cases are no messages");
        let members = concat!(
            "public Task Consume(ConsumeContext<PlaceOrder> context) { PlaceOrder cmd = context.Message; _publishEndpoint.Publish(cmd.ToOrderPlaced()); }\n",
            "OrderDto dto = Map(order);\n_messagePublisher.PublishAsync(\"orders\", dto);\n",
            "var body = Convert.FromBase64String(raw);\n_bus.Publish(body);\n",
        );
        assert!(uses("cs", members).iter().all(|(direction, _)| *direction == Direction::Subscribes), "{:?}", uses("cs", members));
    }

    #[test]
    fn eventuate_commands_and_aggregate_events_are_channels() {
        let proxy = "package acme.orders.sagas;\nimport io.eventuate.tram.commands.consumer.CommandWithDestination;\nclass KitchenProxy {\n  CommandEndpoint<CreateTicket> create = CommandEndpointBuilder.forCommand(CreateTicket.class).withChannel(KitchenServiceChannels.kitchenServiceChannel).build();\n}\n";
        assert_eq!(uses("java", proxy), [(Direction::Publishes, "const:KitchenServiceChannels.kitchenServiceChannel".to_string())], "the class's constant, else any of its name");
        let handlers = "package acme.kitchen;\nimport io.eventuate.tram.sagas.participant.SagaCommandHandlersBuilder;\nclass H {\n  CommandHandlers h() { return SagaCommandHandlersBuilder.fromChannel(\"kitchenService\").onMessage(CreateTicket.class, this::create).build(); }\n}\n";
        assert_eq!(uses("java", handlers), [(Direction::Subscribes, "kitchenService".to_string())]);
        let delivery = "package acme.delivery;\nimport io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;\nclass D {\n  DomainEventHandlers h() { return DomainEventHandlersBuilder.forAggregateType(OrderServiceChannels.ORDER_EVENT_CHANNEL).andForAggregateType(Kitchen.class.getName()).build(); }\n}\n";
        assert_eq!(
            uses("java", delivery),
            [(Direction::Subscribes, "const:OrderServiceChannels.ORDER_EVENT_CHANNEL".to_string()), (Direction::Subscribes, "acme.delivery.Kitchen".to_string())]
        );
        let consumer = "package acme.orders;\nimport io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;\nclass C {\n  DomainEventHandlers h() { return DomainEventHandlersBuilder.forAggregateType(\"acme.restaurants.domain.Restaurant\").onEvent(RestaurantCreated.class, this::created).build(); }\n}\n";
        assert_eq!(uses("java", consumer), [(Direction::Subscribes, "acme.restaurants.domain.Restaurant".to_string())]);
        let service = "package acme.restaurants.domain;\nimport io.eventuate.tram.events.publisher.DomainEventPublisher;\nclass S {\n  void create() { domainEventPublisher.publish(Restaurant.class, restaurant.getId(), events); }\n}\n";
        assert_eq!(uses("java", service), [(Direction::Publishes, "acme.restaurants.domain.Restaurant".to_string())]);
    }
}
