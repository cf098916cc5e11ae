//! Nameko, Python's microservice framework over AMQP. Services call each other by service
//! name, never by URL, and raise events from the service that dispatches them:
//! - RPC: `orders_rpc = RpcProxy('orders')` (Nameko 2) or `ServiceRpc('orders')` (Nameko 3)
//!   makes the file depend on the service named `orders`, as a Feign client does; so does a
//!   standalone `ClusterRpcProxy`'s `rpc.orders.create(..)`;
//! - events: `self.dispatch('order_created', payload)` through an attribute assigned
//!   `EventDispatcher()` publishes on `<service>.events`, routing key `order_created`, where the
//!   service is the class's `name = 'orders'`; `@event_handler('orders', 'order_created')`
//!   subscribes to the same channel, `orders.events/order_created`. A standalone
//!   `event_dispatcher(config)` called with `('orders', 'order_created', payload)` publishes it.
//!
//! Only files that import Nameko are read.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, string_literal, Lines};
use super::messaging::{ChannelUse, Direction};

/// Words a file using Nameko holds; [`uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &["nameko"];

const PROTOCOL: &str = "amqp";

static RPC_PROXY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:RpcProxy|ServiceRpc)\s*\(").expect("a valid regex"));
/// `with ClusterRpcProxy(config) as rpc:` then `rpc.orders.create(..)`.
static CLUSTER_PROXY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"ClusterRpcProxy\s*\([^)]*\)\s+as\s+(\w+)").expect("a valid regex"));
/// A dispatcher attribute: `dispatch = EventDispatcher()`.
static DISPATCHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*(\w+)\s*=\s*EventDispatcher\s*\(").expect("a valid regex"));
/// A standalone dispatcher: `dispatch = event_dispatcher(config)`.
static STANDALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*(\w+)\s*=\s*event_dispatcher\s*\(").expect("a valid regex"));
static HANDLER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@event_handler\s*\(").expect("a valid regex"));
/// A service class's name: `name = 'orders'` (its own line, inside a class).
static SERVICE_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^\s+name\s*=\s*['"]([\w.-]+)['"]"#).expect("a valid regex"));

/// What one file says through Nameko: channel uses, and services it calls (with offsets).
#[derive(Debug, Default)]
pub(super) struct NamekoUses {
    pub(super) channels: Vec<ChannelUse>,
    pub(super) called: Vec<(usize, String)>,
}

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> NamekoUses {
    let mut found = NamekoUses::default();
    if extension != "py" || !text.contains("nameko") {
        return found;
    }
    let literal = |argument: &str| string_literal(argument.trim()).filter(|name| is_name(name)).map(str::to_string);
    for whole in RPC_PROXY.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        if let Some(service) = arguments(text, whole.end() - 1).and_then(|(arguments, _)| arguments.first().and_then(|first| literal(first))) {
            found.called.push((whole.start(), service));
        }
    }
    for captures in CLUSTER_PROXY.captures_iter(text) {
        let proxy = regex::escape(&captures[1]);
        let Ok(call) = Regex::new(&format!(r"\b{proxy}\.(\w+)\.\w+\s*\(")) else { continue };
        for used in call.captures_iter(text) {
            let (Some(whole), Some(service)) = (used.get(0), used.get(1)) else { continue };
            if !lines.is_comment(whole.start()) {
                found.called.push((whole.start(), service.as_str().to_string()));
            }
        }
    }
    // Events a service dispatches through its attributes: `self.<attribute>('type', ..)`.
    for captures in DISPATCHER.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let service = SERVICE_NAME.captures_iter(&text[..whole.start()]).last().map(|name| name[1].to_string());
        let Some(service) = service else { continue };
        let Ok(call) = Regex::new(&format!(r"\bself\.{}\s*\(", regex::escape(&captures[1]))) else { continue };
        for dispatched in call.find_iter(text).filter(|dispatched| !lines.is_comment(dispatched.start())) {
            if let Some(event) = arguments(text, dispatched.end() - 1).and_then(|(arguments, _)| arguments.first().and_then(|first| literal(first))) {
                found.channels.push(channel(dispatched.start(), Direction::Publishes, &service, &event));
            }
        }
    }
    for captures in STANDALONE.captures_iter(text) {
        let Ok(call) = Regex::new(&format!(r"\b{}\s*\(", regex::escape(&captures[1]))) else { continue };
        for dispatched in call.find_iter(text).filter(|dispatched| !lines.is_comment(dispatched.start())) {
            let Some((arguments, _)) = arguments(text, dispatched.end() - 1) else { continue };
            if let (Some(service), Some(event)) = (arguments.first().and_then(|first| literal(first)), arguments.get(1).and_then(|second| literal(second))) {
                found.channels.push(channel(dispatched.start(), Direction::Publishes, &service, &event));
            }
        }
    }
    for whole in HANDLER.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        if let (Some(service), Some(event)) = (arguments.first().and_then(|first| literal(first)), arguments.get(1).and_then(|second| literal(second))) {
            found.channels.push(channel(whole.start(), Direction::Subscribes, &service, &event));
        }
    }
    found
}

/// The channel of a service's event: Nameko's exchange `<service>.events`, routing key the type.
fn channel(offset: usize, direction: Direction, service: &str, event: &str) -> ChannelUse {
    ChannelUse { offset, direction, name: format!("{service}.events/{event}"), protocol: PROTOCOL }
}

/// A service or event name as Nameko takes them, and as a registry holds one (Kitex's
/// `product`, `cart-service`, `shop.order`).
pub(super) fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpc_proxies_call_services_and_dispatchers_meet_handlers_on_the_services_events() {
        let gateway = "from nameko.rpc import RpcProxy\n\nclass GatewayService(object):\n    name = 'gateway'\n    orders_rpc = RpcProxy('orders')\n    products_rpc = ServiceRpc(\"products\")\n    # audit_rpc = RpcProxy('audit')\n";
        let found = uses("py", gateway, &Lines::new(gateway));
        assert_eq!(found.called.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(), ["orders", "products"]);
        let orders = "from nameko.events import EventDispatcher\nfrom nameko.rpc import rpc\n\nclass OrdersService:\n    name = 'orders'\n    event_dispatcher = EventDispatcher()\n\n    @rpc\n    def create_order(self, details):\n        self.event_dispatcher('order_created', {'order': details})\n";
        let found = uses("py", orders, &Lines::new(orders));
        let channels: Vec<String> = found.channels.iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect();
        assert_eq!(channels, ["Publishes orders.events/order_created"]);
        let products = "from nameko.events import event_handler\n\nclass ProductsService:\n    name = 'products'\n\n    @event_handler('orders', 'order_created')\n    def handle_order_created(self, payload):\n        pass\n";
        let channels: Vec<String> = uses("py", products, &Lines::new(products)).channels.iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect();
        assert_eq!(channels, ["Subscribes orders.events/order_created"]);
        let script = "from nameko.standalone.rpc import ClusterRpcProxy\nfrom nameko.standalone.events import event_dispatcher\nwith ClusterRpcProxy(config) as rpc:\n    rpc.products.get('x')\ndispatch = event_dispatcher(config)\ndispatch('orders', 'order_created', {})\n";
        let found = uses("py", script, &Lines::new(script));
        assert_eq!(found.called.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(), ["products"]);
        assert_eq!(found.channels.iter().map(|found| found.name.as_str()).collect::<Vec<_>>(), ["orders.events/order_created"]);
        assert!(uses("py", "proxy = RpcProxy('orders')\n", &Lines::new("proxy = RpcProxy('orders')\n")).called.is_empty(), "no Nameko import");
    }
}
