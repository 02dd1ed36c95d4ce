//! Rendering stored records as the API's response DTOs: the views several
//! areas answer with. A view only one area answers with is that area's
//! (`<area>/render.rs`).
//!
//! Required fields are always present (with the API's neutral value when
//! the record has none); optional fields are left out rather than sent as
//! `null`. Times the spec types as strings go out as ISO 8601 in UTC with
//! milliseconds, as the real API sends them.

use super::input::Either;
use super::rules::typed;
use super::{ApiFault, Input};
use crate::emulator::state::{Department, Group, Membership, Role, State, SyncRelation, User, UserStatus, now_ms};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Which optional parts of the records it reads a request asked for: its
/// `with*` flags and `flatCustomData`, each a top-level field or query
/// parameter or inside `options`, read once per request.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct View {
    pub(super) custom_data: bool,
    pub(super) flat_custom_data: bool,
    pub(super) identities: bool,
    pub(super) department_ids: bool,
    pub(super) posts: bool,
    pub(super) department_paths: bool,
}

/// The flags as a request spells them, at one level.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ViewFlags {
    with_custom_data: Option<bool>,
    flat_custom_data: Option<bool>,
    with_identities: Option<bool>,
    with_department_ids: Option<bool>,
    with_post: Option<bool>,
    with_department_paths: Option<bool>,
}

impl View {
    /// Only the custom data.
    pub(super) fn with_custom_data() -> Self {
        View { custom_data: true, ..View::default() }
    }

    /// The flags of a request; a flag absent at both levels is `false`, as every such flag defaults to.
    pub(super) fn from_input(input: &Input) -> Result<Self, ApiFault> {
        let flags: Either<ViewFlags> = typed(input)?;
        let flag = |field: fn(&ViewFlags) -> Option<bool>| flags.setting(field).unwrap_or(false);
        Ok(View {
            custom_data: flag(|f| f.with_custom_data),
            flat_custom_data: flag(|f| f.flat_custom_data),
            identities: flag(|f| f.with_identities),
            department_ids: flag(|f| f.with_department_ids),
            posts: flag(|f| f.with_post),
            department_paths: flag(|f| f.with_department_paths),
        })
    }
}

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub(super) fn iso8601(ms: i64) -> String {
    let (seconds, millis) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), so the emulator needs no date library.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Inserts `value` under `key` when there is one.
pub(super) fn put(out: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        out.insert(key.to_owned(), value.into());
    }
}

/// Custom data either as a `customData` object or, flattened, as extra
/// top-level fields that never overwrite a standard one.
pub(super) fn attach_custom_data(
    out: &mut Map<String, Value>,
    custom_data: &Map<String, Value>,
    with: bool,
    flat: bool,
) {
    if flat {
        for (key, value) in custom_data {
            out.entry(key.clone()).or_insert_with(|| value.clone());
        }
    } else if with {
        out.insert("customData".into(), Value::Object(custom_data.clone()));
    }
}

/// The departments a user directly belongs to, with the membership.
pub(super) fn memberships<'a>(
    state: &'a State,
    user_id: &'a str,
) -> impl Iterator<Item = (&'a Department, &'a Membership)> + 'a {
    state.departments.iter().filter_map(move |d| d.members.iter().find(|m| m.user_id == user_id).map(|m| (d, m)))
}

/// A `UserDto`.
pub(super) fn user(state: &State, user: &User, view: View) -> Value {
    let mut out = Map::new();
    out.insert("userId".into(), json!(user.id));
    out.insert("createdAt".into(), json!(iso8601(user.created_at)));
    out.insert("updatedAt".into(), json!(iso8601(user.updated_at)));
    out.insert("status".into(), json!(user.status.as_str()));
    let work_status = if user.status == UserStatus::Resigned { "Closed" } else { "Active" };
    out.insert("workStatus".into(), json!(work_status));
    put(&mut out, "externalId", user.external_id.clone());
    put(&mut out, "email", user.email.clone());
    put(&mut out, "phone", user.phone.clone());
    put(&mut out, "username", user.username.clone());
    put(&mut out, "name", user.name.clone());
    put(&mut out, "nickname", user.nickname.clone());
    // The emulator signs nobody in, so nobody has logged in yet.
    out.insert("loginsCount".into(), json!(0));
    out.insert("lastLogin".into(), Value::Null);
    out.insert("lastIp".into(), Value::Null);
    out.insert("userSourceType".into(), json!("adminCreated"));
    put(&mut out, "statusChangedAt", user.status_changed_at.map(iso8601));
    let main = memberships(state, &user.id).find(|(_, m)| m.is_main_department).map(|(d, _)| d.id.clone());
    put(&mut out, "mainDepartmentId", main);
    for (key, value) in &user.profile {
        out.entry(key.clone()).or_insert_with(|| value.clone());
    }
    // Required by the schema; the API's neutral values when never set.
    out.entry("gender").or_insert_with(|| json!("U"));
    out.entry("emailVerified").or_insert_with(|| json!(false));
    out.entry("phoneVerified").or_insert_with(|| json!(false));
    if view.identities {
        out.insert("identities".into(), json!(user.identities));
    }
    if view.department_ids {
        let ids: Vec<&str> = memberships(state, &user.id).map(|(d, _)| d.id.as_str()).collect();
        out.insert("departmentIds".into(), json!(ids));
    }
    if view.posts {
        out.insert("postIdList".into(), json!(user.post_id_list));
    }
    attach_custom_data(&mut out, &user.custom_data, view.custom_data, view.flat_custom_data);
    Value::Object(out)
}

/// A list of `UserDto`s for the given ids, skipping ids that no longer exist.
pub(super) fn users<'a>(state: &State, ids: impl IntoIterator<Item = &'a str>, view: View) -> Vec<Value> {
    ids.into_iter().filter_map(|id| state.user(id)).map(|u| user(state, u, view)).collect()
}

/// `UserSyncRelationDto`s, which the API answers for users and departments
/// alike. The emulator keeps only the directory and the id in it, not the
/// directory's record of it, so `userInfoInIdp` holds nothing.
pub(super) fn sync_relations(relations: &[SyncRelation]) -> Value {
    let list: Vec<Value> =
        relations.iter().map(|r| json!({ "provider": r.provider, "userIdInIdp": r.id, "userInfoInIdp": {} })).collect();
    Value::Array(list)
}

/// A `GroupDto` (also `ResGroupDto`), with its members as plain `UserDto`s.
pub(super) fn group(state: &State, group: &Group) -> Value {
    json!({
        "id": group.id,
        "code": group.code,
        "name": group.name,
        "description": group.description,
        "type": group.kind,
        "metadataSource": [],
        "members": users(state, group.members.iter().map(String::as_str), View::default()),
    })
}

/// A `RoleDto`.
pub(super) fn role(state: &State, role: &Role) -> Value {
    let disabled = role.disable_time.is_some_and(|t| t <= now_ms());
    let mut out = Map::new();
    out.insert("id".into(), json!(role.id));
    out.insert("code".into(), json!(role.code));
    out.insert("name".into(), json!(role.name));
    out.insert("description".into(), json!(role.description));
    out.insert("namespace".into(), json!(role.namespace));
    let namespace_name = state.namespaces.get(&role.namespace).map_or(role.namespace.as_str(), |n| n.name.as_str());
    out.insert("namespaceName".into(), json!(namespace_name));
    out.insert("status".into(), json!(if disabled { "DISABLE" } else { "ENABLE" }));
    put(&mut out, "disableTime", role.disable_time);
    out.insert("enablePermissionApply".into(), json!(role.enable_permission_apply));
    Value::Object(out)
}

/// A role as the namespaces' role listings show it: who it is and when it last changed.
pub(super) fn namespace_role(role: &Role) -> Value {
    json!({
        "code": role.code,
        "name": role.name,
        "description": role.description,
        "namespace": role.namespace,
        "updatedAt": iso8601(role.updated_at),
    })
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn formats_iso8601_in_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.999Z");
    }
}
