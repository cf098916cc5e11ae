//! Channels named by another file's constant: `sarama.ProducerMessage{Topic: kafka.Topic}`
//! beside `var Topic = "orders"` in `kafka/producer.go`, `template.send(Topics.ORDERS, ...)`.
//! The code reader leaves such a channel as `channel-constant:<name>` and records every
//! channel-like constant a file declares; here each is filled from the constants of its repo
//! (a name two files give different values names nothing); a class's constant
//! (`OrderPlacedEventPublisher.TOPIC`, minh0206's food delivery) is that class's, else one of its
//! name. A constant may hold what another
//! holds (a getter returning `config.getValue("order.topic", ..)` holds the setting's value),
//! looked up once more; a setting no config file of the repo gives is the env var Spring and
//! MicroProfile Config bind it to (`order.topic` is `ORDER_TOPIC`), as a deployment sets it;
//! a Spring Cloud Stream binding's destination no one sets is the binding's name. A topic stored
//! with an outbox's message (`readers::code::stored_topics`) is a channel only in a repo whose
//! relay sends the stored topics of that message's type. An SQS queue's env var given no value
//! names the queue by its words (`readers::code::sqs`), and an enum's member the repo gives no
//! value (`Subjects.OrderCreated` of an npm package) by its whole name.
//! A Go function's topic parameter (`readers::code::passed_channels`) takes what the calls of
//! its package's function in other files of the repo pass; a Java or Kotlin method's
//! (`readers::code::passed_members`) what the repo's calls of its class's method pass; a
//! Python function's (`readers::code::passed_modules`) what its importers' calls pass.
//! A Go config struct's field (`cfg.OrdersTopic`, `readers::code::go_config`) no constant of
//! its name fills takes what the repo's config files, else its code's defaults, give the key.
//! A Spring AMQP template's default routing key (`readers::code::spring_amqp`) is its bean's
//! of the receiver's name in the module, else the module's one template bean's; a `NewTopic`
//! bean's topic (`readers::code::topic_beans`) the same way.
//! A Spring setting whose value is an env var's placeholder (`${KAFKA_TOPIC_PAYMENT_EVENTS}`)
//! holds that variable's value; a setting read through a `@ConfigurationProperties` object's
//! accessors (`readers::code::config_properties`) is the key its type's bound prefix and the
//! chain's path make, else (a `..Properties` type the repo does not declare) the one key of its
//! module ending in the path.
//! Services named by an enum's constants (`readers::code::services`) are filled the same way,
//! from every repo's enums.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::code::{ALL_MEMBERS, CONSTANT_PREFIX, class_member, field_lookups, module_of};
use crate::readers::code::stored_topics::{SENDS_STORED, STORED_TOPIC};
use crate::readers::code::{BOUND_PREFIX, PROPERTIES_SETTING};
use crate::readers::code::{CHANNEL_ARGUMENT, CHANNEL_PARAMETER, ENV_CONSTANT, IMPORT_PATH, MODULE, NAMES_CONSTANT, SAME_PACKAGE, module_folders, NAMES_SERVICE, PASSES_CHANNEL, REFERS_TO, SERVICE_CONSTANT, SETTING_DEFAULT, TEMPLATE_DEFAULT, TOPIC_BEAN, UNSET_NAME};
use crate::readers::dotenv;
use crate::resolve::ScannedFacts;

/// Per repo, each channel-like constant's value; `None` where files disagree. And across the
/// org, the service each constant of an enum named for services names (`Service.PERSISTENCE`),
/// `None` where enums disagree: such an enum often lives in a client library another repo holds.
#[derive(Debug, Default)]
pub(crate) struct ChannelConstants {
    by_repo: BTreeMap<String, BTreeMap<String, Option<String>>>,
    /// Per repo and JVM module (the folder above `src/main/`), each constant's value there: a
    /// setting two modules of a repo give different values (haphong463's order and product
    /// services each set `spring.kafka.topic.name`) is each module's own.
    by_module: BTreeMap<(String, String), BTreeMap<String, Option<String>>>,
    /// Per repo, the constant or setting each constant holds the value of (`getOrderTopic()`
    /// -> `order.topic`); `None` where files disagree.
    references: BTreeMap<String, BTreeMap<String, Option<String>>>,
    services: BTreeMap<String, Option<String>>,
    /// Env vars naming channels (`env:ORDER_QUEUE_NAME`) as repos holding no code set them: a
    /// deploy repo's compose sets what the service repos' code reads.
    env: BTreeMap<String, Option<String>>,
    /// Settings naming channels (`kafka.topic.order-created`) across the org, `None` where repos
    /// disagree: a repo reading a key it does not set (ecmsp's order service sends to
    /// `${kafka.topic.order-created}`, which only the payment service's properties give) takes
    /// the one value the org gives it.
    settings: BTreeMap<String, Option<String>>,
    /// Per repo, directory and parameter (`events.NewProducer#1`), the channel names the calls
    /// of that package's function pass: names, or `const:<name>` for a constant.
    parameters: BTreeMap<(String, String, String), Vec<String>>,
    /// Per repo, the default its code's placeholders write for a setting's key, `None` where
    /// they disagree: the value of a key nothing else gives one.
    defaults: BTreeMap<String, BTreeMap<String, Option<String>>>,
    /// Per repo, each member constant (`Topics.orderPlaced`) with the path of the file that
    /// declares it and its value: an object's members are those of the declaration nearest the
    /// file naming them all, two services of a monorepo each keeping their own `Topics`.
    members: BTreeMap<String, Vec<(String, String, String)>>,
}

impl ChannelConstants {
    /// `code_repos` are the repos holding some component's code: an env var's value set there
    /// is that repo's own, not the org's (another repo's service reading a variable of the
    /// same name is given its own value by its own deployment).
    pub(crate) fn collect(files: &[ScannedFacts], code_repos: &std::collections::BTreeSet<&str>) -> Self {
        let mut by_repo: BTreeMap<String, BTreeMap<String, Option<String>>> = BTreeMap::new();
        let mut by_module: BTreeMap<(String, String), BTreeMap<String, Option<String>>> = BTreeMap::new();
        let mut references: BTreeMap<String, BTreeMap<String, Option<String>>> = BTreeMap::new();
        let mut services: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut env: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut settings: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut defaults: BTreeMap<String, BTreeMap<String, Option<String>>> = BTreeMap::new();
        let mut members: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
        // A `.env` template's variable (`.env.example`) stands only where the `.env` beside it
        // does not set it: deployers copy the template and change what they need.
        let name_of = |file: &ScannedFacts| file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase();
        let folder_of = |file: &ScannedFacts| crate::readers::parent_dir(&file.path).to_string();
        let dotenv_keys: std::collections::BTreeSet<(String, String, &str)> = files
            .iter()
            .filter(|file| dotenv::is_dotenv(&name_of(file)))
            .flat_map(|file| file.facts.edges.iter().filter(|edge| edge.kind == NAMES_CONSTANT).map(move |edge| (file.repo.clone(), folder_of(file), edge.to.as_str())))
            .collect();
        for file in files {
            let template = dotenv::is_dotenv_template(&name_of(file));
            for edge in file.facts.edges.iter().filter(|edge| edge.kind == SETTING_DEFAULT) {
                if let (Some(key), Some(value)) = (edge.to.strip_prefix("constant:"), edge.props.get("value").and_then(Value::as_str)) {
                    known_once(defaults.entry(file.repo.clone()).or_default(), key, value);
                }
            }
            for edge in file.facts.edges.iter().filter(|edge| edge.kind == NAMES_CONSTANT || edge.kind == NAMES_SERVICE) {
                let Some(name) = edge.to.strip_prefix("constant:") else { continue };
                if template && dotenv_keys.contains(&(file.repo.clone(), folder_of(file), edge.to.as_str())) {
                    continue;
                }
                // A setting filled from an env var (`${KAFKA_TOPIC_PAYMENT_EVENTS}`) refers to it
                // besides its own value, looked up when that is empty.
                if let Some(referred) = edge.props.get(REFERS_TO).and_then(Value::as_str) {
                    known_once(references.entry(file.repo.clone()).or_default(), name, referred);
                }
                let Some(value) = edge.props.get("value").and_then(Value::as_str) else { continue };
                let mut values = vec![if edge.kind == NAMES_SERVICE { &mut services } else { by_repo.entry(file.repo.clone()).or_default() }];
                if name.starts_with(ENV_CONSTANT) && edge.kind == NAMES_CONSTANT && !code_repos.contains(file.repo.as_str()) {
                    values.push(&mut env);
                }
                if edge.kind == NAMES_CONSTANT && is_setting_key(name) {
                    values.push(&mut settings);
                }
                for values in values {
                    known_once(values, name, value);
                }
                if edge.kind == NAMES_CONSTANT && name.contains('.') && !value.is_empty() {
                    members.entry(file.repo.clone()).or_default().push((file.path.clone(), name.to_string(), value.to_string()));
                }
                if edge.kind == NAMES_CONSTANT && file.path.contains("src/main/") {
                    known_once(by_module.entry((file.repo.clone(), module_of(&file.path).to_string())).or_default(), name, value);
                }
            }
        }
        Self { by_repo, by_module, references, services, env, settings, parameters: passed_parameters(files), defaults, members }
    }

    /// The one value the repo's object members named `name` hold (`ROUTING_KEYS.PICKED_UP` for a
    /// channel named `PICKED_UP`, as a reader keeps only a member's last name), those declared
    /// nearest the file first: the ninth planted-mismatch evaluation's dispatch-console binds
    /// `ROUTING_KEYS.PICKED_UP` of its `routingKeys.ts`.
    fn only_member(&self, repo: &str, path: &str, name: &str) -> Option<String> {
        if name.contains('.') {
            return None;
        }
        let suffix = format!(".{name}");
        // A JavaScript or TypeScript object's member (a JVM class's constant is named with its
        // class), declared at the repo's root or in a folder the file shares.
        let script = |declaring: &str| [".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"].iter().any(|extension| declaring.ends_with(extension));
        let near = |declaring: &str| crate::readers::parent_dir(declaring).is_empty() || shared_folders(crate::readers::parent_dir(declaring), crate::readers::parent_dir(path)) > 0;
        let values = self.nearest_members(repo, path, |declaring, member| script(declaring) && member.ends_with(&suffix) && member.matches('.').count() == 1 && near(declaring));
        match values.len() {
            1 => values.into_iter().next().map(str::to_string),
            _ => None,
        }
    }

    /// The values of an object's members (`Topics.*`) for a file naming them all: those its
    /// repo declares in the folder sharing the most leading folders with the file's.
    fn member_values(&self, repo: &str, path: &str, object: &str) -> BTreeSet<String> {
        let prefix = format!("{object}.");
        self.nearest_members(repo, path, |_, member| member.starts_with(&prefix)).into_iter().map(str::to_string).collect()
    }

    /// The values of the repo's member constants `keep` takes (by the declaring file's path and
    /// the member's name), of those declared in the folder sharing the most leading folders with
    /// the file at `path`.
    fn nearest_members(&self, repo: &str, path: &str, keep: impl Fn(&str, &str) -> bool) -> BTreeSet<&str> {
        let shared = |declaring: &str| shared_folders(crate::readers::parent_dir(declaring), crate::readers::parent_dir(path));
        let declared: Vec<&(String, String, String)> = self.members.get(repo).into_iter().flatten().filter(|(declaring, member, _)| keep(declaring, member)).collect();
        let nearest = declared.iter().map(|(declaring, _, _)| shared(declaring)).max().unwrap_or(0);
        declared.into_iter().filter(|(declaring, _, _)| shared(declaring) == nearest).map(|(_, _, value)| value.as_str()).collect()
    }

    /// A channel constant's value in a repo, for a file of `module`: its own, else (for a
    /// constant holding another's) the other's; empty values name nothing.
    fn value(&self, (repo, module): (&str, &str), name: &str) -> Option<String> {
        // A topic stored with a message of a type (an outbox's) is sent where the repo's relay
        // sends that type's stored topics, and nowhere else.
        if let Some((stored_type, topic)) = name.strip_prefix(STORED_TOPIC).and_then(|rest| rest.split_once(':')) {
            return self.direct_value((repo, module), &format!("{SENDS_STORED}{stored_type}")).map(|_| topic.to_string());
        }
        // A setting read through a `@ConfigurationProperties` object's accessors.
        if let Some((type_name, path)) = name.strip_prefix(PROPERTIES_SETTING).and_then(|rest| rest.split_once(':')) {
            return self.properties_setting((repo, module), type_name, path);
        }
        // A Spring AMQP template's default key, a `NewTopic` bean's topic: the bean the
        // receiver or parameter names, else the module's one bean.
        if let Some(prefix) = [TEMPLATE_DEFAULT, TOPIC_BEAN].into_iter().find(|prefix| name.starts_with(prefix))
            && let Some((bean_module, bean)) = name[prefix.len()..].rsplit_once(':')
            && !bean.is_empty()
            && !self.by_repo.get(repo).is_some_and(|constants| constants.contains_key(name))
            && !self.references.get(repo).is_some_and(|references| references.contains_key(name))
        {
            return self.value((repo, module), &format!("{prefix}{bean_module}:"));
        }
        // A constant holding another's, twice at most (the module's template holds its bean's
        // key, which holds a setting's value).
        let mut name = name;
        for _ in 0..3 {
            // A class's constant (`OrderPlacedEventPublisher.TOPIC`): that class's, else one of
            // the constant's name.
            let member = class_member(name);
            if let Some(value) = member.and_then(|_| self.class_value((repo, module), name)).or_else(|| self.direct_value((repo, module), member.unwrap_or(name))) {
                return Some(value);
            }
            let references = self.references.get(repo)?;
            name = references.get(name).or_else(|| references.get(member?))?.as_deref()?;
        }
        None
    }

    /// The value of the setting an accessor chain on a `@ConfigurationProperties` type reads
    /// (`properties:PaymentProperties:kafka.payment-events-topic`): the key under the prefix the
    /// repo's declaration of the type binds (`payment.kafka.payment-events-topic`); for a type
    /// named `..Properties` the repo does not declare, the one key of the module's config ending
    /// in the path. A type declared unbound names nothing.
    fn properties_setting(&self, (repo, module): (&str, &str), type_name: &str, path: &str) -> Option<String> {
        let bound = format!("{BOUND_PREFIX}{type_name}");
        if self.by_repo.get(repo).is_some_and(|constants| constants.contains_key(&bound)) {
            let prefix = self.class_value((repo, module), &bound)?;
            return self.value((repo, module), &format!("{prefix}.{path}"));
        }
        if !type_name.ends_with("Properties") {
            return None;
        }
        let suffix = format!(".{path}");
        let constants = self.by_module.get(&(repo.to_string(), module.to_string()))?;
        let mut keys = constants.keys().filter(|key| is_setting_key(key) && key.ends_with(&suffix));
        match (keys.next(), keys.next()) {
            (Some(key), None) => self.value((repo, module), key),
            _ => None,
        }
    }

    /// A class's constant's value in a repo (`OrderPlacedEventPublisher.TOPIC`): where two
    /// modules' classes of that name disagree, the module's own.
    fn class_value(&self, (repo, module): (&str, &str), name: &str) -> Option<String> {
        let value = match self.by_repo.get(repo)?.get(name)? {
            Some(value) => value.clone(),
            None => self.by_module.get(&(repo.to_string(), module.to_string()))?.get(name)?.clone()?,
        };
        (!value.is_empty()).then_some(value)
    }

    /// A constant's value in a repo. An env var's is its repo's, else the one value the org
    /// gives it; a setting's key that no config file of the repo gives a value (or gives an
    /// empty one, left to the environment) takes its bound env var's.
    /// Where the repo's files disagree, the module's own value stands.
    fn direct_value(&self, (repo, module): (&str, &str), name: &str) -> Option<String> {
        let constants = self.by_repo.get(repo);
        let env = |name: &str| constants.and_then(|constants| constants.get(name)).or_else(|| self.env.get(name)).cloned().flatten();
        let own = constants.and_then(|constants| constants.get(name)).cloned();
        let module_own = || self.by_module.get(&(repo.to_string(), module.to_string())).and_then(|constants| constants.get(name)).cloned();
        let own = match own {
            Some(None) => module_own().filter(Option::is_some).or(Some(None)),
            own => own,
        };
        let value = match &own {
            Some(value) => value.clone(),
            None if name.starts_with(ENV_CONSTANT) => env(name),
            None if is_setting_key(name) => self.settings.get(name).cloned().flatten(),
            None => None,
        };
        match value.filter(|value| !value.is_empty()) {
            Some(value) => Some(value),
            // Given nowhere (or left empty): `kcsolution.orders.topic` is `KCSOLUTION_ORDERS_TOPIC`.
            None if !matches!(own, Some(None)) => bound_env_var(name)
                .and_then(|variable| env(&format!("{ENV_CONSTANT}{variable}")))
                .filter(|value| !value.is_empty())
                .or_else(|| stream_default_destination(name))
                .or_else(|| self.defaults.get(repo)?.get(name).cloned().flatten()),
            None => None,
        }
    }

    /// A Go channel named by a config struct's field (`cfg.OrdersTopic`, `config.Kafka.Topic`)
    /// no constant of its name fills: the value the repo's config gives the field's key, else
    /// the default its code gives it (`readers::code::go_config`).
    fn config_field(&self, (repo, path): (&str, &str), name: &str) -> Option<String> {
        if !path.ends_with(".go") {
            return None;
        }
        field_lookups(name).iter().find_map(|key| self.value((repo, module_of(path)), key))
    }

    /// One file's facts with its channels named by constants filled in (dropped when the
    /// constant is unknown), and the constants themselves taken out.
    pub(crate) fn fill(&self, repo: &str, path: &str, mut facts: FileFacts) -> FileFacts {
        if !facts
            .edges
            .iter()
            .any(|edge| {
                edge.kind == NAMES_CONSTANT
                    || edge.kind == SETTING_DEFAULT
                    || edge.kind == NAMES_SERVICE
                    || edge.kind == PASSES_CHANNEL
                    || edge.to.starts_with("channel-constant:")
                    || edge.to.starts_with(SERVICE_CONSTANT)
                    || edge.to.starts_with(CHANNEL_PARAMETER)
            })
        {
            return facts;
        }
        let mut edges = Vec::with_capacity(facts.edges.len());
        for mut edge in std::mem::take(&mut facts.edges) {
            if edge.kind == NAMES_CONSTANT || edge.kind == SETTING_DEFAULT || edge.kind == NAMES_SERVICE || edge.kind == PASSES_CHANNEL {
                continue;
            }
            // A parameter takes each name its package's callers pass (none when no call does).
            if let Some(parameter) = edge.to.strip_prefix(CHANNEL_PARAMETER) {
                let key = (repo.to_string(), crate::readers::parent_dir(path).to_string(), parameter.to_string());
                let protocol = edge.props.remove("protocol").unwrap_or(Value::Null);
                for passed in self.parameters.get(&key).into_iter().flatten() {
                    let value = match passed.strip_prefix(CONSTANT_PREFIX) {
                        Some(constant) => self.value((repo, module_of(path)), constant),
                        None => Some(passed.clone()),
                    };
                    let Some(value) = value else { continue };
                    facts.node("channel", &value, json!({"address": value, "protocol": protocol}), &edge.pointer, Method::Inferred);
                    let mut filled = edge.clone();
                    filled.to = format!("channel:{value}");
                    filled.props.insert("parameter".into(), json!(parameter));
                    edges.push(filled);
                }
                continue;
            }
            if let Some(name) = edge.to.strip_prefix(SERVICE_CONSTANT) {
                let Some(value) = self.services.get(name).cloned().flatten() else {
                    continue;
                };
                edge.to = format!("host:{value}");
                edges.push(edge);
                continue;
            }
            // Every member of an object of channels (`Object.values(Topics)`): each one's value.
            if let Some(object) = edge.to.strip_prefix("channel-constant:").and_then(|name| name.strip_suffix(ALL_MEMBERS)).and_then(|name| name.strip_suffix('.')) {
                let values = self.member_values(repo, path, object);
                let protocol = edge.props.remove("protocol").unwrap_or(Value::Null);
                for value in values {
                    facts.node("channel", &value, json!({"address": value, "protocol": protocol}), &edge.pointer, Method::Inferred);
                    let mut filled = edge.clone();
                    filled.to = format!("channel:{value}");
                    filled.props.insert("constant".into(), json!(format!("{object}.{ALL_MEMBERS}")));
                    edges.push(filled);
                }
                continue;
            }
            if let Some(name) = edge.to.strip_prefix("channel-constant:").map(str::to_string) {
                // An SQS queue's env var no one gives a value names the queue by its words.
                let unset = edge.props.remove(UNSET_NAME).and_then(|name| name.as_str().map(str::to_string));
                let value = self.value((repo, module_of(path)), &name).or_else(|| self.config_field((repo, path), &name)).or(unset).or_else(|| self.only_member(repo, path, &name));
                let Some(value) = value else {
                    continue;
                };
                let protocol = edge.props.remove("protocol").unwrap_or(Value::Null);
                facts.node("channel", &value, json!({"address": value, "protocol": protocol}), &edge.pointer, Method::Inferred);
                edge.to = format!("channel:{value}");
                edge.props.insert("constant".into(), json!(name));
            }
            edges.push(edge);
        }
        facts.edges = edges;
        facts
    }
}

/// How many leading folders two folders share (`src/events` and `src/events/amqp`: 2).
fn shared_folders(one: &str, other: &str) -> usize {
    one.split('/').zip(other.split('/')).take_while(|(a, b)| a == b && !a.is_empty()).count()
}

/// Per repo, directory and parameter, the names the repo's calls pass to each Go function whose
/// parameter names a channel: a call `events.NewProducer(..)` of the package it imports as
/// `order-service/internal/events` fills the declaration of `events.NewProducer` in the one
/// directory of the repo that import path names: its Go module's path (by the nearest
/// `go.mod` above) and the directory below it, or without a `go.mod` a path ending with the
/// whole directory. Two services' own `events` packages in one repo stay apart. A call of a JVM
/// class's method (no import path: the parameter names the class's package) fills the class's
/// declaration in the caller's JVM module when several modules declare it. An unqualified Go
/// call of its own package's function fills the declaration in its own directory; a Python
/// call the module's in the nearest folder [`module_folders`] reads the import from.
fn passed_parameters(files: &[ScannedFacts]) -> BTreeMap<(String, String, String), Vec<String>> {
    // Under each name a call fills it by, a parameter's declarations: their directories and the
    // parameter's own name (a Python one, `producer.publish#0=topic`, by position and keyword).
    let mut declared: BTreeMap<(&str, String), std::collections::BTreeSet<(&str, &str)>> = BTreeMap::new();
    for file in files {
        for edge in &file.facts.edges {
            if let Some(parameter) = edge.to.strip_prefix(CHANNEL_PARAMETER) {
                let declaration = (crate::readers::parent_dir(&file.path), parameter);
                match parameter.split_once('=').and_then(|(position, name)| Some((position, name, position.split_once('#')?.0))) {
                    Some((position, name, function)) => {
                        declared.entry((file.repo.as_str(), position.to_string())).or_default().insert(declaration);
                        declared.entry((file.repo.as_str(), format!("{function}#={name}"))).or_default().insert(declaration);
                    }
                    None => {
                        declared.entry((file.repo.as_str(), parameter.to_string())).or_default().insert(declaration);
                    }
                }
            }
        }
    }
    let mut parameters: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    if declared.is_empty() {
        return parameters;
    }
    // Each repo's Go modules: the directory of a `go.mod` and the module's path.
    let mut modules: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for file in files.iter().filter(|file| file.path == "go.mod" || file.path.ends_with("/go.mod")) {
        let module = file.facts.nodes.iter().find(|node| node.kind == "package").and_then(|node| node.name.strip_prefix("{repo}/"));
        if let Some(module) = module {
            modules.entry(file.repo.as_str()).or_default().push((crate::readers::parent_dir(&file.path), module));
        }
    }
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == PASSES_CHANNEL) {
            let Some(parameter) = edge.to.strip_prefix(CHANNEL_ARGUMENT) else { continue };
            let Some(value) = edge.props.get("value").and_then(Value::as_str) else { continue };
            let Some(directories) = declared.get(&(file.repo.as_str(), parameter.to_string())) else { continue };
            let caller = crate::readers::parent_dir(&file.path);
            let named: Vec<&(&str, &str)> = match (edge.props.get(IMPORT_PATH).and_then(Value::as_str), edge.props.get(MODULE).and_then(Value::as_str)) {
                (Some(import), _) => {
                    let repo_modules = modules.get(file.repo.as_str()).map_or(&[][..], Vec::as_slice);
                    directories.iter().filter(|(directory, _)| imported_as(directory, import, repo_modules)).collect()
                }
                // A Python module: the nearest folder holding it, from the caller's up.
                (None, Some(module)) => module_folders(caller, module).iter().find_map(|folder| directories.iter().find(|(directory, _)| directory == folder)).into_iter().collect(),
                // A Go function of the caller's own package, declared in another of its files.
                _ if edge.props.get(SAME_PACKAGE).is_some() => directories.iter().filter(|(directory, _)| *directory == caller).collect(),
                // A JVM class's method, named with its package: the class's one declaration in
                // the repo, else the one of the caller's JVM module.
                _ if directories.len() == 1 => directories.iter().collect(),
                _ => directories.iter().filter(|(directory, _)| module_of(&format!("{directory}/")) == module_of(&file.path)).collect(),
            };
            let [(directory, declaration)] = named[..] else { continue };
            let values = parameters.entry((file.repo.clone(), directory.to_string(), declaration.to_string())).or_default();
            if !values.iter().any(|known| known == value) {
                values.push(value.to_string());
            }
        }
    }
    parameters
}

/// Whether the Go package in `directory` is the one `import` names: its module's path (the
/// nearest `go.mod` at or above it) joined with the directory below the module's, else (no
/// `go.mod` above) an import path ending with the whole directory.
fn imported_as(directory: &str, import: &str, modules: &[(&str, &str)]) -> bool {
    let below = |module_directory: &str| match module_directory {
        "" => Some(directory),
        _ if directory == module_directory => Some(""),
        _ => directory.strip_prefix(module_directory).and_then(|rest| rest.strip_prefix('/')),
    };
    let nearest = modules.iter().filter_map(|(module_directory, module)| Some((module_directory.len(), *module, below(module_directory)?))).max_by_key(|(length, _, _)| *length);
    match nearest {
        Some((_, module, "")) => import == module,
        Some((_, module, below)) => import.strip_prefix(module).and_then(|rest| rest.strip_prefix('/')) == Some(below),
        None => !directory.is_empty() && (import == directory || import.ends_with(&format!("/{directory}"))),
    }
}

/// Records `value` for `name`, or `None` when another file gave it another value.
fn known_once(values: &mut BTreeMap<String, Option<String>>, name: &str, value: &str) {
    values
        .entry(name.to_string())
        .and_modify(|known| {
            if known.as_deref() != Some(value) {
                *known = None;
            }
        })
        .or_insert_with(|| Some(value.to_string()));
}

/// The env var Spring's relaxed binding and MicroProfile Config read a setting's key from:
/// upper case, dots and dashes as underscores (`kcsolution.orders-topic` is
/// `KCSOLUTION_ORDERS_TOPIC`). Only for a dotted key: a constant's name is no setting.
fn bound_env_var(key: &str) -> Option<String> {
    let is_key = key.contains('.') && key.chars().all(|character| character.is_ascii_alphanumeric() || "._-".contains(character));
    is_key.then(|| key.to_ascii_uppercase().replace(['.', '-'], "_"))
}

/// Spring Cloud Stream's destination of a binding no config gives one: the binding's own name
/// (`spring.cloud.stream.bindings.orders.destination` is `orders`).
fn stream_default_destination(key: &str) -> Option<String> {
    let binding = key.strip_prefix(crate::readers::spring_stream::BINDINGS)?.strip_suffix(".destination")?;
    (!binding.is_empty() && !binding.contains('.')).then(|| binding.to_string())
}

/// Whether a constant's name is a config setting's key (`kafka.topic.order-created`), lowercase
/// and dotted, not a code constant (`ORDER_TOPIC`), an env var's or a bean's.
fn is_setting_key(name: &str) -> bool {
    name.contains('.') && !name.contains(':') && !name.contains("()") && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || matches!(byte, b'.' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_no_config_gives_is_its_bound_env_var() {
        assert_eq!(bound_env_var("kcsolution.orders-topic").as_deref(), Some("KCSOLUTION_ORDERS_TOPIC"));
        assert_eq!(bound_env_var("ORDERS_TOPIC"), None);
        assert_eq!(bound_env_var("getOrderTopic()"), None);
        assert_eq!(stream_default_destination("spring.cloud.stream.bindings.audit.destination").as_deref(), Some("audit"));
        assert_eq!(stream_default_destination("spring.cloud.stream.bindings.audit.group"), None);
    }

    #[test]
    fn an_import_path_names_a_directory_below_its_module() {
        let modules = [("order-service", "order-service"), ("log-service", "log-service"), ("services/pay", "github.com/acme/pay")];
        assert!(imported_as("order-service/internal/events", "order-service/internal/events", &modules));
        assert!(!imported_as("log-service/internal/events", "order-service/internal/events", &modules));
        assert!(imported_as("services/pay/events", "github.com/acme/pay/events", &modules));
        assert!(imported_as("services/pay", "github.com/acme/pay", &modules));
        assert!(!imported_as("services/pay/events", "github.com/acme/other/events", &modules));
        assert!(imported_as("internal/events", "github.com/acme/shop/internal/events", &[]));
        assert!(!imported_as("internal/events", "github.com/acme/shop/events", &[]));
    }
}
