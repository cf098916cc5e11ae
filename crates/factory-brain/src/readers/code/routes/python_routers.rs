//! Python routers that carry their own prefix: FastAPI's `router = APIRouter(prefix="/v1/orders")`
//! and Flask's `bp = Blueprint("orders", __name__, url_prefix="/orders")`. The routes a file
//! declares on such a router (`@router.get("/{order_id}")`, `@router.post("")`) are served
//! under its prefix (the FastAPI platform on EKS's gateway serves `/api/register`; FastAPI's
//! own docs write a collection's route `@router.get("")` or `"/"` under the prefix), so they are
//! joined to it before the path is judged; the prefix itself then marks nothing.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// The routers a file defines with a prefix.
#[derive(Debug, Default)]
pub(super) struct Routers {
    /// Router name -> its prefix.
    prefixes: BTreeMap<String, String>,
    /// The byte ranges of the routers' constructor calls: a `prefix=` inside one is the
    /// router's own.
    calls: Vec<(usize, usize)>,
    /// The file defines a router at all (`APIRouter(` or `Blueprint(`): a route on one without
    /// a prefix is relative to where another file includes it.
    pub(super) any: bool,
}

impl Routers {
    pub(super) fn of(text: &str) -> Routers {
        static ROUTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(\w+)\s*=\s*(?:\w+\.)?(?:APIRouter|Blueprint)\s*\(").expect("a valid regex"));
        static PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b(?:url_)?prefix\s*=\s*['"](/[^'"]*)['"]"#).expect("a valid regex"));
        let mut routers = Routers { any: text.contains("APIRouter(") || text.contains("Blueprint("), ..Routers::default() };
        if !routers.any {
            return routers;
        }
        for captures in ROUTER.captures_iter(text) {
            let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
            let Some((inner, end)) = crate::readers::code::calls::enclosed_within(text, whole.end() - 1, 2_000) else { continue };
            if let Some(prefix) = PREFIX.captures(inner).and_then(|prefix| prefix.get(1)) {
                routers.prefixes.insert(name.as_str().to_string(), prefix.as_str().to_string());
                routers.calls.push((whole.start(), end));
            }
        }
        routers
    }

    /// The prefix of the router a decorator at `offset` (`@router.get(..)`) declares a route on.
    pub(super) fn prefix_at(&self, text: &str, offset: usize) -> Option<&str> {
        let router = text[offset..].strip_prefix('@')?.split_once('.')?.0;
        self.prefixes.get(router).map(String::as_str)
    }

    /// Whether a `prefix=` at `offset` is a router's own, joined to its routes here.
    pub(super) fn owns(&self, offset: usize) -> bool {
        self.calls.iter().any(|&(start, end)| start <= offset && offset < end)
    }
}

/// The module a `prefix=` at `offset` mounts when it is an argument of FastAPI's
/// `app.include_router(orders.router, prefix="/api")` or Flask's
/// `app.register_blueprint(orders_bp, url_prefix="/api")`: the router's module as a path
/// without extension (`app/routers/orders`), from the file's imports
/// (`from app.routers import orders`, `from app.routers.orders import router as orders_router`,
/// `from .routers import orders`). An absolute module starts at the folder of the importing
/// file's path named for its first package (`app`), else at the importing file's folder.
pub(in crate::readers::code) fn included_module(path: &str, text: &str, offset: usize) -> Option<String> {
    let call = ["include_router(", "register_blueprint("].iter().filter_map(|call| text[..offset].rfind(call).map(|at| at + call.len() - 1)).max()?;
    let (arguments, end) = crate::readers::code::calls::arguments(text, call)?;
    if end <= offset {
        return None;
    }
    let router = arguments.first()?.trim();
    let (name, attribute) = router.split_once('.').map_or((router, None), |(name, attribute)| (name, Some(attribute)));
    if !name.chars().all(|character| character.is_alphanumeric() || character == '_') || name.is_empty() {
        return None;
    }
    let module = imported_module(text, name, attribute.is_some())?;
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let dots = module.len() - module.trim_start_matches('.').len();
    let dotted = &module[dots..];
    let root = if dots > 0 {
        let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
        for _ in 1..dots {
            parts.pop()?;
        }
        parts.join("/")
    } else {
        let first = dotted.split('.').next()?;
        let parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
        match parts.iter().position(|part| *part == first) {
            Some(at) => parts[..at].join("/"),
            None => parts.join("/"),
        }
    };
    let relative = dotted.replace('.', "/");
    Some(if root.is_empty() { relative } else { format!("{root}/{relative}") })
}

/// The module `name` stands for: a module imported under that name (`from app.routers import
/// orders`, `import app.routers.orders as orders`) when it is used with an attribute
/// (`orders.router`), else the module a router of that name is imported from
/// (`from app.routers.orders import router`).
fn imported_module(text: &str, name: &str, module_itself: bool) -> Option<String> {
    static FROM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*from\s+([.\w]+)\s+import\s+\(?([^)\n]*)").expect("a valid regex"));
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*import\s+([.\w]+)\s+as\s+(\w+)").expect("a valid regex"));
    for captures in FROM.captures_iter(text) {
        for item in captures[2].split(',') {
            let mut words = item.split_whitespace();
            let imported = words.next().unwrap_or("");
            let bound = match (words.next(), words.next()) {
                (Some("as"), Some(alias)) => alias,
                _ => imported,
            };
            if bound != name {
                continue;
            }
            let from = &captures[1];
            return Some(if module_itself { format!("{}{}{imported}", from, if from.ends_with('.') { "" } else { "." }) } else { from.to_string() });
        }
    }
    IMPORT.captures_iter(text).find(|captures| &captures[2] == name && module_itself).map(|captures| captures[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_included_routers_module_is_found_from_the_imports() {
        let main = "from fastapi import FastAPI\nfrom app.routers import orders\nfrom .routers.users import router as users_router\n\napp = FastAPI()\napp.include_router(orders.router, prefix=\"/api\")\napp.include_router(users_router, prefix=\"/api\")\n";
        let at = |nth: usize| main.match_indices("prefix=").nth(nth).map(|(at, _)| at).unwrap_or_default();
        assert_eq!(included_module("app/main.py", main, at(0)).as_deref(), Some("app/routers/orders"));
        assert_eq!(included_module("app/main.py", main, at(1)).as_deref(), Some("app/routers/users"));
        assert_eq!(included_module("svc/app/main.py", main, at(0)).as_deref(), Some("svc/app/routers/orders"), "the package's folder in a monorepo");
        let router = "router = APIRouter(prefix=\"/v1/orders\")\n";
        assert_eq!(included_module("app/routers/orders.py", router, router.find("prefix").unwrap_or_default()), None, "a router's own prefix mounts nothing");
    }
}
