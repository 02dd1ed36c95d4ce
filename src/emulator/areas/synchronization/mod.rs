//! The Synchronization area: sync tasks, each of which ties the pool to a
//! third-party directory (Lark, WeCom, DingTalk, LDAP, ...) and says how
//! that directory's users and departments map onto the pool's.

mod handlers;
pub(in crate::emulator) mod store;
#[cfg(test)]
mod tests;

use super::registry::Area;

/// The area's operations and the handler of each.
pub(super) static AREA: Area = Area {
    tag: "Synchronization",
    own_field_rules: false,
    operations: &[
        ("createSyncTask", handlers::create_sync_task),
        ("getSyncTask", handlers::get_sync_task),
        ("listSyncTasks", handlers::list_sync_tasks),
        ("updateSyncTask", handlers::update_sync_task),
        // Not emulated, for want of what they act on: a run of a task reads
        // (or writes) the third-party directory its client configuration
        // names, a service outside this machine, so the emulator carries
        // out no run (triggerSyncTask), and the jobs, their logs and the
        // risk operations a run leaves behind are none it could report on
        // or act on (getSyncJob, listSyncJobs, listSyncJobLogs,
        // listSyncRiskOperations, triggerSyncRiskOperations,
        // cancelSyncRiskOperation).
    ],
};
