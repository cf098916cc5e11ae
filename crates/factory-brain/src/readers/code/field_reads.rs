//! The reads a file's passes find, merged into the file's [`FieldRead`]s once [`flow`] has
//! told where their holders' values came from. A read of a chain whose first link holds a
//! call's response (`reply.destination.zip_code` after `reply = stub.GetShipment(..)`) is a
//! read of that response, through the links between (`destination`). [`bind_reads`] asks
//! [`flow`] where holders' values came from and adds the reads of bound holders the line pass
//! leaves out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::flow::{CallSite, Masked, Syntax};
use super::{calls, flow, shapes, LANGUAGE_MEMBERS, NOT_DATA_HOLDERS};
use crate::model::{is_generic_holder, Binding, FieldRead, FileFacts};

mod usage;

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
    /// A further subscript of a chain (`state` of `order["shippingAddress"]["state"]`): kept
    /// only where the chain's first holder is bound to a response or a message.
    pub(super) nested: bool,
    /// Found only because its holder is bound to a response or a wrapper's return (a holder
    /// the line pass leaves out): dropped where resolution finds no such wrapper.
    pub(super) bound_only: bool,
    /// The string constants the code compares the field with ([`super::compared`]).
    pub(super) compared: Vec<String>,
}

impl Read {
    pub(super) fn new(holder: Option<String>, field: String, line: usize) -> Self {
        Read { holder, field, line, json_type: None, any_case: false, declared_in: None, built: false, required: false, holds_type: None, links: Vec::new(), python_attribute: false, nested: false, bound_only: false, compared: Vec::new() }
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
/// code's own convention, whether its type requires it, and the type it holds; and whether
/// every read of the key was found only for its holder's binding to a wrapper's return; and the
/// constants any of them is compared with.
type ReadFacts = (usize, Option<&'static str>, bool, bool, Option<String>, bool, Vec<String>);

/// The members of a query a React hook returns (TanStack Query's, SWR's), not of its answer.
const QUERY_MEMBERS: &[&str] =
    &["data", "error", "isLoading", "isError", "isSuccess", "isPending", "isFetching", "status", "refetch", "mutate", "mutateAsync", "fetchNextPage", "hasNextPage", "isValidating"];

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
        // `req.body.date`: a field of the request a handler of the code's own was sent, its input.
        let inbound = matches!(read.links.as_slice(), [request] if request == "req" || request == "request") && matches!(read.holder.as_deref(), Some("body" | "query" | "params"));
        let (holder, binding, via) = match read.holder.as_deref().and_then(|holder| bindings.at(holder, read.line)) {
            _ if inbound => (read.holder, Some(Binding::Parameter), Vec::new()),
            // A parameter declared with a type holds that type: the read is the type's.
            Some((Binding::Parameter, Some(declared))) => (Some(declared.to_string()), None, Vec::new()),
            Some((binding, _)) => (read.holder, Some(binding.clone()), Vec::new()),
            None => match read.links.first().and_then(|root| bindings.at(root, read.line)) {
                // `reply.destination.zip_code`: `zip_code` of the response's `destination`
                // (or of a received message's).
                Some((binding @ (Binding::Response(_) | Binding::Returned(_) | Binding::Message(_)), _)) => {
                    let root = read.links.remove(0);
                    (Some(root), Some(binding.clone()), read.links.into_iter().chain(read.holder).collect())
                }
                _ if read.nested => continue,
                _ => (read.holder, built, Vec::new()),
            },
        };
        // What a React hook returns is most often a query (TanStack Query's, SWR's): its `data`
        // holds the answer and its other members are the query's own (`slots.data?.slots` of
        // `useSlots(..)`, the tenth planted-mismatch evaluation's patient-app).
        let mut via = via;
        if let Some(Binding::Returned(function)) = &binding
            && function.strip_prefix("use").is_some_and(|rest| rest.starts_with(|first: char| first.is_ascii_uppercase()))
        {
            if via.first().is_some_and(|link| link == "data") {
                via.remove(0);
            } else if via.is_empty() && QUERY_MEMBERS.contains(&read.field.as_str()) {
                continue;
            }
        }
        // `reply = requests.get(u).json()`: a Python attribute of a response is the wire's name
        // (of a wrapper's return too, once resolution finds the wrapper returns a response).
        let any_case = read.any_case && !(read.python_attribute && matches!(binding, Some(Binding::Response(_))));
        let bound_only = read.bound_only && matches!(binding, Some(Binding::Returned(_)));
        let compared = read.compared;
        let facts = field_reads.entry((holder, read.field, binding, declared_in, via)).or_insert((read.line, read.json_type, any_case, read.required, read.holds_type, bound_only, Vec::new()));
        facts.5 &= bound_only;
        facts.6.extend(compared);
    }
    let mut merged: Vec<FieldRead> = field_reads
        .into_iter()
        .map(|((holder, field, binding, declared_in, via), (line, expected_type, any_case, required, holds_type, bound_only, mut compared))| FieldRead {
            compared: {
                compared.sort();
                compared.dedup();
                compared
            },
            expected_type: expected_type.map(str::to_string),
            bound_only,
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

/// Where the holders of `reads` got their values ([`flow`]): the responses of `sites`, and
/// for generic holders, received data, their own values or parameters, and for any holder, what
/// a function of the code's own returns. Reads of a holder bound to a response that the line
/// pass leaves out (`r`, `s`: names too often not data; in Go, fields read without a getter)
/// are added, the types responses are decoded into become `decodes` edges, and the functions
/// returning a response `returns` edges.
#[expect(clippy::too_many_arguments, reason = "the reader's state the pass needs")]
pub(super) fn bind_reads(
    facts: &mut FileFacts,
    (text, extension): (&str, &str),
    lines: &calls::Lines<'_>,
    syntax: Syntax,
    literals: &[(usize, usize)],
    sites: &[CallSite],
    reads: &mut Vec<Read>,
    dot_reads: Option<shapes::DotReads>,
) -> flow::Bindings {
    usage::typed_by_use(reads, lines, text);
    let generic: BTreeSet<&str> = reads.iter().filter_map(|read| read.holder.as_deref()).filter(|holder| is_generic_holder(holder)).collect();
    // The holders that may be assigned what a wrapper returns: names a line assigns the call of
    // a named function to, read (a chain's first) or read with a dot the line pass left out.
    let read: BTreeSet<&str> = reads.iter().filter(|read| read.declared_in.is_none() && !read.built).filter_map(|read| read.links.first().or(read.holder.as_ref()).map(String::as_str)).collect();
    let holders = flow::assigned_names(text, &read);
    // Names destructured from a handler's own request (`const { address } = req.body`) are bound too.
    if sites.is_empty() && generic.is_empty() && holders.is_empty() && !text.contains("} = req") {
        return flow::Bindings::default();
    }
    let masked = Masked::new(text, literals);
    let bindings = flow::bindings((masked.as_str(), text), lines, syntax, sites, &generic, &holders);
    // Responses, and each element of their lists (`it`, `r`), whose reads may start a chain: the
    // holders the line pass leaves out, every one in Go (whose pass reads getters only), and
    // what wrappers return, read as the language reads data where the file's own words did not
    // say it holds any (notify-py's messages.py, org L, imports only `shipment_pb2` and the wrapper).
    let wrapped = dot_reads.or_else(|| bound_reads(extension, text));
    let left_out: Vec<(&str, usize, usize, bool)> = bindings
        .responses()
        .chain(bindings.element_names().map(|(holder, first, last)| (holder, first, last, false)))
        .filter(|(holder, _, _, returned)| match dot_reads {
            // Go's decode targets keep their own field names (json tags name the wire's): only an
            // rpc's reply or a wrapper's return is read field by field.
            Some(language) => (language == shapes::DotReads::Go && bindings.is_reply(holder)) || *returned || NOT_DATA_HOLDERS.iter().any(|name| name.eq_ignore_ascii_case(holder)),
            // Rust's rpc replies are prost's structs, read field by field.
            None => *returned || (extension == "rs" && bindings.is_reply(holder)),
        })
        .collect();
    if let Some(language) = wrapped.filter(|_| !left_out.is_empty()) {
        let mut line_start = 0;
        for (index, (raw, blanked)) in text.split('\n').zip(masked.as_str().split('\n')).enumerate() {
            let number = index + 1;
            let (this_start, line_end) = (line_start, line_start + raw.len());
            line_start = line_end + 1;
            if blanked.trim().is_empty() || !left_out.iter().any(|(holder, first, last, _)| *first <= number && number <= *last && raw.contains(holder)) {
                continue;
            }
            // A template's expressions are code (`f"{shipment.tracking_url}"`), a comment is not.
            let first_literal = literals.partition_point(|(start, _)| *start < this_start);
            let line_literals: Vec<(usize, usize)> =
                literals[first_literal..].iter().take_while(|(start, _)| *start < line_end).filter(|(_, end)| *end <= line_end).map(|(start, end)| (start - this_start, end - this_start)).collect();
            let code = super::templates::without_literals(raw, &line_literals);
            let line = code.as_ref();
            for (holder, _, _, _) in left_out.iter().filter(|(_, first, last, _)| *first <= number && number <= *last) {
                if line.contains(&format!("{holder}.")) {
                    // Go reads a struct's exported fields (`s.Destination.Region`) as C# does its properties.
                    let languages: &[shapes::DotReads] = if language == shapes::DotReads::Go { &[shapes::DotReads::Go, shapes::DotReads::CSharp] } else { &[language] };
                    let members = if extension == "rs" { RUST_MEMBERS } else { LANGUAGE_MEMBERS };
                    for &language in languages {
                        shapes::dot_reads(line, language, &[], members, &mut |found, field, links| {
                            if found == *holder || links.first() == Some(holder) {
                                // prost's snake case of any proto name, never the wire's own.
                                let read = Read::dotted(found, field, number, language, links);
                                reads.push(Read { bound_only: true, python_attribute: read.python_attribute && extension != "rs", ..read });
                            }
                        });
                    }
                    if language == shapes::DotReads::Go {
                        go_field_chains(line, holder, &mut |found, field, links| reads.push(Read { bound_only: true, ..Read::dotted(found, field, number, shapes::DotReads::CSharp, links) }));
                    }
                }
            }
        }
    }
    for (type_holder, calls) in &bindings.types {
        for (call, line) in calls {
            facts.inferred_edge("self", &format!("type:{type_holder}"), "decodes", json!({"call": call}), &format!("L{line}"), 0.7);
        }
    }
    for (function, call, line) in bindings.returning_functions(masked.as_str(), lines, syntax, extension) {
        facts.inferred_edge("self", &format!("function:{function}"), RETURNS, json!({"call": call}), &format!("L{line}"), 0.7);
    }
    bindings
}

/// How a file whose words do not say it receives data ([`shapes::DotReads::of`]) reads what a
/// wrapper of the code's own returns: Python's attributes by the wire's names in a file naming
/// protobuf's generated modules; Rust's fields of a tonic reply, named as prost names them.
fn bound_reads(extension: &str, text: &str) -> Option<shapes::DotReads> {
    match extension {
        "py" if text.contains("_pb2") => Some(shapes::DotReads::PythonWire),
        "py" => Some(shapes::DotReads::Python),
        "java" | "kt" => Some(shapes::DotReads::Jvm),
        "cs" => Some(shapes::DotReads::CSharp),
        // prost names a message's fields in snake case whatever the proto's case: any wire name
        // with the read's naming key is the field.
        "rs" => Some(shapes::DotReads::Python),
        _ => None,
    }
}

/// Methods of Rust's own types called on a field read (`shipment.tracking_url.clone()`).
const RUST_MEMBERS: &[&str] = &[
    "clone", "to_string", "to_owned", "as_str", "as_ref", "as_deref", "is_empty", "len", "iter", "into_iter", "unwrap", "unwrap_or", "unwrap_or_default", "expect",
    "map", "and_then", "ok_or", "is_some", "is_none", "into", "cmp", "eq",
];

/// The edge kind by which the code reader says a function of the code's own returns the
/// response of a call ([`flow`]'s `returned`): `function:get_order` with the call's placeholder.
pub const RETURNS: &str = "returns";

/// Go's exported fields read through a chain from `holder`: `Region` of `Destination` after `s`
/// in `s.Destination.Region` (dispatch-go of the seventh planted-mismatch evaluation's org L),
/// which [`shapes::dot_reads`] leaves out (its holders start lower-case). A called link ends
/// the chain.
fn go_field_chains<'a>(line: &'a str, holder: &str, found: &mut dyn FnMut(&'a str, String, Vec<&'a str>)) {
    for at in calls::word_offsets(line, holder) {
        let mut segments: Vec<&str> = Vec::new();
        let mut end = at + holder.len();
        while let Some(rest) = line[end..].strip_prefix('.') {
            let length = rest.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(rest.len());
            if !rest.starts_with(|first: char| first.is_ascii_uppercase()) || rest[length..].starts_with('(') {
                break;
            }
            segments.push(&rest[..length]);
            end += 1 + length;
        }
        if let [inner @ .., holder_link, field] = segments.as_slice() {
            let links = std::iter::once(&line[at..at + holder.len()]).chain(inner.iter().copied()).collect();
            found(holder_link, field.to_string(), links);
        }
    }
}
