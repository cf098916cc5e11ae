//! The MCP configuration the run engine hands to the workers it starts (`.factory/mcp.json`),
//! so that a coding agent can ask the brain questions while it works over `factory mcp`.

use std::path::Path;

use serde_json::{json, Value};

/// The `mcpServers` config that starts this factory executable as `factory --home HOME mcp`.
/// Falls back to `factory` on the `PATH` when the current executable cannot be found.
pub fn mcp_config(home: &Path) -> Value {
    match std::env::current_exe() {
        Ok(executable) => mcp_config_for(&executable, home),
        Err(error) => {
            tracing::warn!(%error, "could not find the current executable; the MCP config names `factory` on the PATH");
            mcp_config_for(Path::new("factory"), home)
        }
    }
}

/// The `mcpServers` config that starts `factory_executable --home HOME mcp`.
pub fn mcp_config_for(factory_executable: &Path, home: &Path) -> Value {
    json!({
        "mcpServers": {
            "factory": {
                "command": factory_executable.display().to_string(),
                "args": ["--home", home.display().to_string(), "mcp"],
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_starts_the_given_executable_on_the_home() {
        let config = mcp_config_for(Path::new("/usr/local/bin/factory"), Path::new("/srv/acme/home"));
        insta::assert_json_snapshot!(config, @r#"
        {
          "mcpServers": {
            "factory": {
              "args": [
                "--home",
                "/srv/acme/home",
                "mcp"
              ],
              "command": "/usr/local/bin/factory"
            }
          }
        }
        "#);
    }

    #[test]
    fn the_default_config_names_the_current_executable() {
        let config = mcp_config(Path::new("/srv/acme/home"));
        let expected = std::env::current_exe().expect("the test binary has a path").display().to_string();
        assert_eq!(config["mcpServers"]["factory"]["command"], Value::String(expected));
    }
}
