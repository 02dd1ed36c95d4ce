//! Sync tasks: created, read, listed (newest first) and changed. A task is
//! kept as given; it does not run (see the area's table), so it carries no
//! last run.

use super::store::{FieldMapping, SyncTask, TimedScheduler};
use crate::emulator::areas::input::Paging;
use crate::emulator::areas::render::iso8601;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome};
use crate::emulator::errors;
use crate::emulator::state::{State, now_ms};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTask {
    sync_task_name: String,
    sync_task_type: String,
    sync_task_flow: String,
    sync_task_trigger: String,
    client_config: Value,
    field_mapping: Vec<FieldMapping>,
    organization_code: Option<String>,
    provisioning_scope: Option<Value>,
    timed_scheduler: Option<TimedScheduler>,
}

/// `createSyncTask`.
pub(super) fn create_sync_task(input: &Input, state: &mut State) -> Outcome {
    let new: NewTask = typed(input)?;
    // Task ids are numbers; the state's counter keeps them unique across
    // the pool and its tenants, as it does every other id.
    state.id_counter += 1;
    let now = now_ms();
    let task = SyncTask {
        id: i64::try_from(state.id_counter).unwrap_or(i64::MAX),
        name: new.sync_task_name,
        kind: new.sync_task_type,
        flow: new.sync_task_flow,
        trigger: new.sync_task_trigger,
        client_config: new.client_config,
        field_mapping: new.field_mapping,
        organization_code: new.organization_code,
        provisioning_scope: new.provisioning_scope,
        timed_scheduler: new.timed_scheduler,
        created_at: now,
        updated_at: now,
    };
    let rendered = render(&task);
    state.sync_tasks.push(task);
    Ok(rendered)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ById {
    sync_task_id: i64,
}

/// `getSyncTask`.
pub(super) fn get_sync_task(input: &Input, state: &mut State) -> Outcome {
    let ById { sync_task_id } = typed(input)?;
    Ok(render(&state.sync_tasks[task_index(state, sync_task_id)?]))
}

/// `listSyncTasks`: newest first.
pub(super) fn list_sync_tasks(input: &Input, state: &mut State) -> Outcome {
    let page = typed::<Paging>(input)?.page()?;
    Ok(page.of(state.sync_tasks.iter().rev().map(render).collect()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Changes {
    sync_task_id: i64,
    sync_task_name: Option<String>,
    sync_task_type: Option<String>,
    sync_task_flow: Option<String>,
    sync_task_trigger: Option<String>,
    client_config: Option<Value>,
    field_mapping: Option<Vec<FieldMapping>>,
    organization_code: Option<String>,
    provisioning_scope: Option<Value>,
    timed_scheduler: Option<TimedScheduler>,
}

/// `updateSyncTask`: what the request gives replaces what the task had;
/// what it leaves out stays.
pub(super) fn update_sync_task(input: &Input, state: &mut State) -> Outcome {
    let changes: Changes = typed(input)?;
    let index = task_index(state, changes.sync_task_id)?;
    let task = &mut state.sync_tasks[index];
    let replace = |field: &mut String, value: Option<String>| {
        if let Some(value) = value {
            *field = value;
        }
    };
    replace(&mut task.name, changes.sync_task_name);
    replace(&mut task.kind, changes.sync_task_type);
    replace(&mut task.flow, changes.sync_task_flow);
    replace(&mut task.trigger, changes.sync_task_trigger);
    task.client_config = changes.client_config.unwrap_or(task.client_config.take());
    task.field_mapping = changes.field_mapping.unwrap_or(std::mem::take(&mut task.field_mapping));
    task.organization_code = changes.organization_code.or(task.organization_code.take());
    task.provisioning_scope = changes.provisioning_scope.or(task.provisioning_scope.take());
    task.timed_scheduler = changes.timed_scheduler.or(task.timed_scheduler.take());
    task.updated_at = now_ms();
    Ok(render(task))
}

/// The position of the task with this id.
fn task_index(state: &State, id: i64) -> Result<usize, ApiFault> {
    state
        .sync_tasks
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| ApiFault::of(&errors::SYNC_TASK_NOT_FOUND).with_detail(format!("no sync task is {id}")))
}

/// A `SyncTaskDto`: the task without its client configuration, which the
/// service keeps to itself.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct View<'a> {
    sync_task_id: i64,
    created_at: String,
    updated_at: String,
    sync_task_name: &'a str,
    sync_task_type: &'a str,
    sync_flow: &'a str,
    sync_trigger: &'a str,
    field_mapping: &'a [FieldMapping],
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provisioning_scope: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timed_scheduler: Option<&'a TimedScheduler>,
}

fn render(task: &SyncTask) -> Value {
    let view = View {
        sync_task_id: task.id,
        created_at: iso8601(task.created_at),
        updated_at: iso8601(task.updated_at),
        sync_task_name: &task.name,
        sync_task_type: &task.kind,
        sync_flow: &task.flow,
        sync_trigger: &task.trigger,
        field_mapping: &task.field_mapping,
        organization_code: task.organization_code.as_deref(),
        provisioning_scope: task.provisioning_scope.as_ref(),
        timed_scheduler: task.timed_scheduler.as_ref(),
    };
    // Strings, numbers and JSON values always serialize.
    serde_json::to_value(view).unwrap_or_default()
}
