//! Change specs: what an outcome changes, in a form people type and models produce.
//!
//! ```text
//! <kind>:<api>/<element>:<action>[:<arg>]     kind: field | operation | message
//! component:<name>:change                     a change inside one component, no contract
//! resource:<name>:add|change|remove           infrastructure (a database, a queue)
//! resource:<name>:consume:<component>         a component starts using a resource
//! ```
//!
//! The element may contain spaces (`operation:orders-http/GET /orders:add`); the action is the
//! first `:`-separated segment after the api that names a known action.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The grammar, shown in every parse error.
pub const CHANGE_SPEC_GRAMMAR: &str = "<kind>:<api>/<element>:<action>[:<arg>] with kind field, operation or message and action \
add, remove, rename:NEW_NAME (field), change-type:TYPE (field), add-field:NAME (message), remove-field:NAME (message) \
or consume:COMPONENT; or component:NAME:change; or resource:NAME:add|change|remove|consume:COMPONENT; \
e.g. field:orders-http/Order.created_at:rename:createdAt, operation:orders-http/GET /orders:add, \
message:billing-events/order.invoiced:add-field:currency, field:orders-http/Order.created_at:consume:web";

/// One change an outcome makes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChangeSpec {
    pub target: ChangeTarget,
    pub action: ChangeAction,
}

/// What changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeTarget {
    /// A field of a contract, named `Schema.field` as the brain names it.
    Field { api: String, element: String },
    /// An HTTP operation (`GET /orders`) or rpc of a contract.
    Operation { api: String, element: String },
    /// A message of an event contract, named by its channel (`order.invoiced`).
    Message { api: String, element: String },
    /// A component whose inside changes; no contract moves.
    Component { name: String },
    /// An infrastructure resource (database, queue, bucket).
    Resource { name: String },
}

/// How it changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeAction {
    Add,
    Remove,
    Rename {
        to: String,
    },
    ChangeType {
        to: String,
    },
    AddField {
        field: String,
    },
    RemoveField {
        field: String,
    },
    /// The component starts reading the target (which exists or is added in the same plan).
    Consume {
        component: String,
    },
    /// A change inside a component or resource that no contract shows.
    Change,
}

/// The shape of a change, which decides its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeShape {
    /// The provider offers something new; nobody has to change.
    Additive,
    /// A consumer starts reading something the provider offers (or will offer).
    Consume,
    /// Breaking: expand (the provider offers old and new), migrate consumers, contract.
    Rename,
    /// Breaking: the provider marks it deprecated, consumers stop reading it, the provider drops it.
    Removal,
    /// Breaking: consumers first accept both types, then the provider switches.
    TypeChange,
    /// Inside one component; no contract changes.
    Internal,
    /// Infrastructure: a resource is added, changed or removed.
    Infrastructure,
}

/// A change spec that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{spec}` is not a change spec: {reason}; expected {CHANGE_SPEC_GRAMMAR}")]
pub struct ChangeSpecError {
    pub spec: String,
    pub reason: String,
}

impl ChangeSpec {
    /// The brain ref of what changes: `field:orders-http/Order.created_at`, `api:…` is
    /// [`Self::contract_ref`], `component:web`, `resource:orders-db`.
    pub fn entity_ref(&self) -> String {
        match &self.target {
            ChangeTarget::Field { api, element } => format!("field:{api}/{element}"),
            ChangeTarget::Operation { api, element } => format!("operation:{api}/{element}"),
            ChangeTarget::Message { api, element } => format!("message:{api}/{element}"),
            ChangeTarget::Component { name } => format!("component:{name}"),
            ChangeTarget::Resource { name } => format!("resource:{name}"),
        }
    }

    /// The contract the change is on (`api:orders-http`), when it is on one.
    pub fn contract_ref(&self) -> Option<String> {
        self.api().map(|api| format!("api:{api}"))
    }

    /// The api name, when the change is on a contract.
    pub fn api(&self) -> Option<&str> {
        match &self.target {
            ChangeTarget::Field { api, .. } | ChangeTarget::Operation { api, .. } | ChangeTarget::Message { api, .. } => Some(api),
            ChangeTarget::Component { .. } | ChangeTarget::Resource { .. } => None,
        }
    }

    /// The element inside the contract (`Order.created_at`, `GET /orders`), or the component
    /// or resource name.
    pub fn element(&self) -> &str {
        match &self.target {
            ChangeTarget::Field { element, .. } | ChangeTarget::Operation { element, .. } | ChangeTarget::Message { element, .. } => element,
            ChangeTarget::Component { name } | ChangeTarget::Resource { name } => name,
        }
    }

    /// The component a `consume:` change names (`component:web`).
    pub fn consumer_ref(&self) -> Option<String> {
        match &self.action {
            ChangeAction::Consume { component } => Some(format!("component:{component}")),
            _ => None,
        }
    }

    pub fn shape(&self) -> ChangeShape {
        match (&self.target, &self.action) {
            (_, ChangeAction::Consume { .. }) => ChangeShape::Consume,
            (ChangeTarget::Component { .. }, _) => ChangeShape::Internal,
            (ChangeTarget::Resource { .. }, _) => ChangeShape::Infrastructure,
            (_, ChangeAction::Add | ChangeAction::AddField { .. } | ChangeAction::Change) => ChangeShape::Additive,
            (_, ChangeAction::Rename { .. }) => ChangeShape::Rename,
            (_, ChangeAction::Remove | ChangeAction::RemoveField { .. }) => ChangeShape::Removal,
            (_, ChangeAction::ChangeType { .. }) => ChangeShape::TypeChange,
        }
    }

    /// Whether the contract the consumers rely on changes (a `consume:` change does not).
    pub fn changes_contract(&self) -> bool {
        matches!(self.shape(), ChangeShape::Additive | ChangeShape::Rename | ChangeShape::Removal | ChangeShape::TypeChange)
    }

    /// Whether consumers that read the target break if they do not change.
    pub fn is_breaking(&self) -> bool {
        matches!(self.shape(), ChangeShape::Rename | ChangeShape::Removal | ChangeShape::TypeChange)
    }

    /// The name consumers read that this change touches: the field's own name for a field
    /// (`created_at` of `Order.created_at`), the payload field for `add-field`/`remove-field`.
    pub fn wire_name(&self) -> &str {
        match &self.action {
            ChangeAction::AddField { field } | ChangeAction::RemoveField { field } => field,
            _ => match &self.target {
                ChangeTarget::Field { element, .. } => element.rsplit('.').next().unwrap_or(element),
                _ => self.element(),
            },
        }
    }

    /// What the change does, as a phrase: "rename Order.total_cents to amount_cents in orders-http".
    pub fn describe(&self) -> String {
        let element = self.element();
        let on = self.api().map(|api| format!(" in {api}")).unwrap_or_default();
        let noun = match &self.target {
            ChangeTarget::Field { .. } => "field",
            ChangeTarget::Operation { .. } => "operation",
            ChangeTarget::Message { .. } => "message",
            ChangeTarget::Component { .. } => "component",
            ChangeTarget::Resource { .. } => "resource",
        };
        match &self.action {
            ChangeAction::Add => format!("add {noun} {element}{on}"),
            ChangeAction::Remove => format!("remove {noun} {element}{on}"),
            ChangeAction::Rename { to } => format!("rename {noun} {element} to {to}{on}"),
            ChangeAction::ChangeType { to } => format!("change the type of {noun} {element} to {to}{on}"),
            ChangeAction::AddField { field } => format!("add field {field} to message {element}{on}"),
            ChangeAction::RemoveField { field } => format!("remove field {field} from message {element}{on}"),
            ChangeAction::Consume { component } => format!("{component} starts reading {noun} {element}{on}"),
            ChangeAction::Change => format!("change {noun} {element}"),
        }
    }
}

impl fmt::Display for ChangeSpec {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:", self.entity_ref())?;
        match &self.action {
            ChangeAction::Add => write!(formatter, "add"),
            ChangeAction::Remove => write!(formatter, "remove"),
            ChangeAction::Change => write!(formatter, "change"),
            ChangeAction::Rename { to } => write!(formatter, "rename:{to}"),
            ChangeAction::ChangeType { to } => write!(formatter, "change-type:{to}"),
            ChangeAction::AddField { field } => write!(formatter, "add-field:{field}"),
            ChangeAction::RemoveField { field } => write!(formatter, "remove-field:{field}"),
            ChangeAction::Consume { component } => write!(formatter, "consume:{component}"),
        }
    }
}

const ACTIONS: &[&str] = &["add", "remove", "rename", "change-type", "add-field", "remove-field", "consume", "change"];

impl FromStr for ChangeSpec {
    type Err = ChangeSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let error = |reason: String| ChangeSpecError { spec: spec.to_string(), reason };
        let trimmed = spec.trim();
        let Some((kind, rest)) = trimmed.split_once(':') else {
            return Err(error("it has no `:` after the kind".to_string()));
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let Some(action_at) = parts.iter().skip(1).position(|part| ACTIONS.contains(part)).map(|index| index + 1) else {
            return Err(error(format!("it names no action (one of {})", ACTIONS.join(", "))));
        };
        let subject = parts[..action_at].join(":");
        let action_word = parts[action_at];
        let argument = (action_at + 1 < parts.len()).then(|| parts[action_at + 1..].join(":"));
        if subject.trim().is_empty() {
            return Err(error("the name before the action is empty".to_string()));
        }
        let target = match kind {
            "field" | "operation" | "message" => {
                let Some((api, element)) = subject.split_once('/') else {
                    return Err(error(format!("`{subject}` has no `/` between the api and the {kind}")));
                };
                if api.is_empty() || element.is_empty() {
                    return Err(error(format!("`{subject}` needs both an api and a {kind} around the `/`")));
                }
                let (api, element) = (api.to_string(), element.to_string());
                match kind {
                    "field" => ChangeTarget::Field { api, element },
                    "operation" => ChangeTarget::Operation { api, element },
                    _ => ChangeTarget::Message { api, element },
                }
            }
            "component" => ChangeTarget::Component { name: subject },
            "resource" => ChangeTarget::Resource { name: subject },
            other => return Err(error(format!("`{other}` is not a kind (field, operation, message, component, resource)"))),
        };
        let action = parse_action(action_word, argument).map_err(error)?;
        check_allowed(kind, &action).map_err(error)?;
        Ok(Self { target, action })
    }
}

fn parse_action(word: &str, argument: Option<String>) -> Result<ChangeAction, String> {
    let argument = argument.filter(|argument| !argument.trim().is_empty());
    let needs = |argument: Option<String>, what: &str| {
        argument.ok_or_else(|| format!("`{word}` needs a {what} after it (`{word}:{}`)", what.to_uppercase().replace(' ', "_")))
    };
    let none = |action: ChangeAction| match &argument {
        Some(extra) => Err(format!("`{word}` takes no argument, but `{extra}` follows it")),
        None => Ok(action),
    };
    match word {
        "add" => none(ChangeAction::Add),
        "remove" => none(ChangeAction::Remove),
        "change" => none(ChangeAction::Change),
        "rename" => Ok(ChangeAction::Rename { to: needs(argument, "new name")? }),
        "change-type" => Ok(ChangeAction::ChangeType { to: needs(argument, "type")? }),
        "add-field" => Ok(ChangeAction::AddField { field: needs(argument, "field")? }),
        "remove-field" => Ok(ChangeAction::RemoveField { field: needs(argument, "field")? }),
        "consume" => Ok(ChangeAction::Consume { component: needs(argument, "component")? }),
        other => Err(format!("`{other}` is not an action")),
    }
}

fn check_allowed(kind: &str, action: &ChangeAction) -> Result<(), String> {
    let allowed: &[&str] = match kind {
        "field" => &["add", "remove", "rename", "change-type", "consume"],
        "operation" => &["add", "remove", "consume"],
        "message" => &["add", "remove", "add-field", "remove-field", "consume"],
        "component" => &["change"],
        _ => &["add", "change", "remove", "consume"],
    };
    let word = match action {
        ChangeAction::Add => "add",
        ChangeAction::Remove => "remove",
        ChangeAction::Change => "change",
        ChangeAction::Rename { .. } => "rename",
        ChangeAction::ChangeType { .. } => "change-type",
        ChangeAction::AddField { .. } => "add-field",
        ChangeAction::RemoveField { .. } => "remove-field",
        ChangeAction::Consume { .. } => "consume",
    };
    if allowed.contains(&word) {
        Ok(())
    } else {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        Err(format!("{article} {kind} cannot `{word}` ({article} {kind} can: {})", allowed.join(", ")))
    }
}

impl Serialize for ChangeSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ChangeSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
