//! The rpcs a gRPC client calls: a method called on a variable that holds a stub of a service
//! (`_stub.RefundPayment(req)`, Go `client.GetOrder(ctx, req)`, Java `stub.getPayment(req)`,
//! C# `await client.GetStockAsync(req)`), as `grpc:<Service>/<Method>`. A stub variable is one
//! assigned a client's construction (`x = PaymentServiceStub(channel)`, `client :=
//! pb.NewOrderServiceClient(conn)`, `this.stub = PaymentServiceGrpc.newBlockingStub(channel)`)
//! or declared with a stub's type (`InventoryServiceGrpc.InventoryServiceBlockingStub
//! inventory`, `InventoryService.InventoryServiceClient inventory`, Go's `orders
//! pb.OrderServiceClient`). Resolution keeps only services the org defines, and compares the
//! method with their rpcs.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed, Lines};
use super::GRPC_CLIENT;

/// One rpc called on a stub: where the stub's name starts, the service and the method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RpcCall {
    pub(super) offset: usize,
    pub(super) service: String,
    pub(super) method: String,
}

/// The name a client's construction is assigned to, ending the text before it:
/// `self._stub = pb2_grpc.`, `client := pb.`, `this.stub = `, `orders: pb.` (a struct field).
static ASSIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w.])(?:(?:this|self)\.)?([A-Za-z_]\w*)\s*(?::=|=|:)\s*(?:await\s+)?(?:new\s+)?[\w.]*$").expect("a valid regex"));
/// A method called on a name: `name.Method(`.
static METHOD_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)\s*\(").expect("a valid regex"));

/// Methods every stub has that are not rpcs.
const STUB_METHODS: &[&str] = &[
    "close", "shutdown", "shutdownnow", "awaittermination", "getchannel", "dispose", "disposeasync", "tostring", "equals", "hashcode", "gethashcode",
    "getclass", "gettype", "waitforready", "makeunaryrequest", "getcalloptions", "build",
];

/// Whether `text` may hold a stub (the gate before [`rpc_calls`]): it names gRPC (`grpc`,
/// `Grpc`) or a stub.
pub(super) fn may_call(text: &str) -> bool {
    text.contains("rpc") || text.contains("Stub")
}

/// Every rpc called on a stub in `text`.
pub(super) fn rpc_calls(text: &str, lines: &Lines<'_>) -> Vec<RpcCall> {
    let mut stubs: BTreeMap<String, String> = BTreeMap::new();
    let mut calls = Vec::new();
    for captures in GRPC_CLIENT.captures_iter(text) {
        let (Some(whole), Some(service)) = (captures.get(0), captures.iter().skip(1).flatten().next()) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        // The match may start with the character before the client's name.
        let start = whole.start() + usize::from(!whole.as_str().starts_with(|character: char| character.is_alphanumeric()));
        // `pb.NewCartServiceClient(conn).GetCart(ctx, req)`: an rpc on a stub used once.
        let after = enclosed(text, whole.end() - 1).map(|(_, end)| text[end..].trim_start());
        if let Some(chained) = after.and_then(|after| after.strip_prefix('.')) {
            let chained = chained.trim_start();
            let name_end = chained.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(chained.len());
            if chained[name_end..].trim_start().starts_with('(') && is_rpc_name(&chained[..name_end]) {
                calls.push(RpcCall { offset: start, service: service.as_str().to_string(), method: chained[..name_end].to_string() });
            }
            continue;
        }
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |at| at + 1);
        let Some(variable) = ASSIGNED.captures(&text[line_start..start]).and_then(|assigned| assigned.get(1)) else { continue };
        // `a, err := ...`: a tuple takes what a call returns, not a client.
        if !text[line_start..line_start + variable.start()].trim_end().ends_with(',') {
            stubs.insert(variable.as_str().to_string(), service.as_str().to_string());
        }
    }
    declared_stubs(text, &mut stubs);
    super::quarkus_grpc::injected_stubs(text, lines, &mut stubs);
    if stubs.is_empty() {
        return calls;
    }
    for captures in METHOD_CALL.captures_iter(text) {
        let (Some(receiver), Some(method)) = (captures.get(1), captures.get(2)) else { continue };
        let Some(service) = stubs.get(receiver.as_str()) else { continue };
        if !is_rpc_name(method.as_str()) || lines.is_comment(receiver.start()) {
            continue;
        }
        calls.push(RpcCall { offset: receiver.start(), service: service.clone(), method: method.as_str().to_string() });
    }
    calls.sort_by_key(|call| call.offset);
    calls
}

/// Variables, fields and parameters declared with a stub's type: `Type name` (Java, C#:
/// `InventoryServiceGrpc.InventoryServiceBlockingStub inventory`, `Inventory.InventoryClient
/// client`), `name Type` (Go: `orders pb.OrderServiceClient`), `name: Type` (Python,
/// TypeScript, Kotlin). Found from each `Stub`/`Client` word, read by hand around it.
fn declared_stubs(text: &str, stubs: &mut BTreeMap<String, String>) {
    let is_name = |character: char| character.is_alphanumeric() || character == '_';
    for suffix in ["Stub", "Client"] {
        for (at, _) in text.match_indices(suffix) {
            let end = at + suffix.len();
            if text[end..].starts_with(is_name) {
                continue;
            }
            let type_start = text[..at].rfind(|character: char| !is_name(character)).map_or(0, |found| found + 1);
            let mut service = &text[type_start..at];
            for kind in ["Blocking", "Future"] {
                service = service.strip_suffix(kind).unwrap_or(service);
            }
            // Quarkus's `MutinyOrdersGrpc.MutinyOrdersStub` is a stub of `Orders`.
            service = super::quarkus_grpc::without_mutiny(service);
            if !service.starts_with(|character: char| character.is_ascii_uppercase()) {
                continue;
            }
            // `Type name` followed by `;`, `,`, `)` or `=`.
            let after = &text[end..];
            let rest = after.trim_start_matches([' ', '\t']);
            if rest.len() < after.len() && rest.starts_with(|character: char| character.is_ascii_lowercase() || character == '_') {
                let name_end = rest.find(|character: char| !is_name(character)).unwrap_or(rest.len());
                if rest[name_end..].trim_start().starts_with([';', ',', ')', '=']) {
                    stubs.entry(rest[..name_end].to_string()).or_insert_with(|| service.to_string());
                    continue;
                }
            }
            // `name Type` (Go) or `name: Type`, the type maybe qualified (`pb.`) or a pointer.
            let before = text[..type_start].trim_end_matches(|character: char| is_name(character) || character == '.' || character == '*');
            let before = before.strip_suffix(|character: char| character == '.').unwrap_or(before);
            let (before, typed) = match before.trim_end_matches([' ', '\t']).strip_suffix(':') {
                Some(before) => (before.trim_end(), true),
                None => (before.trim_end_matches([' ', '\t']), false),
            };
            let ends_declaration = typed || after.trim_start_matches([' ', '\t']).starts_with(['\n', ';', ',', ')', '\r']) || after.is_empty();
            let name_start = before.rfind(|character: char| !is_name(character)).map_or(0, |found| found + 1);
            let name = &before[name_start..];
            if ends_declaration && before.len() < text[..type_start].len() && name.starts_with(|character: char| character.is_ascii_lowercase() || character == '_') {
                stubs.entry(name.to_string()).or_insert_with(|| service.to_string());
            }
        }
    }
}

/// Whether a method called on a stub may be an rpc: not one every stub has.
fn is_rpc_name(method: &str) -> bool {
    let lower = method.to_lowercase();
    !lower.starts_with("with") && !STUB_METHODS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(text: &str) -> Vec<String> {
        rpc_calls(text, &Lines::new(text)).into_iter().map(|call| format!("{}/{}", call.service, call.method)).collect()
    }

    #[test]
    fn rpcs_called_on_stubs_in_each_language() {
        let python = "_stub = payments_pb2_grpc.PaymentServiceStub(channel)\nreply = _stub.Charge(req, timeout=5)\nrefund = _stub.RefundPayment(r)\n_stub.close()\n";
        assert_eq!(called(python), ["PaymentService/Charge", "PaymentService/RefundPayment"]);
        let go = "type server struct {\n\torders pb.OrderServiceClient\n}\nfunc (s *server) f() {\n\tclient := pb.NewStockClient(conn)\n\tclient.GetStock(ctx, req)\n\ts.orders.GetOrder(ctx, r)\n\tcart, err := pb.NewCartServiceClient(conn).\n\t\tGetCart(ctx, req)\n\treturn err.Error()\n}\n";
        assert_eq!(called(go), ["Stock/GetStock", "OrderService/GetOrder", "CartService/GetCart"]);
        let java = "private final InventoryServiceGrpc.InventoryServiceBlockingStub inventory;\nStock s = inventory.withDeadlineAfter(1, SECONDS).getStock(req);\nReservation r = inventory.reserve(req);\n";
        assert_eq!(called(java), ["InventoryService/reserve"]);
        let csharp = "app.MapGet(\"/x\", async (string sku, InventoryService.InventoryServiceClient inventory) => {\n  var stock = await inventory.GetStockAsync(new GetStockRequest { Sku = sku });\n});\n";
        assert_eq!(called(csharp), ["InventoryService/GetStockAsync"]);
    }
}
