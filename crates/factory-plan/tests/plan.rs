//! Plans for the acme org on hand-built brain facts: the shapes the planner must get right
//! (additive, rename, removal, type change, message field, infrastructure, one-repo fix).

use factory_plan::{
    ChangeImpact, ChangeSpec, ChangeTarget, Consumer, DeclaredCheck, Impact, Lane, Note, Party, Plan, PlanOptions, Reads, RepoFacts, RepoKind,
    TestFact, plan, plan_markdown,
};

/// What the brain knows about acme, as the app would hand it over.
struct Reader {
    component: &'static str,
    repo: &'static str,
    contract: &'static str,
    fields: &'static [&'static str],
    operations: &'static [&'static str],
}

const READERS: &[Reader] = &[
    Reader {
        component: "web",
        repo: "web",
        contract: "orders-http",
        fields: &["customer", "id", "status", "total_cents"],
        operations: &["GET /orders"],
    },
    Reader {
        component: "billing-worker",
        repo: "billing-worker",
        contract: "orders-http",
        fields: &["id", "status", "total_cents"],
        operations: &["GET /orders", "POST /orders/{id}/invoice"],
    },
    Reader { component: "billing-worker", repo: "billing-worker", contract: "order-invoiced-queue", fields: &[], operations: &[] },
    Reader { component: "orders-api", repo: "orders-api", contract: "orders-db", fields: &[], operations: &[] },
    Reader { component: "ledger", repo: "ledger", contract: "billing-events", fields: &["invoice_id", "amount_cents"], operations: &[] },
];

fn provider_of(change: &ChangeSpec) -> (String, String) {
    let (component, repo) = match change.api() {
        Some("orders-http") => ("component:orders-api", "orders-api"),
        Some(_) => ("component:billing-worker", "billing-worker"),
        None => match &change.target {
            ChangeTarget::Resource { name } => return (format!("resource:{name}"), "platform".to_string()),
            _ => return (format!("component:{}", change.element()), change.element().to_string()),
        },
    };
    (component.to_string(), repo.to_string())
}

fn impact_of(change: &ChangeSpec) -> ChangeImpact {
    let (component, repo) = provider_of(change);
    let contract = change.api().or(match change.target {
        ChangeTarget::Resource { .. } => Some(change.element()),
        _ => None,
    });
    let consumers = READERS
        .iter()
        .filter(|reader| Some(reader.contract) == contract)
        .map(|reader| {
            let reads = match change.target {
                ChangeTarget::Operation { .. } => reader.operations.contains(&change.element()),
                ChangeTarget::Resource { .. } => true,
                _ => reader.fields.contains(&change.wire_name()),
            };
            Consumer {
                component: format!("component:{}", reader.component),
                repo: reader.repo.to_string(),
                fields_read: reader.fields.iter().map(ToString::to_string).collect(),
                reads_changed_entity: if reads { Reads::Yes } else { Reads::No },
                path: vec![format!("component:{} -consumes-> api:{}", reader.component, reader.contract)],
            }
        })
        .collect();
    let tests = if change.wire_name() == "total_cents" {
        vec![TestFact {
            test_ref: "test:orders-api/tests/test_server.py".to_string(),
            repo: "orders-api".to_string(),
            path: vec!["test:orders-api/tests/test_server.py -covers-> field:orders-http/Order.total_cents".to_string()],
        }]
    } else {
        Vec::new()
    };
    ChangeImpact {
        change: change.clone(),
        entity: change.entity_ref(),
        entity_exists: !matches!(change.action, factory_plan::ChangeAction::Add),
        contract: change.contract_ref(),
        provider: Party {
            component: component.clone(),
            repo: repo.clone(),
            path: change.contract_ref().map(|contract| format!("{component} -provides-> {contract}")).into_iter().collect(),
        },
        consumers,
        tests,
        owners: vec![format!("group:team-{}", repo.trim_end_matches("-api").trim_end_matches("-worker"))],
    }
}

fn repo(name: &str, kind: RepoKind, migrations: bool, checks: &[(&str, &str)]) -> RepoFacts {
    RepoFacts {
        name: name.to_string(),
        kind,
        holds_data_migrations: migrations,
        owners: vec![format!("group:team-{}", name.trim_end_matches("-api").trim_end_matches("-worker"))],
        rules: Vec::new(),
        lessons: Vec::new(),
        past_failures: Vec::new(),
        declared_checks: checks.iter().map(|(name, kind)| DeclaredCheck { name: name.to_string(), kind: kind.to_string() }).collect(),
    }
}

fn acme(changes: &[ChangeSpec]) -> Impact {
    let mut web = repo("web", RepoKind::Website, false, &[("web unit tests", "command"), ("orders page lists orders", "browser")]);
    web.rules.push(Note { id: "rule-0001".to_string(), summary: "money is formatted from integer cents".to_string() });
    Impact {
        changes: changes.iter().map(impact_of).collect(),
        repos: vec![
            repo("orders-api", RepoKind::Service, true, &[("orders-api unit tests", "command")]),
            web,
            repo("billing-worker", RepoKind::Worker, false, &[("billing-worker unit tests", "command")]),
            repo("platform", RepoKind::Infra, false, &[]),
            repo("ledger", RepoKind::Worker, true, &[]),
        ],
    }
}

fn planned(outcome: &str, specs: &[&str]) -> Plan {
    let changes: Vec<ChangeSpec> = specs.iter().map(|spec| spec.parse().expect("test specs parse")).collect();
    plan(outcome, &changes, &acme(&changes), &PlanOptions::default()).expect("acme plans")
}

/// The parts of a plan that show its decisions, for compact snapshots.
fn outline(plan: &Plan) -> serde_json::Value {
    serde_json::json!({
        "lane": plan.lane,
        "lane_reasons": plan.lane_reasons.iter().map(|reason| format!("{} ({})", reason.sentence, reason.points_to.as_str())).collect::<Vec<_>>(),
        "tasks": plan.tasks.iter().map(|task| serde_json::json!({"id": task.id, "depends_on": task.depends_on, "summary": task.summary})).collect::<Vec<_>>(),
        "not_changed": plan.not_changed.iter().map(|entry| &entry.repo).collect::<Vec<_>>(),
        "rollout": plan.rollout.iter().map(|step| format!("{}. wave {} {} ({})", step.step, step.wave, step.task, step.gate_checks.join(", "))).collect::<Vec<_>>(),
        "rollback": plan.rollback.iter().map(|step| format!("{}. {} {:?}", step.step, step.undoes, step.reversible)).collect::<Vec<_>>(),
    })
}

#[test]
fn added_field_read_by_web_and_billing_worker_goes_provider_first_in_the_full_lane() {
    let plan = planned(
        "show when each order was created, on the orders page and in invoices",
        &[
            "field:orders-http/Order.created_at:add",
            "field:orders-http/Order.created_at:consume:web",
            "field:orders-http/Order.created_at:consume:billing-worker",
        ],
    );
    assert_eq!(plan.lane, Lane::Full);
    insta::assert_json_snapshot!(plan);
}

#[test]
fn rename_of_total_cents_expands_migrates_both_readers_then_contracts() {
    let plan = planned("call the order amount amount_cents", &["field:orders-http/Order.total_cents:rename:amount_cents"]);
    insta::assert_json_snapshot!(outline(&plan));
    insta::assert_snapshot!(plan_markdown(&plan));
}

#[test]
fn rename_of_customer_migrates_only_web_and_says_why_billing_worker_is_left_alone() {
    let plan = planned("call the customer customer_name", &["field:orders-http/Order.customer:rename:customer_name"]);
    insta::assert_json_snapshot!(serde_json::json!({"outline": outline(&plan), "not_changed": plan.not_changed}));
}

#[test]
fn one_repo_fix_without_contract_change_takes_the_fast_lane() {
    let plan = planned("show a spinner while orders load", &["component:web:change"]);
    assert_eq!(plan.lane, Lane::Fast);
    insta::assert_json_snapshot!(plan);
    insta::assert_snapshot!(plan_markdown(&plan));
}

#[test]
fn removal_with_a_data_migration_cannot_be_undone() {
    let plan = planned("orders no longer carry a total", &["field:orders-http/Order.total_cents:remove"]);
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn type_change_makes_readers_tolerant_before_the_provider_switches() {
    let plan = planned("send totals as decimal strings", &["field:orders-http/Order.total_cents:change-type:string"]);
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn infrastructure_goes_before_the_services_that_need_it() {
    let plan = planned(
        "invoice events go to a FIFO queue",
        &["resource:order-invoiced-queue:change", "component:billing-worker:change", "message:billing-events/order.invoiced:add-field:currency"],
    );
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn operation_with_spaces_and_new_consumer_of_an_existing_field() {
    let plan = planned(
        "web shows pending orders only",
        &["operation:orders-http/GET /orders/pending:add", "operation:orders-http/GET /orders/pending:consume:web"],
    );
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn a_repo_that_reads_a_new_field_and_publishes_it_gets_one_task_after_its_provider() {
    let plan = planned(
        "show when each order was created, in the web app and on invoices",
        &[
            "field:orders-http/Order.created_at:add",
            "field:orders-http/Order.created_at:consume:web",
            "field:orders-http/Order.created_at:consume:billing-worker",
            "message:billing-events/order.invoiced:add-field:order_created_at",
        ],
    );
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn removing_a_message_field_migrates_the_subscriber_that_reads_it() {
    let plan = planned("invoices no longer carry the amount", &["message:billing-events/order.invoiced:remove-field:amount_cents"]);
    insta::assert_json_snapshot!(outline(&plan));
}

#[test]
fn removing_a_resource_waits_for_its_users_and_cannot_be_undone() {
    let plan = planned("drop the invoice queue", &["resource:order-invoiced-queue:remove"]);
    insta::assert_json_snapshot!(serde_json::json!({"outline": outline(&plan), "rollback": plan.rollback}));
}

#[test]
fn planning_twice_gives_the_same_plan() {
    let specs = ["field:orders-http/Order.total_cents:rename:amount_cents", "field:orders-http/Order.created_at:add"];
    assert_eq!(planned("twice", &specs), planned("twice", &specs));
}

#[test]
fn plans_without_changes_or_with_unknown_consumers_fail_with_a_reason() {
    let none = plan("nothing", &[], &Impact::default(), &PlanOptions::default()).map(|_| ()).map_err(|error| error.to_string());
    let change: ChangeSpec = "field:orders-http/Order.id:consume:reports".parse().expect("parses");
    let unknown = plan("reports", std::slice::from_ref(&change), &acme(std::slice::from_ref(&change)), &PlanOptions::default())
        .map(|_| ())
        .map_err(|error| error.to_string());
    insta::assert_json_snapshot!(serde_json::json!({"no changes": none, "unknown consumer": unknown}));
}

/// Invariants over every pair of changes on acme: tasks come after what they depend on, the
/// rollout deploys each task once in an order that respects the dependencies, the rollback
/// undoes the rollout in reverse, and every consumer of a changed contract is either a task or
/// listed as not changed.
#[test]
fn every_pair_of_changes_gives_a_consistent_plan() {
    let specs = [
        "field:orders-http/Order.created_at:add",
        "field:orders-http/Order.created_at:consume:web",
        "field:orders-http/Order.total_cents:rename:amount_cents",
        "field:orders-http/Order.customer:rename:customer_name",
        "field:orders-http/Order.status:remove",
        "field:orders-http/Order.id:change-type:string",
        "operation:orders-http/GET /orders:remove",
        "operation:orders-http/GET /orders/pending:add",
        "message:billing-events/order.invoiced:add-field:currency",
        "message:billing-events/order.invoiced:remove-field:amount_cents",
        "component:web:change",
        "component:billing-worker:change",
        "resource:order-invoiced-queue:change",
        "resource:order-invoiced-queue:remove",
    ];
    for first in specs {
        for second in specs {
            let plan = planned("pair", &[first, second]);
            let context = format!("{first} + {second}");
            let position = |id: &str| plan.tasks.iter().position(|task| task.id == id);
            for (index, task) in plan.tasks.iter().enumerate() {
                for dependency in &task.depends_on {
                    let before = position(dependency).unwrap_or_else(|| panic!("{context}: {} depends on unknown {dependency}", task.id));
                    assert!(before < index, "{context}: {} comes before its dependency {dependency}", task.id);
                }
            }
            let deployed: Vec<&str> = plan.rollout.iter().map(|step| step.task.as_str()).collect();
            let mut sorted = deployed.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), plan.tasks.len(), "{context}: every task deploys once");
            for task in &plan.tasks {
                let at = deployed.iter().position(|id| *id == task.id).unwrap_or(usize::MAX);
                for dependency in &task.depends_on {
                    assert!(deployed.iter().position(|id| id == dependency) < Some(at), "{context}: {} deploys before {dependency}", task.id);
                }
            }
            let undone: Vec<&str> = plan.rollback.iter().map(|step| step.undoes.as_str()).collect();
            assert_eq!(undone, deployed.iter().rev().copied().collect::<Vec<_>>(), "{context}: rollback reverses the rollout");
            let changes: Vec<ChangeSpec> = [first, second].iter().map(|spec| spec.parse().expect("parses")).collect();
            for found in acme(&changes).changes.iter().filter(|found| found.change.changes_contract()) {
                for consumer in &found.consumers {
                    let planned_here = plan.tasks.iter().any(|task| task.repo == consumer.repo);
                    let explained = plan.not_changed.iter().any(|entry| entry.repo == consumer.repo);
                    assert!(planned_here || explained, "{context}: {} is neither changed nor explained", consumer.repo);
                }
            }
        }
    }
}
