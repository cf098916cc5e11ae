//! Port allocation: the OS picks free ports on 127.0.0.1; every listener of one sandbox is held
//! until all its ports are picked, so no two services of the sandbox share a port, and the
//! kernel's randomised ephemeral range keeps two sandboxes apart.

use std::collections::BTreeMap;
use std::net::TcpListener;

use crate::SandboxError;

/// Allocates one free port per `(service, port name)`. The listeners are closed on return, just
/// before the services bind them.
pub fn allocate<'a>(
    wanted: impl IntoIterator<Item = (&'a str, &'a [String])>,
) -> Result<BTreeMap<String, BTreeMap<String, u16>>, SandboxError> {
    let mut held = Vec::new();
    let mut allocated: BTreeMap<String, BTreeMap<String, u16>> = BTreeMap::new();
    for (service, names) in wanted {
        let ports = allocated.entry(service.to_string()).or_default();
        for name in names {
            let listener = TcpListener::bind(("127.0.0.1", 0))
                .map_err(|source| SandboxError::Port { service: service.to_string(), source })?;
            let port = listener
                .local_addr()
                .map_err(|source| SandboxError::Port { service: service.to_string(), source })?
                .port();
            ports.insert(name.clone(), port);
            held.push(listener);
        }
    }
    drop(held);
    Ok(allocated)
}
