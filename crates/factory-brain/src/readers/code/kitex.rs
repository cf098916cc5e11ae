//! Go RPC frameworks whose generated clients take the callee's registered name rather than an
//! address, and NATS messages published as a whole:
//! - CloudWeGo Kitex: `productcatalogservice.NewClient("product", opts...)` (or
//!   `MustNewClient`), where the package is one of Kitex's generated `kitex_gen/...` packages
//!   the file imports, calls the service registered as `product` (its registry, Consul or etcd,
//!   resolves the name), as a Feign client's name does; `etcd.NewClient(..)` and
//!   `consul.NewClient(..)` of packages that are not Kitex's call no one. The generated package
//!   is named after the IDL's service (`productcatalogservice` for `ProductCatalogService`),
//!   so such a client also consumes that gRPC service, and `productcatalogservice.NewServer(
//!   handler, opts...)` serves it: the contract a shared `idl/` folder defines gets its
//!   provider and consumers;
//! - nats.go: `msg := &nats.Msg{Subject: "email", Data: data}` sent with `nc.PublishMsg(msg)`
//!   (or `RequestMsg`, JetStream's `js.PublishMsg`) publishes on the subject.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, string_constants, string_literal, Lines};
use super::messaging::{names_of, ChannelUse, Direction};

/// Words a file using Kitex's clients or NATS messages holds; [`uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &["kitex_gen", "PublishMsg", "RequestMsg"];

/// An import of a Kitex generated package: `"github.com/x/rpc_gen/kitex_gen/cart/cartservice"`,
/// aliased or not.
static KITEX_IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^\s*(?:import\s+)?(\w+\s+)?"[^"\n]*/kitex_gen/[^"\n]*?(\w+)""#).expect("a valid regex"));
static NEW_CLIENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\w+)\.(?:Must)?NewClient\s*\(").expect("a valid regex"));
static NEW_SERVER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\w+)\.NewServer\s*\(").expect("a valid regex"));
/// A NATS message literal's subject: `nats.Msg{Subject: "email", ..}`.
static NATS_MESSAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bnats\.Msg\s*\{[^{}]*?\bSubject\s*:\s*([^,}\n]+)").expect("a valid regex"));

/// What one Go file says through Kitex and NATS messages: services it calls by registered
/// name, the IDL services it calls and serves (by their generated package's name), with
/// offsets, and subjects it publishes.
#[derive(Debug, Default)]
pub(super) struct KitexUses {
    pub(super) called: Vec<(usize, String)>,
    pub(super) consumed: Vec<(usize, String)>,
    pub(super) served: Vec<(usize, String)>,
    pub(super) channels: Vec<ChannelUse>,
}

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> KitexUses {
    let mut found = KitexUses::default();
    if extension != "go" {
        return found;
    }
    let constants = string_constants(text);
    if text.contains("kitex_gen") {
        // (the name the file uses, the generated package's own name)
        let packages: Vec<(String, String)> = KITEX_IMPORT
            .captures_iter(text)
            .map(|captures| (captures.get(1).map_or_else(|| captures[2].to_string(), |alias| alias.as_str().trim().to_string()), captures[2].to_string()))
            .collect();
        let generated = |used: &str| packages.iter().find(|(name, _)| name == used).map(|(_, package)| package.clone());
        for captures in NEW_CLIENT.captures_iter(text) {
            let (Some(whole), Some(package)) = (captures.get(0), captures.get(1)) else { continue };
            let Some(package) = generated(package.as_str()).filter(|_| !lines.is_comment(whole.start())) else { continue };
            let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
            let Some(first) = arguments.first().map(|first| first.trim()) else { continue };
            let name = string_literal(first).map(str::to_string).or_else(|| constants.get(first).cloned());
            if let Some(name) = name.filter(|name| super::nameko::is_name(name)) {
                found.called.push((whole.start(), name));
                found.consumed.push((whole.start(), package));
            }
        }
        for captures in NEW_SERVER.captures_iter(text) {
            let (Some(whole), Some(package)) = (captures.get(0), captures.get(1)) else { continue };
            if let Some(package) = generated(package.as_str()).filter(|_| !lines.is_comment(whole.start())) {
                found.served.push((whole.start(), package));
            }
        }
    }
    if (text.contains("PublishMsg(") || text.contains("RequestMsg(")) && text.contains("nats.") {
        let lookup = |name: &str| constants.get(name).cloned();
        for captures in NATS_MESSAGE.captures_iter(text) {
            let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
            for name in names_of(&captures[1], &lookup) {
                found.channels.push(ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: "nats" });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kitex_clients_call_their_registered_names_and_other_clients_no_one() {
        let text = "package rpc\n\nimport (\n\t\"github.com/x/gomall/rpc_gen/kitex_gen/cart/cartservice\"\n\tpc \"github.com/x/gomall/rpc_gen/kitex_gen/product/productcatalogservice\"\n\t\"github.com/kitex-contrib/registry-etcd\"\n)\n\nconst orderName = \"order\"\n\nfunc Init() {\n\tCartClient, err = cartservice.NewClient(\"cart\", suite)\n\tProductClient = pc.MustNewClient(\"product\", suite)\n\tr, _ := etcd.NewClient(etcd.Options{})\n\t// OldClient, _ = cartservice.NewClient(\"legacy-cart\", suite)\n}\n";
        let found = uses("go", text, &Lines::new(text));
        assert_eq!(found.called.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>(), ["cart", "product"]);
        assert_eq!(found.consumed.iter().map(|(_, package)| package.as_str()).collect::<Vec<_>>(), ["cartservice", "productcatalogservice"]);
        assert!(found.served.is_empty());
    }

    #[test]
    fn kitex_servers_serve_their_generated_service_and_other_servers_nothing() {
        let text = "package main\n\nimport (\n\t\"github.com/x/gomall/rpc_gen/kitex_gen/product/productcatalogservice\"\n\t\"github.com/cloudwego/hertz/pkg/app/server\"\n)\n\nfunc main() {\n\tsvr := productcatalogservice.NewServer(new(ProductCatalogServiceImpl), opts...)\n\th := server.NewServer()\n}\n";
        let found = uses("go", text, &Lines::new(text));
        assert_eq!(found.served.iter().map(|(_, package)| package.as_str()).collect::<Vec<_>>(), ["productcatalogservice"]);
        assert!(found.called.is_empty() && found.consumed.is_empty());
    }

    #[test]
    fn nats_messages_published_whole_name_their_subject() {
        let text = "package service\n\nimport \"github.com/nats-io/nats.go\"\n\nfunc Send(data []byte) {\n\tmsg := &nats.Msg{Subject: \"email\", Data: data, Header: make(nats.Header)}\n\t_ = mq.Nc.PublishMsg(msg)\n}\n";
        let channels: Vec<String> = uses("go", text, &Lines::new(text)).channels.iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect();
        assert_eq!(channels, ["Publishes email"]);
        let built_only = "package service\n\nimport \"github.com/nats-io/nats.go\"\n\nfunc Build() *nats.Msg {\n\treturn &nats.Msg{Subject: \"email\"}\n}\n";
        assert!(uses("go", built_only, &Lines::new(built_only)).channels.is_empty(), "a message no call publishes");
    }
}
