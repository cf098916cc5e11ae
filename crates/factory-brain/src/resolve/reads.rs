//! Which response each read of a component's code is of. The code reader binds a holder to
//! the call its value came from ([`crate::model::Binding::Response`]) and names the types
//! responses are decoded into (`decodes` edges); here the types' declared fields, wherever in
//! the component they are declared, take their call, and each call is matched to what answers
//! it ([`crate::resolve::ReadTie`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::Binding;
use crate::resolve::calls::CallMatcher;
use crate::readers::code::proto_loader::LOADS_PROTOS;
use crate::resolve::{ComponentRead, Components, GraphBuilder, ReadTie, ReplyNames, ScannedFacts};

/// The edge kind by which the code reader says a type holds the response of a call.
pub(crate) const DECODES: &str = "decodes";

/// Binds the fields each component's types declare to the calls whose responses are decoded
/// into those types (`getForObject(url, OrderDto.class)` in one file, `OrderDto`'s fields in
/// another), and to the channels whose messages a consumer of the type is bound to
/// ([`received_types`]). A type decoded from two calls is read from both. The types a decoded
/// type's fields hold (a C# `PaymentDto`'s `MoneyDto Amount`, a pydantic model's `lines:
/// list[OrderLine]`, a serde struct's `balance: Money`), three levels down at most, are read
/// from the same responses through those fields ([`crate::model::FieldRead::via`]).
pub(crate) fn bind_decoded_types(reads: &mut Vec<ComponentRead>, files: &[ScannedFacts], components: &Components) {
    // component -> type -> the responses and messages decoded into it
    let mut decoded: Decoded<'_> = BTreeMap::new();
    received_types(&mut decoded, files, components);
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == DECODES).peekable();
        if edges.peek().is_none() {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else { continue };
        for edge in edges {
            if let (Some(type_name), Some(call)) = (edge.to.strip_prefix("type:"), edge.props.get("call").and_then(Value::as_str)) {
                decoded.entry(component.node_ref.as_str()).or_default().entry(type_name).or_default().insert(Binding::Response(call.to_string()));
            }
        }
    }
    if decoded.is_empty() {
        return;
    }
    let held = held_types(reads, &decoded);
    let mut bound = Vec::with_capacity(reads.len());
    for read in reads.drain(..) {
        let calls = match (&read.read.binding, read.read.holder.as_deref()) {
            (None, Some(holder)) => decoded.get(read.component.as_str()).and_then(|types| types.get(holder)),
            // A C# type's properties, as .NET serializes them, are what a response decoded into
            // it holds (`GetFromJsonAsync<OrderDto>(..)`); the type stays the component's own too.
            (Some(Binding::Built), Some(holder)) if read.read.declared_in.is_some() => {
                let calls = decoded.get(read.component.as_str()).and_then(|types| types.get(holder));
                if calls.is_some() {
                    bound.push(read.clone());
                }
                calls
            }
            _ => None,
        };
        // The type is held by a field of a decoded type: read through that field.
        let holding = match (&read.read.binding, read.read.declared_in.as_deref()) {
            (None | Some(Binding::Built), Some(type_name)) if calls.is_none() => held.get(&(read.component.clone(), type_name.to_string())),
            _ => None,
        };
        if let Some(holding) = holding {
            if read.read.binding.is_some() {
                bound.push(read.clone());
            }
            for Holding { via, binding } in holding {
                let mut copy = read.clone();
                copy.read.binding = Some(binding.clone());
                copy.read.via.clone_from(via);
                bound.push(copy);
            }
            continue;
        }
        match calls {
            Some(calls) => {
                for binding in calls {
                    let mut copy = read.clone();
                    copy.read.binding = Some(binding.clone());
                    bound.push(copy);
                }
            }
            None => bound.push(read),
        }
    }
    *reads = bound;
}

/// The message types of each component's consumers bound to channels (MassTransit's receive
/// endpoints, [`crate::readers::code::masstransit`]): a consumer class an endpoint bound to a
/// routing key configures receives, into the type it consumes, the messages of that key.
fn received_types<'a>(decoded: &mut Decoded<'a>, files: &'a [ScannedFacts], components: &'a Components) {
    use crate::readers::code::masstransit::{CONSUMERS, RECEIVES};
    // component -> consumer class -> channels, and -> the types it receives.
    type ByConsumer<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeSet<&'a str>>>;
    let (mut bound, mut receives): (ByConsumer<'a>, ByConsumer<'a>) = Default::default();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == RECEIVES || (edge.kind == "subscribes" && edge.props.get(CONSUMERS).is_some())).peekable();
        if edges.peek().is_none() {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else { continue };
        for edge in edges {
            if let (Some(channel), Some(consumers)) = (edge.to.strip_prefix("channel:"), edge.props.get(CONSUMERS).and_then(Value::as_array)) {
                for consumer in consumers.iter().filter_map(Value::as_str) {
                    bound.entry(component.node_ref.as_str()).or_default().entry(consumer).or_default().insert(channel);
                }
            } else if let (Some(type_name), Some(consumer)) = (edge.to.strip_prefix("type:"), edge.props.get("consumer").and_then(Value::as_str)) {
                receives.entry(component.node_ref.as_str()).or_default().entry(consumer).or_default().insert(type_name);
            }
        }
    }
    for (component, consumers) in bound {
        for (consumer, channels) in consumers {
            for type_name in receives.get(component).and_then(|receives| receives.get(consumer)).into_iter().flatten() {
                let bindings = decoded.entry(component).or_default().entry(type_name).or_default();
                bindings.extend(channels.iter().map(|channel| Binding::Message(channel.to_string())));
            }
        }
    }
}

/// Makes each read of what a function of the component's code returns ([`Binding::Returned`])
/// a read of the response that function returns, when the component's functions of that name
/// all return the same call's (`returns` edges); a read no such function explains goes back to
/// being unbound, or is dropped where the reader found it only for the binding
/// ([`crate::model::FieldRead::bound_only`]). Python attributes of such a response are
/// named as the wire names them, like those of a response the file's own call answers.
pub(crate) fn follow_returned(reads: &mut Vec<ComponentRead>, files: &[ScannedFacts], components: &Components) {
    if !reads.iter().any(|read| matches!(read.read.binding, Some(Binding::Returned(_)))) {
        return;
    }
    // component -> function -> the calls it returns the responses of
    let mut returns: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == crate::readers::code::RETURNS).peekable();
        if edges.peek().is_none() {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else { continue };
        for edge in edges {
            if let (Some(function), Some(call)) = (edge.to.strip_prefix("function:"), edge.props.get("call").and_then(Value::as_str)) {
                returns.entry(component.node_ref.as_str()).or_default().entry(function).or_default().insert(call);
            }
        }
    }
    let followed: Vec<Option<Binding>> = reads
        .iter()
        .map(|read| {
            let Some(Binding::Returned(function)) = &read.read.binding else { return None };
            match returns.get(read.component.as_str()).and_then(|functions| functions.get(function.as_str())).map(|calls| calls.iter().collect::<Vec<_>>()).as_deref() {
                Some([call]) => Some(Binding::Response(call.to_string())),
                _ => None,
            }
        })
        .collect();
    let mut index = 0;
    reads.retain_mut(|read| {
        let followed = followed[index].clone();
        index += 1;
        if !matches!(read.read.binding, Some(Binding::Returned(_))) {
            return true;
        }
        if followed.is_some() {
            read.read.any_case &= !read.path.ends_with(".py");
            read.read.binding = followed;
            return true;
        }
        read.read.binding = None;
        !read.read.bound_only
    });
}

/// How deep the types a decoded type holds are followed.
const HELD_DEPTH: usize = 3;

/// component -> type (its name without a suffix, as reads' holders name it) -> what is
/// decoded into it: the responses of calls, messages of channels.
type Decoded<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeSet<Binding>>>;

/// A type a decoded type holds: the fields that lead to it, outermost first, and the response
/// or message the outermost type is decoded from.
#[derive(PartialEq)]
struct Holding {
    via: Vec<String>,
    binding: Binding,
}

/// A type whose fields' types are still to be followed.
struct Reached<'a> {
    component: &'a str,
    type_name: &'a str,
    via: Vec<String>,
    calls: &'a BTreeSet<Binding>,
}

/// (component, type) -> the fields of decoded types that hold it, and the calls those are
/// decoded from: `MoneyDto` -> (`amount`, `http:ANY /payments/{}`) when a response is decoded
/// into a `PaymentDto` whose `Amount` holds a `MoneyDto`.
fn held_types(reads: &[ComponentRead], decoded: &Decoded<'_>) -> BTreeMap<(String, String), Vec<Holding>> {
    // (component, type) -> (field, the type it holds); and the declared types decoded.
    let mut fields: BTreeMap<(&str, &str), Vec<(&str, &str)>> = BTreeMap::new();
    let mut pending: Vec<Reached<'_>> = Vec::new();
    let mut decoded_types = BTreeSet::new();
    for read in reads.iter().filter(|read| matches!(read.read.binding, None | Some(Binding::Built))) {
        let Some(type_name) = read.read.declared_in.as_deref() else { continue };
        if let Some(held) = read.read.holds_type.as_deref().filter(|held| *held != type_name) {
            fields.entry((read.component.as_str(), type_name)).or_default().push((read.read.field.as_str(), held));
        }
        if let Some(calls) = read.read.holder.as_deref().and_then(|holder| decoded.get(read.component.as_str())?.get(holder))
            && decoded_types.insert((read.component.as_str(), type_name))
        {
            pending.push(Reached { component: read.component.as_str(), type_name, via: Vec::new(), calls });
        }
    }
    let mut held: BTreeMap<(String, String), Vec<Holding>> = BTreeMap::new();
    while let Some(Reached { component, type_name, via, calls }) = pending.pop() {
        for (field, held_type) in fields.get(&(component, type_name)).into_iter().flatten() {
            let mut inner = via.clone();
            inner.push(field.to_string());
            let holdings = held.entry((component.to_string(), held_type.to_string())).or_default();
            for binding in calls {
                let holding = Holding { via: inner.clone(), binding: binding.clone() };
                if !holdings.contains(&holding) {
                    holdings.push(holding);
                }
            }
            if inner.len() < HELD_DEPTH {
                pending.push(Reached { component, type_name: held_type, via: inner, calls });
            }
        }
    }
    held
}

/// How each read of an rpc's reply names its fields ([`ReplyNames`]): a Python stub's reply by
/// the proto's names; a JavaScript or TypeScript one as the @grpc/proto-loader its component
/// loads protos with says (camel-cased, unless `keepCase: true`), when all its loads agree.
pub(crate) fn name_reply_fields(reads: &mut [ComponentRead], files: &[ScannedFacts], components: &Components) {
    // component -> whether its loads keep the proto's case.
    let mut keep_case: BTreeMap<&str, BTreeSet<bool>> = BTreeMap::new();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == LOADS_PROTOS) {
            if let (Some(component), Some(keeps)) = (components.owning(&file.repo, &file.path), edge.props.get("keep_case").and_then(Value::as_bool)) {
                keep_case.entry(component.node_ref.as_str()).or_default().insert(keeps);
            }
        }
    }
    for read in reads.iter_mut().filter(|read| matches!(&read.read.binding, Some(Binding::Response(call)) if call.starts_with("grpc:"))) {
        let extension = read.path.rsplit_once('.').map_or("", |(_, extension)| extension);
        read.reply_names = match extension {
            "py" => Some(ReplyNames::Proto),
            "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" => match keep_case.get(read.component.as_str()).map(|keeps| keeps.iter().collect::<Vec<_>>()).as_deref() {
                Some([true]) => Some(ReplyNames::Proto),
                Some([false]) => Some(ReplyNames::Json),
                _ => None,
            },
            _ => None,
        };
    }
}

/// What answers each read bound to a call's response.
pub(crate) fn tie_reads(graph: &mut GraphBuilder, matcher: &CallMatcher) {
    for read in &mut graph.reads {
        if let Some(Binding::Response(call)) = &read.read.binding {
            read.tie = matcher.tie(&read.component, call);
        }
    }
}

/// The messages each read of a received message is of: those on its channel (see
/// [`crate::resolve::edges`]'s `same_channel`), when its component subscribes to the channel
/// (its code, or its messages). Which way a contract's document says its own service goes does
/// not matter: the orders API's AsyncAPI 2 `subscribe` named `onOrderPlaced` is read as its
/// service subscribing, though it publishes. A read of a channel the component does not
/// subscribe to, or that no contract describes, stays untied.
pub(crate) fn tie_message_reads(graph: &mut GraphBuilder) {
    if !graph.reads.iter().any(|read| matches!(read.read.binding, Some(Binding::Message(_)))) {
        return;
    }
    // message -> its channel's address; component -> the addresses it subscribes to.
    let addresses: BTreeMap<&str, &str> =
        graph.nodes().filter(|node| node.kind == "message").filter_map(|node| Some((node.node_ref.as_str(), node.props.get("channel")?.as_str()?))).collect();
    let mut subscribed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "subscribes") {
        if let Some(address) = edge.to.strip_prefix("channel:").or_else(|| addresses.get(edge.to.as_str()).copied()) {
            subscribed.entry(edge.from.as_str()).or_default().insert(address);
        }
    }
    let same_channel = crate::resolve::edges::same_channel;
    // A queue a topic forwards to carries the topic's messages.
    let forwarded = crate::resolve::channels::forwarded_topics(graph);
    let ties: Vec<Option<ReadTie>> = graph
        .reads
        .iter()
        .map(|read| {
            let Some(Binding::Message(channel)) = &read.read.binding else { return None };
            if !subscribed.get(read.component.as_str()).is_some_and(|addresses| addresses.iter().any(|address| same_channel(address, channel))) {
                return None;
            }
            let topics: Vec<&str> = forwarded.iter().filter(|(queue, _)| same_channel(queue, channel)).flat_map(|(_, topics)| topics.iter().map(String::as_str)).collect();
            let carried = |address: &str| same_channel(address, channel) || topics.iter().any(|topic| same_channel(address, topic));
            let messages: Vec<String> = addresses.iter().filter(|(_, address)| carried(address)).map(|(message, _)| message.to_string()).collect();
            (!messages.is_empty()).then_some(ReadTie::Message(messages))
        })
        .collect();
    for (read, tie) in graph.reads.iter_mut().zip(ties) {
        if tie.is_some() {
            read.tie = tie;
        }
    }
}
