//! A Dockerfile marks its folder as a service's root: the folder's name is the service's
//! name unless the catalog, compose or Kubernetes names it otherwise. A Dockerfile that only
//! dresses a database, broker or tracing image (`FROM mysql:5.7` plus a seed dump) declares a
//! resource, not a service.
//!
//! An image folder such as `docker/orders/` says which image it builds, not where the code
//! is; whether it stands for the repo's root depends on the repo's other images, so
//! resolution decides (see [`crate::resolve::components`]).

use crate::model::{FileFacts, UnitFact, UnitOrigin};
use crate::readers::kubernetes::is_backing_service_image;
use crate::readers::parent_dir;

/// Folder names that say where the Dockerfile sits inside a service, not which service it is.
const INNER_FOLDERS: &[&str] = &["src", "app", "docker", "build", "deploy", ".docker", "container", "image"];
/// Folders whose Dockerfiles are not services.
const NOT_SERVICES: &[&str] = &[".devcontainer", "test", "tests", "examples", "example", "docs", ".github", "hack", "e2e"];

pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let folder = parent_dir(path);
    if folder.split('/').any(|segment| NOT_SERVICES.contains(&segment)) {
        return facts;
    }
    let root = service_root(folder);
    let name = root.rsplit('/').next().unwrap_or("").to_string();
    facts.units.push(UnitFact {
        name,
        origin: UnitOrigin::Dockerfile,
        root: Some(root),
        aliases: Vec::new(),
        infrastructure: wraps_a_backing_service(text),
        labels: Default::default(),
        pointer: "L1".into(),
    });
    facts
}

/// The service folder a Dockerfile in `folder` belongs to: inner folders (`src/`,
/// `docker/`…) are climbed out of, so `orders/docker/Dockerfile` is `orders`.
pub fn service_root(folder: &str) -> String {
    let mut root = folder.to_string();
    while !root.is_empty() {
        let (parent, name) = root.rsplit_once('/').unwrap_or(("", root.as_str()));
        if !INNER_FOLDERS.contains(&name) {
            break;
        }
        root = parent.to_string();
    }
    root
}

/// Whether the image is a database, broker or observability image with no application built
/// into it: one stage, whose base is such an image. A multi-stage build compiles something.
fn wraps_a_backing_service(text: &str) -> bool {
    let bases: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let (instruction, rest) = line.split_once(char::is_whitespace)?;
            instruction.eq_ignore_ascii_case("from").then_some(rest)
        })
        .filter_map(|rest| rest.split_whitespace().find(|word| !word.starts_with("--")))
        .collect();
    matches!(bases.as_slice(), [base] if is_backing_service_image(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_folders_are_climbed_out_of() {
        let cases = [("orders/docker", "orders"), ("src/cart/src", "src/cart"), ("docker/orders", "docker/orders"), ("src", ""), ("", "")];
        for (folder, expected) in cases {
            assert_eq!(service_root(folder), expected, "{folder}");
        }
    }

    #[test]
    fn a_single_stage_on_a_database_image_is_infrastructure() {
        let cases = [
            ("FROM mysql:5.7\nCOPY ./data/dump.sql /docker-entrypoint-initdb.d/\n", true),
            ("FROM --platform=linux/amd64 docker.io/apache/kafka:3.9.1\nUSER appuser\n", true),
            ("from openzipkin/zipkin\n", true),
            ("FROM alpine:3.19\nCOPY app /app\nCMD [\"/app\"]\n", false),
            ("FROM golang:1.22 AS build\nRUN go build\nFROM redis:7\nCOPY --from=build /x /x\n", false),
            ("FROM ${BASE_IMAGE}\n", false),
            ("FROM eclipse-temurin:17\n", false),
        ];
        for (text, expected) in cases {
            assert_eq!(wraps_a_backing_service(text), expected, "{text}");
        }
    }
}
