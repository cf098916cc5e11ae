//! Journaled steps: written before they start and after they end. A step already `done` in the
//! journal is not run again; its recorded output is returned instead.

use std::future::Future;

use factory_store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::RunError;

pub(crate) const DONE: &str = "done";
pub(crate) const FAILED: &str = "failed";
pub(crate) const WAITING: &str = "waiting";

/// Runs `work` as step `name` at `attempt` of `run_id`, unless the journal says it is done.
pub(crate) async fn step<T, F, Fut>(store: &Store, run_id: &str, name: &str, attempt: u32, input: serde_json::Value, work: F) -> Result<T, RunError>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce(i64) -> Fut,
    Fut: Future<Output = Result<T, RunError>>,
{
    if let Some(record) = store.step(run_id, name, i64::from(attempt)).await?
        && record.status == DONE {
            tracing::debug!(run = run_id, step = name, attempt, "step already done; using its journaled output");
            return serde_json::from_value(record.output).map_err(|error| RunError::Stage {
                stage: name.to_string(),
                message: format!("the journaled output of step {name} cannot be read back: {error}"),
            });
        }
    let record = store.begin_step(run_id, name, i64::from(attempt), &input).await?;
    match work(record.id).await {
        Ok(output) => {
            let value = serde_json::to_value(&output).unwrap_or(serde_json::Value::Null);
            store.finish_step(record.id, DONE, &value, None).await?;
            Ok(output)
        }
        Err(error) => {
            store.finish_step(record.id, FAILED, &serde_json::Value::Null, Some(&error.to_string())).await?;
            Err(error)
        }
    }
}
