//! The reads a file's passes find, merged into the file's [`FieldRead`]s once [`flow`] has
//! told where their holders' values came from. A read of a chain whose first link holds a
//! call's response (`reply.destination.zip_code` after `reply = stub.GetShipment(..)`) is a
//! read of that response, through the links between (`destination`).

use std::collections::BTreeMap;

use super::{flow, shapes};
use crate::model::{Binding, FieldRead};

/// One read as the passes find it, before reads of the same field are merged.
pub(super) struct Read {
    pub(super) holder: Option<String>,
    pub(super) field: String,
    pub(super) line: usize,
    pub(super) json_type: Option<&'static str>,
    pub(super) any_case: bool,
    pub(super) declared_in: Option<String>,
    /// A field of a value the code builds, not one it receives.
    pub(super) built: bool,
    /// A field its declaring type requires.
    pub(super) required: bool,
    /// The type of the code's own the declared field holds.
    pub(super) holds_type: Option<String>,
    /// The links of the chain before the holder, outermost first (`reply` of
    /// `reply.destination.zip_code`, whose holder is `destination`).
    pub(super) links: Vec<String>,
    /// A Python attribute: named in Python's convention on an object of the code's own class,
    /// but as the wire names it on what a call's response decodes to.
    pub(super) python_attribute: bool,
}

impl Read {
    pub(super) fn new(holder: Option<String>, field: String, line: usize) -> Self {
        Read { holder, field, line, json_type: None, any_case: false, declared_in: None, built: false, required: false, holds_type: None, links: Vec::new(), python_attribute: false }
    }

    /// A `holder.field` read in `language`, after the chain's `links`; a C# property names its
    /// field in .NET's convention, a Python attribute of a model in Python's.
    pub(super) fn dotted(holder: &str, field: String, line: usize, language: shapes::DotReads, links: Vec<&str>) -> Self {
        let links = links.into_iter().map(str::to_string).collect();
        let python_attribute = language == shapes::DotReads::Python;
        Read { any_case: python_attribute || language == shapes::DotReads::CSharp, python_attribute, links, ..Read::new(Some(holder.to_string()), field, line) }
    }
}

/// A read's holder, field, binding, declaring type and the fields it goes through, under which
/// reads are merged.
type ReadKey = (Option<String>, String, Option<Binding>, Option<String>, Vec<String>);

/// What the first of a key's reads tells: its line, its JSON type, whether it is named in the
/// code's own convention, whether its type requires it, and the type it holds.
type ReadFacts = (usize, Option<&'static str>, bool, bool, Option<String>);

/// `reads` merged by [`ReadKey`], each keeping what its first read tells, in line order.
pub(super) fn merged(reads: Vec<Read>, bindings: &flow::Bindings) -> Vec<FieldRead> {
    let mut field_reads: BTreeMap<ReadKey, ReadFacts> = BTreeMap::new();
    for mut read in reads {
        // `it.imageUrl` where `it` is each of `response.rewardsList`: a read through the list.
        if let Some((holder, links)) = read.holder.as_deref().and_then(|holder| bindings.through_elements(holder, &read.links, read.line)) {
            (read.holder, read.links) = (Some(holder), links);
        }
        let declared_in = read.declared_in.take();
        let built = read.built.then_some(Binding::Built);
        let (holder, binding, via) = match read.holder.as_deref().and_then(|holder| bindings.at(holder, read.line)) {
            // A parameter declared with a type holds that type: the read is the type's.
            Some((Binding::Parameter, Some(declared))) => (Some(declared.to_string()), None, Vec::new()),
            Some((binding, _)) => (read.holder, Some(binding.clone()), Vec::new()),
            None => match read.links.first().and_then(|root| bindings.at(root, read.line)) {
                // `reply.destination.zip_code`: `zip_code` of the response's `destination`
                // (or of a received message's).
                Some((binding @ (Binding::Response(_) | Binding::Message(_)), _)) => {
                    let root = read.links.remove(0);
                    (Some(root), Some(binding.clone()), read.links.into_iter().chain(read.holder).collect())
                }
                _ => (read.holder, built, Vec::new()),
            },
        };
        // `reply = requests.get(u).json()`: a Python attribute of a response is the wire's name.
        let any_case = read.any_case && !(read.python_attribute && matches!(binding, Some(Binding::Response(_))));
        field_reads.entry((holder, read.field, binding, declared_in, via)).or_insert((read.line, read.json_type, any_case, read.required, read.holds_type));
    }
    let mut merged: Vec<FieldRead> = field_reads
        .into_iter()
        .map(|((holder, field, binding, declared_in, via), (line, expected_type, any_case, required, holds_type))| FieldRead {
            expected_type: expected_type.map(str::to_string),
            binding,
            any_case,
            declared_in,
            required,
            holds_type,
            via,
            ..FieldRead::new(holder, field, line)
        })
        .collect();
    merged.sort_by_key(|read| read.line);
    merged
}
