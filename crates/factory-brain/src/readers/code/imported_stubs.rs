//! gRPC stubs built in one module and called in another that imports them. portal-ts of the
//! seventh planted-mismatch evaluation's org L builds `export const shipments = new
//! pkg.acme.shipment.v1.ShipmentService(..)` in src/grpc/shipments.ts and calls
//! `shipments.GetShipment(..)`, `shipments.RescheduleShipment(..)` in src/routes/shipments.ts
//! after `import { shipments } from '../grpc/shipments'`; a Python module does the same with
//! `from notify.grpc import stub`. The building module says which of its stubs it exports (an
//! `exports_stub` edge to the service, with the name); the importing one calls rpcs of a service
//! it names by the import (`grpc:@shipments/GetShipment`), which resolution makes the exported
//! stub's service where the component exports a stub under that name, and drops otherwise.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{word_offsets, Lines};
use super::stubs::{is_rpc_name, RpcCall};

/// The edge kind by which a module says it exports a stub of a service under a name.
pub const EXPORTS_STUB: &str = "exports_stub";

/// The prefix of the service an imported stub's rpc call names until resolution knows it.
pub const IMPORTED: &str = "@";

/// JavaScript's and TypeScript's imports of names from a module of the code's own (a relative
/// path): `import { a, b as c } from './x'`, `import a from '../x'`, `const { a } =
/// require('./x')`, `const a = require('./x')`.
static SCRIPT_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:import\s+(?:(?P<default>[A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{(?P<names>[^{}]*)\})?\s*from\s*",
        r"|(?:const|let|var)\s+(?:\{(?P<required>[^{}]*)\}|(?P<whole>[A-Za-z_$][\w$]*))\s*=\s*require\(\s*)",
        r#"['"](?P<module>\.{1,2}/[^'"]+)['"]"#,
    ))
    .expect("a valid regex")
});
/// Python's `from x import a, b as c` (a parenthesised list too).
static PYTHON_IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*from\s+[\w.]+\s+import\s+(?:\((?P<listed>[^()]*)\)|(?P<names>[^\n#]+))").expect("a valid regex"));

/// The names `text` (a module in `extension`) imports, by their local names (after `as`): in
/// JavaScript and TypeScript from the code's own modules (a relative path); in Python from any
/// module, which cannot be told apart by its name (resolution keeps only the names a module of
/// the component exports a stub under).
fn imported_names<'a>(extension: &str, text: &'a str) -> BTreeSet<&'a str> {
    let listed = |list: &'a str| list.split(',').map(|item| item.rsplit(" as ").next().unwrap_or(item).trim()).filter(|name| !name.is_empty());
    let mut names = BTreeSet::new();
    match extension {
        "py" if text.contains("import") => {
            for captures in PYTHON_IMPORT.captures_iter(text) {
                names.extend(captures.name("listed").or_else(|| captures.name("names")).into_iter().flat_map(|list| listed(list.as_str())));
            }
        }
        "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" if text.contains("./") => names.extend(script_imports(text).into_iter().map(|(_, local)| local)),
        _ => {}
    }
    // protobuf's generated modules (`shipment_pb2`) build messages, not stubs.
    let generated = |name: &str| ["_pb2", "_pb2_grpc", "_grpc", "_pb"].iter().any(|suffix| name.ends_with(suffix));
    names.retain(|name| name.starts_with(|first: char| first.is_ascii_lowercase() || first == '_') && name.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '$') && !generated(name));
    names
}

/// The names a JavaScript or TypeScript module imports from modules of the code's own, with the
/// module's path: the local names (`mqttClient` of `{ client: mqttClient }` or `{ client as
/// mqttClient }`).
pub(super) fn script_imports(text: &str) -> Vec<(&str, &str)> {
    let mut imports = Vec::new();
    for captures in SCRIPT_IMPORT.captures_iter(text) {
        let Some(module) = captures.name("module").map(|module| module.as_str()) else { continue };
        imports.extend(captures.name("default").or_else(|| captures.name("whole")).map(|name| (module, name.as_str())));
        for entry in captures.name("names").or_else(|| captures.name("required")).map_or("", |list| list.as_str()).split(',') {
            let local = entry.rsplit(':').next().unwrap_or(entry).rsplit(" as ").next().unwrap_or(entry).trim();
            if !local.is_empty() {
                imports.push((module, local));
            }
        }
    }
    imports
}

/// The rpcs `text` calls on names it imports from its own modules: `shipments.GetShipment(..)`,
/// a method named as a proto names its rpcs (upper camel case), as calls of `@shipments`.
pub(super) fn imported_rpc_calls(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<RpcCall> {
    let mut calls = Vec::new();
    // The gate: a method named in upper camel case is called somewhere (`.GetShipment(`).
    let bytes = text.as_bytes();
    if !bytes.windows(2).any(|pair| pair[0] == b'.' && pair[1].is_ascii_uppercase()) {
        return calls;
    }
    for name in imported_names(extension, text) {
        for at in word_offsets(text, name) {
            let Some(rest) = text[at + name.len()..].strip_prefix('.') else { continue };
            let length = rest.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(rest.len());
            let method = &rest[..length];
            if method.starts_with(|first: char| first.is_ascii_uppercase()) && rest[length..].trim_start().starts_with('(') && is_rpc_name(method) && !lines.is_comment(at) {
                calls.push(RpcCall { offset: at, service: format!("{IMPORTED}{name}"), method: method.to_string() });
            }
        }
    }
    calls.sort_by_key(|call| call.offset);
    calls
}

/// The stubs among `stubs` (a module's stub variables and their services) that the module
/// exports: JavaScript's `export const x =`, `export { x }`, `module.exports = { x }`,
/// `exports.x =`; a Python module's top-level names.
pub(super) fn exported<'a>(extension: &str, text: &str, stubs: &'a BTreeMap<String, String>) -> Vec<(&'a str, &'a str)> {
    let exports = |name: &str| match extension {
        "py" => text.starts_with(&format!("{name} =")) || text.contains(&format!("\n{name} =")) || text.contains(&format!("\n{name}: ")),
        "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" => {
            ["export const ", "export let ", "export var ", "exports."].iter().any(|prefix| text.contains(&format!("{prefix}{name}")))
                || ["export {", "module.exports = {", "module.exports={"].iter().any(|list| text.split(list).skip(1).any(|rest| rest.split('}').next().is_some_and(|names| names.split(',').any(|item| item.split(" as ").next().unwrap_or("").trim() == name))))
        }
        _ => false,
    };
    stubs.iter().filter(|(name, _)| exports(name)).map(|(name, service)| (name.as_str(), service.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpcs_called_on_imported_names() {
        let script = "import { FastifyInstance } from 'fastify';\nimport { shipments, call as rpc } from '../grpc/shipments';\nconst { orders } = require('./orders');\n\nshipments.GetShipment({ id }, cb);\n// shipments.CancelShipment(x)\norders.list();\nrpc.Ping();\n";
        let called: Vec<String> = imported_rpc_calls("ts", script, &Lines::new(script)).into_iter().map(|call| format!("{}/{}", call.service, call.method)).collect();
        assert_eq!(called, ["@shipments/GetShipment", "@rpc/Ping"]);
        let python = "from notify.grpc import (\n    stub,\n    other as o,\n)\nreply = stub.GetShipment(req)\n";
        let called: Vec<String> = imported_rpc_calls("py", python, &Lines::new(python)).into_iter().map(|call| format!("{}/{}", call.service, call.method)).collect();
        assert_eq!(called, ["@stub/GetShipment"]);
    }

    #[test]
    fn exported_stubs() {
        let stubs: BTreeMap<String, String> = [("shipments", "ShipmentService"), ("local", "Other")].into_iter().map(|(name, service)| (name.to_string(), service.to_string())).collect();
        assert_eq!(exported("ts", "export const shipments = new pkg.ShipmentService(a);\nconst local = new pkg.Other(a);\n", &stubs), [("shipments", "ShipmentService")]);
        assert_eq!(exported("js", "const shipments = x;\nmodule.exports = { shipments };\n", &stubs), [("shipments", "ShipmentService")]);
        assert_eq!(exported("py", "import grpc\nshipments = pb2_grpc.ShipmentServiceStub(ch)\ndef f():\n    local = 1\n", &stubs), [("shipments", "ShipmentService")]);
    }
}
