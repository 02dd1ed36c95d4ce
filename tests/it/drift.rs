//! Answers that have drifted from the spec, served by the emulator's drift
//! fault: an unlisted enum value, a `null`, a missing required field and a
//! `null` list item each decode into the typed answer, leave the rest of it
//! intact, and are logged by type and field, never by value.

use crate::common::{create_user, emulator_and_client, run_traced};
use genauth::emulator::{Drift, Fault};
use genauth::types::{GetDataResourceRespDtoStruct, Status, WorkStatus};
use genauth::{DepartmentRef, UserRef};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

const GET_USER: &str = "/api/v3/get-user";

#[tokio::test]
async fn an_unlisted_status_comes_back_as_unknown_and_as_sent() {
    let (emulator, client) = emulator_and_client().await;
    let id = create_user(&client, "alice", "alice@example.com").await;
    emulator.faults().inject(GET_USER, Fault::Drift(vec![Drift::set("/data/status", "Locked")]), 1);

    let user = client.get_user().user(UserRef::user_id(&id)).send().await.expect("a drifted answer still decodes");
    assert_eq!(user.status, Status::Unknown("Locked".to_owned()));
    assert_eq!(user.status.to_string(), "Locked");
    assert_eq!(user.status.as_str(), "Locked");
    assert_eq!(serde_json::to_string(&user.status).unwrap(), r#""Locked""#);
    assert_ne!(user.status, Status::Suspended);
    assert_eq!(user.user_id, id);
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    // The listed value of the same user, without drift, is a known variant.
    let user = client.get_user().user(UserRef::user_id(&id)).send().await.unwrap();
    assert_eq!(user.status, Status::Activated);
}

#[tokio::test]
async fn a_null_work_status_and_a_missing_created_at_decode_as_zero_values() {
    let (emulator, client) = emulator_and_client().await;
    let id = create_user(&client, "bob", "bob@example.com").await;
    let before = client.get_user().user(UserRef::user_id(&id)).send().await.unwrap();
    assert!(!before.created_at.is_empty());
    emulator.faults().inject(
        GET_USER,
        Fault::Drift(vec![Drift::null("/data/workStatus"), Drift::remove("/data/createdAt")]),
        1,
    );

    let user = client.get_user().user(UserRef::user_id(&id)).send().await.expect("a drifted answer still decodes");
    assert_eq!(user.work_status, WorkStatus::Unknown(String::new()));
    assert_eq!(user.created_at, "");
    assert_eq!(user.updated_at, before.updated_at);
    assert_eq!(user.user_id, id);
    assert_eq!(user.status, before.status);
}

#[tokio::test]
async fn one_odd_user_keeps_the_rest_of_the_page() {
    let (emulator, client) = emulator_and_client().await;
    for name in ["carol", "dave", "erin"] {
        create_user(&client, name, &format!("{name}@example.com")).await;
    }
    let plain = client.list_users().body_map(|b| b).send().await.unwrap().list;
    assert_eq!(plain.len(), 3);
    emulator.faults().inject(
        "/api/v3/list-users",
        Fault::Drift(vec![
            Drift::set("/data/list/1/status", "Locked"),
            Drift::null("/data/list/1/workStatus"),
            Drift::remove("/data/list/1/createdAt"),
        ]),
        1,
    );

    let page = client.list_users().body_map(|b| b).send().await.expect("one odd user does not lose the page");
    assert_eq!(page.total_count, 3);
    assert_eq!(page.list.len(), 3);
    let odd = &page.list[1];
    assert_eq!(odd.status, Status::Unknown("Locked".to_owned()));
    assert_eq!(odd.work_status, WorkStatus::Unknown(String::new()));
    assert_eq!(odd.created_at, "");
    assert_eq!(odd.user_id, plain[1].user_id);
    assert_eq!(odd.email, plain[1].email);
    for i in [0, 2] {
        assert_eq!(serde_json::to_value(&page.list[i]).unwrap(), serde_json::to_value(&plain[i]).unwrap());
    }
}

#[test]
fn null_items_are_left_out_of_their_lists_and_logged() {
    let warnings = Warnings::default();
    let subscriber = tracing_subscriber::registry().with(warnings.clone());
    let (page, plain) = run_traced(subscriber, async move {
        let (emulator, client) = emulator_and_client().await;
        for name in ["gina", "hank", "ivy"] {
            create_user(&client, name, &format!("{name}@example.com")).await;
        }
        let plain = client.list_users().body_map(|b| b).send().await.unwrap().list;
        emulator.faults().inject(
            "/api/v3/list-users",
            Fault::Drift(vec![
                Drift::null("/data/list/1"),
                Drift::set("/data/list/0/registerSource", serde_json::json!([null, "import:manual", null])),
            ]),
            1,
        );
        let page = client.list_users().body_map(|b| b).send().await.expect("null items do not lose the page");
        (page, plain)
    });

    assert_eq!(page.total_count, 3);
    let ids: Vec<&str> = page.list.iter().map(|user| user.user_id.as_str()).collect();
    assert_eq!(ids, [plain[0].user_id.as_str(), plain[2].user_id.as_str()], "the null user is left out, in order");
    assert_eq!(page.list[0].register_source, ["import:manual"]);
    assert_eq!(serde_json::to_value(&page.list[1]).unwrap(), serde_json::to_value(&plain[2]).unwrap());

    let warnings = warnings.take();
    assert!(
        has(&warnings, &[("type_name", "UserPagingDto"), ("field", "list"), ("what", "null items")]),
        "{warnings:?}"
    );
    assert!(
        has(&warnings, &[("type_name", "UserDto"), ("field", "registerSource"), ("what", "null items")]),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 2, "one warning per list: {warnings:?}");
}

#[tokio::test]
async fn a_null_item_is_left_out_of_a_union_list_too() {
    let (emulator, client) = emulator_and_client().await;
    client
        .create_data_resource_by_array()
        .namespace_code("default")
        .resource_code("regions")
        .resource_name("Regions")
        .struct_(["north", "south"])
        .actions(["read"])
        .send()
        .await
        .expect("an array data resource is created");
    emulator.faults().inject("/api/v3/get-data-resource", Fault::Drift(vec![Drift::null("/data/struct/0")]), 1);

    let resource = client
        .get_data_resource()
        .namespace_code("default")
        .resource_code("regions")
        .send()
        .await
        .expect("a null item in a union's list still decodes");
    match resource.struct_ {
        GetDataResourceRespDtoStruct::Array(items) => assert_eq!(items, ["south"]),
        other => panic!("the list decoded as {other:?}"),
    }
    assert_eq!(resource.actions, ["read"]);
}

#[tokio::test]
async fn a_root_department_with_a_null_parent_decodes() {
    let (emulator, client) = emulator_and_client().await;
    let root = client
        .create_organization()
        .organization_code("acme")
        .organization_name("Acme")
        .send()
        .await
        .expect("organization is created")
        .department_id;
    emulator.faults().inject("/api/v3/get-department", Fault::Drift(vec![Drift::null("/data/parentDepartmentId")]), 1);

    let department = client
        .get_department()
        .organization_code("acme")
        .department(DepartmentRef::department_id(&root))
        .send()
        .await
        .expect("a root with a null parent decodes");
    assert_eq!(department.parent_department_id, "");
    assert_eq!(department.department_id, root);
    assert_eq!(department.organization_code, "acme");
}

#[test]
fn drift_is_logged_by_type_and_field_never_by_value() {
    let warnings = Warnings::default();
    let subscriber = tracing_subscriber::registry().with(warnings.clone());
    let before_drift = warnings.clone();
    run_traced(subscriber, async move {
        let (emulator, client) = emulator_and_client().await;
        let id = create_user(&client, "frank", "frank@example.com").await;
        // The emulator's own answers match the spec: nothing to warn about.
        assert_eq!(before_drift.take(), Vec::new());
        emulator.faults().inject(
            GET_USER,
            Fault::Drift(vec![
                Drift::set("/data/status", "LockedBySecretReason"),
                Drift::remove("/data/createdAt"),
                Drift::null("/data/updatedAt"),
            ]),
            1,
        );
        client.get_user().user(UserRef::user_id(&id)).send().await.expect("a drifted answer still decodes");
    });

    let warnings = warnings.take();
    assert!(has(&warnings, &[("type_name", "UserDto"), ("field", "status"), ("enum_name", "Status")]), "{warnings:?}");
    assert!(has(&warnings, &[("type_name", "UserDto"), ("field", "createdAt"), ("what", "absent")]), "{warnings:?}");
    assert!(has(&warnings, &[("type_name", "UserDto"), ("field", "updatedAt"), ("what", "null")]), "{warnings:?}");
    assert_eq!(warnings.len(), 3, "one warning per drift: {warnings:?}");
    for warning in &warnings {
        assert!(!warning.values().any(|v| v.contains("LockedBySecretReason")), "a value was logged: {warning:?}");
    }
}

/// Whether one of `warnings` has all the `expected` fields.
fn has(warnings: &[BTreeMap<String, String>], expected: &[(&str, &str)]) -> bool {
    warnings.iter().any(|w| expected.iter().all(|(k, v)| w.get(*k).map(String::as_str) == Some(*v)))
}

/// The fields of every WARN event.
#[derive(Clone, Default)]
struct Warnings(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

impl Warnings {
    fn take(&self) -> Vec<BTreeMap<String, String>> {
        std::mem::take(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

struct Recorder<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Recorder<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber> Layer<S> for Warnings {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() == tracing::Level::WARN {
            let mut fields = BTreeMap::new();
            event.record(&mut Recorder(&mut fields));
            self.0.lock().unwrap_or_else(PoisonError::into_inner).push(fields);
        }
    }
}
