//! When two names are one service's: `inventory` and `inventory-service`, `user` and `users`,
//! `ratings` and `ratings-v2`, a Kubernetes workload that is one version of its app.

use std::collections::BTreeSet;

use crate::model::{naming_key, UnitFact, UnitOrigin};

/// Name endings that say what a service is, not which: `inventory-service`, `orders-api`,
/// and the language of its repo (`booking-service-java`; only names too long to end another
/// word by chance: `cargo` is not `car` in Go).
const SERVICE_SUFFIXES: &[&str] =
    &["service", "svc", "api", "server", "app", "worker", "java", "golang", "nodejs", "node", "python", "dotnet", "rust", "kotlin", "ruby", "scala"];

/// `inventory` and `inventoryservice`, `orders` and `ordersapi`, `booking` and
/// `bookingservicejava`, `ratings` and `ratingsv2`: one name plus common suffixes or a version.
pub(crate) fn same_service_key(a: &str, b: &str) -> bool {
    a == b || with_suffixes(a, b) || plural_stems(a, b)
}

/// One name is the other plus common suffixes or a version.
fn with_suffixes(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let Some(mut rest) = long.strip_prefix(short).filter(|_| short.len() >= 3) else {
        return false;
    };
    while !rest.is_empty() {
        match SERVICE_SUFFIXES.iter().find(|suffix| rest.starts_with(*suffix)) {
            Some(suffix) => rest = &rest[suffix.len()..],
            // A plural: `users` for `user`.
            None if rest == "s" => return true,
            None => return version_key(rest),
        }
    }
    true
}

/// `productsapi` and `productapi`, `usersservice` and `user`: one stem is the other's plural once
/// the suffixes are off both, and those are the same or one name has none (`ordersapi` and
/// `orderworker` stay two).
fn plural_stems(a: &str, b: &str) -> bool {
    let ((stem_a, tail_a), (stem_b, tail_b)) = (stem(a), stem(b));
    let plural = |one: &str, other: &str| one.len() >= 3 && other.strip_suffix('s') == Some(one);
    (tail_a == tail_b || tail_a.is_empty() || tail_b.is_empty()) && (plural(stem_a, stem_b) || plural(stem_b, stem_a))
}

/// A naming key without the service suffixes it ends with, and those: `productsapi` ->
/// (`products`, `api`).
fn stem(key: &str) -> (&str, &str) {
    let mut stem = key;
    while let Some(suffix) = SERVICE_SUFFIXES.iter().find(|suffix| stem.len() >= suffix.len() + 3 && stem.ends_with(*suffix)) {
        stem = &stem[..stem.len() - suffix.len()];
    }
    (stem, &key[stem.len()..])
}

/// The naming key of the first word every name shares (`acme` for `acme-booking` and
/// `acme-pricing-service`), when there are two names or more; "" otherwise.
pub(super) fn shared_name_prefix<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let firsts: BTreeSet<Option<&str>> = names.iter().map(|name| name.split_once(['-', '_', '.']).map(|(first, _)| first)).collect();
    match firsts.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(first)] if names.len() >= 2 && first.len() >= 2 => naming_key(first),
        _ => String::new(),
    }
}

/// Words naming the language a repo is written in, too short to be told as a suffix inside a
/// naming key (`cargo` is no `car` in Go): they count as the name's last word only
/// (`product-api-go`, `cart-node`).
const LANGUAGE_WORDS: &[&str] =
    &["go", "golang", "node", "nodejs", "js", "ts", "py", "python", "dotnet", "net", "rs", "rust", "java", "kotlin", "kt", "ruby", "rb", "scala", "php"];

/// Short words after a name that say what it is, not which (`voyages-ms`, a microservice), too
/// short to be told inside a naming key (`teams` is no `tea`): as a last word only.
const SUFFIX_WORDS: &[&str] = &["ms"];

/// A name's naming key without the language or the short service word its last words name:
/// `product-api-go` -> `productapi`, `voyages-ms` -> `voyages`, `cargo` -> `cargo`.
pub(super) fn service_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut stem = lower.as_str();
    while let Some((rest, _)) = stem
        .rsplit_once(['-', '_', '.'])
        .filter(|(rest, word)| (LANGUAGE_WORDS.contains(word) || SUFFIX_WORDS.contains(word)) && naming_key(rest).len() >= 3)
    {
        stem = rest;
    }
    naming_key(stem)
}

/// The leading words every one of `names` starts with and one at least goes on after
/// (`refarch`, `kc` for the repos `refarch-kc`, `refarch-kc-ui` and `refarch-kc-order-ms`),
/// lowercase; none for fewer than two names.
pub(super) fn shared_leading_words<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let split: Vec<Vec<String>> = names.map(|name| name.to_lowercase().split(['-', '_', '.']).map(str::to_string).collect()).collect();
    let [first, rest @ ..] = split.as_slice() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return Vec::new();
    }
    let shared = first.iter().enumerate().take_while(|(index, word)| !word.is_empty() && rest.iter().all(|words| words.get(*index) == Some(*word))).count();
    let shared = if split.iter().all(|words| words.len() == shared) { shared.saturating_sub(1) } else { shared };
    first[..shared].to_vec()
}

/// `name` without the leading `words`, when it goes on after them: `refarch-kc-ui` -> `ui`.
pub(super) fn without_leading_words(name: &str, words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let lower = name.to_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_', '.']).collect();
    let starts = parts.len() > words.len() && parts.iter().zip(words).all(|(part, word)| part == word);
    starts.then(|| parts[words.len()..].join("-"))
}

/// Names that say what a service is, not which (compose's `api` in the product API's repo, the
/// frontend's `web`): the words `folders.rs` finds folders by only in the repo declaring them.
const GENERIC_NAMES: &[&str] = &["api", "app", "application", "web", "www", "server", "service", "svc", "backend", "ui", "client", "main", "site", "core", "worker"];

/// Whether `name` says only what a service is (`api`, `Web`), not which.
pub(super) fn is_generic_name(name: &str) -> bool {
    GENERIC_NAMES.contains(&naming_key(name).as_str())
}

/// Words a Kubernetes workload's name ends with that say what kind of object it is, not which
/// service it runs (`router-deployment`, `ledger-statefulset`, ticketing's `auth-depl`).
const KIND_WORDS: &[&str] = &["deployment", "deploy", "depl", "statefulset", "daemonset"];

/// A workload's name without the kind its last word names: `router-deployment` -> `router`.
pub(super) fn without_kind_word(name: &str) -> Option<&str> {
    name.rsplit_once(['-', '_', '.']).filter(|(stem, word)| KIND_WORDS.contains(&word.to_lowercase().as_str()) && naming_key(stem).len() >= 3).map(|(stem, _)| stem)
}

/// Words a compose service's name ends with that say which copy of a service it runs, not
/// which service: hashicups's `public-api-secondary`, the second datacenter's `public-api`.
const REPLICA_WORDS: &[&str] = &["secondary", "primary", "replica", "standby", "backup", "failover", "canary", "blue", "green", "mirror"];

/// The service a copy runs, when the copy's name is that service's plus a replica word or a
/// number: `public-api` for `public-api-secondary`, `web` for `web-2`.
pub(super) fn replica_of(name: &str) -> Option<&str> {
    let (stem, word) = name.rsplit_once(['-', '_'])?;
    let copy = REPLICA_WORDS.contains(&word.to_lowercase().as_str()) || (!word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit()));
    (copy && naming_key(stem).len() >= 3).then_some(stem)
}

/// `v2`, `v10`: a version, as a naming key ends with it.
fn version_key(text: &str) -> bool {
    text.strip_prefix('v').is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()))
}

/// A unit's component name: a Kubernetes workload that is one version of an app
/// (`reviews-v2` with labels `app: reviews, version: v2`, `ratings-v2-mysql`) is the app.
pub(super) fn unit_name(unit: &UnitFact) -> String {
    let name = unit.name.to_lowercase();
    if unit.origin != UnitOrigin::Kubernetes {
        return name;
    }
    let label = |keys: &[&str]| keys.iter().find_map(|key| unit.labels.get(*key)).map(|value| value.to_lowercase());
    let Some(app) = label(&["app", "app.kubernetes.io/name"]) else {
        return name;
    };
    let Some(rest) = name.strip_prefix(&app).and_then(|rest| rest.strip_prefix('-')) else {
        return name;
    };
    let versioned = label(&["version", "app.kubernetes.io/version"]).is_some_and(|version| version == rest) || rest.split('-').next().is_some_and(version_key);
    if versioned { app } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_alike_are_one_name_with_suffixes_a_version_or_a_plural() {
        let cases = [
            ("inventory", "inventoryservice", true),
            ("ratings", "ratingsv2", true),
            ("user", "users", true),
            ("productapi", "productsapi", true),
            ("user", "usersservice", true),
            ("ordersapi", "orderworker", false),
            ("ordersapi", "ordersworker", false),
            ("cart", "cartsdb", false),
            ("order", "ordersapiworker", true),
        ];
        for (a, b, expected) in cases {
            assert_eq!(same_service_key(a, b), expected, "{a} {b}");
        }
    }

    #[test]
    fn a_last_word_naming_a_language_a_workload_kind_or_a_copy_comes_off() {
        let names = ["product-api-go", "cart_node", "cargo", "go", "api-go", "orders-service-java", "voyages-ms", "teams", "order-command-ms", "ms"];
        let keys: Vec<String> = names.iter().map(|name| service_key(name)).collect();
        assert_eq!(keys, ["productapi", "cart", "cargo", "go", "api", "ordersservice", "voyages", "teams", "ordercommand", "ms"]);
        let kinds: Vec<Option<&str>> = ["router-deployment", "ledger-statefulset", "deployment", "api-deploy", "deployer", "auth-depl", "depl"].into_iter().map(without_kind_word).collect();
        assert_eq!(kinds, [Some("router"), Some("ledger"), None, Some("api"), None, Some("auth"), None]);
        let copies: Vec<Option<&str>> = ["public-api-secondary", "web-2", "orders-worker", "consul_server_1", "db-1"].into_iter().map(replica_of).collect();
        assert_eq!(copies, [Some("public-api"), Some("web"), None, Some("consul_server"), None]);
    }

    #[test]
    fn the_words_every_name_starts_with_come_off_a_name_that_goes_on_after_them() {
        let repos = ["refarch-kc", "refarch-kc-ui", "refarch-kc-order-ms"];
        let words = shared_leading_words(repos.into_iter());
        assert_eq!(words, ["refarch", "kc"]);
        let stripped: Vec<Option<String>> = repos.iter().map(|name| without_leading_words(name, &words)).collect();
        assert_eq!(stripped, [None, Some("ui".to_string()), Some("order-ms".to_string())]);
        assert_eq!(shared_leading_words(["kcontainer-ui", "kcontainer-voyages-ms"].into_iter()), ["kcontainer"]);
        assert_eq!(shared_leading_words(["orders", "payments"].into_iter()), Vec::<String>::new());
        assert_eq!(shared_leading_words(["acme-orders"].into_iter()), Vec::<String>::new());
    }
}
