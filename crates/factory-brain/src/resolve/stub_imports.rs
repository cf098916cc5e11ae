//! The rpcs a module calls on a stub another module of its component builds and exports
//! ([`crate::readers::code::imported_stubs`]): `grpc:@shipments/GetShipment` in portal-ts's
//! routes becomes `grpc:ShipmentService/GetShipment` where src/grpc/shipments.ts exports
//! `shipments`, a stub of `ShipmentService`; a name no module of the component exports a stub
//! under (or exports stubs of two services under) names no rpc, and its calls are dropped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{Binding, FileFacts};
use crate::readers::code::imported_stubs::{EXPORTS_STUB, IMPORTED};
use crate::resolve::{ComponentRead, Components, ScannedFacts};

/// Each component's exported stubs: name -> the service.
pub(crate) struct ExportedStubs {
    by_component: BTreeMap<String, BTreeMap<String, String>>,
}

impl ExportedStubs {
    pub(crate) fn collect(files: &[ScannedFacts], components: &Components) -> Self {
        let mut services: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
            let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == EXPORTS_STUB).peekable();
            if edges.peek().is_none() {
                continue;
            }
            let Some(component) = components.owning(&file.repo, &file.path) else { continue };
            for edge in edges {
                if let (Some(service), Some(name)) = (edge.to.strip_prefix("grpc:"), edge.props.get("name").and_then(Value::as_str)) {
                    services.entry(component.node_ref.clone()).or_default().entry(name.to_string()).or_default().insert(service.to_string());
                }
            }
        }
        let by_component = services
            .into_iter()
            .map(|(component, names)| (component, names.into_iter().filter(|(_, services)| services.len() == 1).filter_map(|(name, services)| Some((name, services.into_iter().next()?))).collect()))
            .collect();
        ExportedStubs { by_component }
    }

    /// `target` (`grpc:@shipments/GetShipment`) with the imported name made the service the
    /// component exports a stub of under it; `None` when it exports none.
    fn filled(&self, component: &str, target: &str) -> Option<String> {
        let (name, method) = target.strip_prefix("grpc:")?.strip_prefix(IMPORTED)?.split_once('/')?;
        let service = self.by_component.get(component)?.get(name)?;
        Some(format!("grpc:{service}/{method}"))
    }

    /// The file's calls of imported stubs' rpcs named by their services, or dropped.
    pub(crate) fn fill_edges(&self, file: &ScannedFacts, facts: &mut FileFacts, components: &Components) {
        let imported = format!("grpc:{IMPORTED}");
        if !facts.edges.iter().any(|edge| edge.to.starts_with(&imported)) {
            return;
        }
        let component = components.owning(&file.repo, &file.path).map(|component| component.node_ref.as_str());
        facts.edges.retain_mut(|edge| {
            if !edge.to.starts_with(&imported) {
                return true;
            }
            match component.and_then(|component| self.filled(component, &edge.to)) {
                Some(target) => {
                    edge.to = target;
                    true
                }
                None => false,
            }
        });
    }

    /// Reads of the replies of imported stubs' rpcs as reads of those rpcs' replies; unbound
    /// where the stub is no exported one.
    pub(crate) fn fill_reads(&self, reads: &mut [ComponentRead]) {
        let imported = format!("grpc:{IMPORTED}");
        for read in reads.iter_mut() {
            let Some(Binding::Response(call)) = &read.read.binding else { continue };
            if call.starts_with(&imported) {
                read.read.binding = self.filled(&read.component, call).map(Binding::Response);
            }
        }
    }
}
