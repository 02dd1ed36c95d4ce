//! Behaviour of the Synchronization area's handlers.

use crate::emulator::areas::testing::*;

fn task_input(name: &str, kind: &str) -> Value {
    json!({
        "syncTaskName": name,
        "syncTaskType": kind,
        "syncTaskFlow": "upstream",
        "syncTaskTrigger": "manually",
        "clientConfig": { "larkConfig": { "app_id": "a", "app_secret": "s" } },
        "fieldMapping": [{ "targetKey": "name", "expression": "name" }],
    })
}

#[test]
fn sync_tasks_are_written_read_back_listed_and_changed() {
    let mut state = State::default();
    let created = ok(&mut state, "createSyncTask", task_input("upstream", "lark"));
    assert_eq!((created["syncTaskType"].as_str(), created["syncFlow"].as_str()), (Some("lark"), Some("upstream")));
    assert_eq!(created["fieldMapping"], json!([{ "targetKey": "name", "expression": "name" }]));
    assert!(created.get("clientConfig").is_none(), "the service keeps the client configuration to itself");
    let id = created["syncTaskId"].as_i64().expect("a numeric id");
    assert_eq!(ok(&mut state, "getSyncTask", json!({ "syncTaskId": id })), created);
    let other = ok(&mut state, "createSyncTask", task_input("wecom", "wechatwork"));
    assert_ne!(other["syncTaskId"], created["syncTaskId"]);
    let listed = ok(&mut state, "listSyncTasks", json!({}));
    assert_eq!(listed["totalCount"], 2);
    assert_eq!(
        (listed["list"][0]["syncTaskName"].as_str(), listed["list"][1]["syncTaskName"].as_str()),
        (Some("wecom"), Some("upstream"))
    );
    assert_eq!(ok(&mut state, "listSyncTasks", json!({ "page": 2, "limit": 1 }))["list"][0]["syncTaskId"], id);

    let changes = json!({
        "syncTaskId": id,
        "syncTaskName": "renamed",
        "syncTaskTrigger": "timed",
        "timedScheduler": { "cycle": "days", "startTime": 1_700_000_000_000_i64 },
    });
    let updated = ok(&mut state, "updateSyncTask", changes);
    assert_eq!((updated["syncTaskName"].as_str(), updated["syncTrigger"].as_str()), (Some("renamed"), Some("timed")));
    assert_eq!(updated["syncTaskType"], "lark", "what the update leaves out stays");
    assert_eq!(ok(&mut state, "getSyncTask", json!({ "syncTaskId": id }))["timedScheduler"]["cycle"], "days");
    // And back again.
    ok(
        &mut state,
        "updateSyncTask",
        json!({ "syncTaskId": id, "syncTaskName": "upstream", "syncTaskTrigger": "manually" }),
    );
    let read = ok(&mut state, "getSyncTask", json!({ "syncTaskId": id }));
    assert_eq!((read["syncTaskName"].as_str(), read["syncTrigger"].as_str()), (Some("upstream"), Some("manually")));
}

#[test]
fn sync_task_refusals() {
    let mut state = State::default();
    for (op, input) in [
        ("getSyncTask", json!({ "syncTaskId": 7 })),
        ("updateSyncTask", json!({ "syncTaskId": 7, "syncTaskName": "n" })),
    ] {
        let fault = refused(&mut state, op, input);
        assert_eq!((fault.refusal(), zh(&fault)), (&errors::SYNC_TASK_NOT_FOUND, "同步任务不存在".into()), "{op}");
    }
    // The sync center names a required member left out in words of its own.
    let mut lacking = task_input("t", "lark");
    lacking.as_object_mut().map(|fields| fields.remove("clientConfig"));
    let fault = refused(&mut state, "createSyncTask", lacking);
    assert_eq!(
        (codes(&fault), zh(&fault)),
        ((400, Some(ApiCode::InvalidParameter)), "Must contain one of the following fields: clientConfig".into())
    );
    assert!(state.sync_tasks.is_empty(), "a refused create keeps nothing");
    // Runs are not carried out, so neither are the operations on what they leave.
    for op in ["triggerSyncTask", "getSyncJob", "listSyncJobs", "listSyncRiskOperations"] {
        assert!(
            handle(op, &Map::new(), &mut state).is_some_and(|r| r.is_err_and(|f| f.refusal() == &errors::NOT_EMULATED)),
            "{op}"
        );
    }
}
