//! Groups: created, read back, changed, listed and deleted, with their
//! members.
//!
//! Group codes are unique in the pool. Deleting a group ends its
//! memberships. The authorized-resource listing of a group lists the
//! grants `authorizeResources` made to the group itself.

use crate::emulator::areas::codes::{At, MAX_CODE_LEN, is_code_char};
use crate::emulator::areas::input::{Paging, contains_ci};
use crate::emulator::areas::render::{self, View};
use crate::emulator::areas::resolve;
use crate::emulator::areas::resources;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{Group, Removed, State, TargetType};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Refuses a group code that is empty, longer than [`MAX_CODE_LEN`] or not
/// an identifier, naming the top-level parameter it sits in.
fn check_group_code(code: &str, key: &str, at: At) -> Result<(), ApiFault> {
    if code.is_empty() || code.chars().count() > MAX_CODE_LEN || !code.chars().all(is_code_char) {
        return Err(ApiFault::invalid(
            at.parameter(key),
            format!("a group code is 1 to {MAX_CODE_LEN} letters, digits, '_', '-' and ':', got {code:?}"),
        ));
    }
    Ok(())
}

/// A request naming a group by its `code`.
#[derive(Deserialize)]
struct GroupCode {
    code: String,
}

impl GroupCode {
    /// The code; empty is malformed.
    fn checked(&self) -> Result<&str, ApiFault> {
        if self.code.is_empty() {
            return Err(ApiFault::invalid("code", "empty"));
        }
        Ok(&self.code)
    }

    /// The position of the group it names.
    fn index(&self, state: &State) -> Result<usize, ApiFault> {
        group_index(state, self.checked()?)
    }
}

/// The position of the group with this code.
fn group_index(state: &State, code: &str) -> Result<usize, ApiFault> {
    state.groups.iter().position(|g| g.code == code).ok_or_else(|| ApiFault::of(&errors::GROUP_NOT_FOUND))
}

/// The group the request's `code` names.
fn input_group<'a>(state: &'a State, input: &Input) -> Result<&'a Group, ApiFault> {
    Ok(&state.groups[typed::<GroupCode>(input)?.index(state)?])
}

/// A group's fields, as a `CreateGroupReqDto` gives them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewGroup {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    custom_data: Map<String, Value>,
}

/// A new group, checked against the pool and against `batch` (groups
/// created by the same request); it gets its id once the whole request
/// has passed.
fn new_group(state: &State, new: NewGroup, at: At, batch: &[Group]) -> Result<Group, ApiFault> {
    check_group_code(&new.code, "code", at)?;
    if state.groups.iter().chain(batch).any(|g| g.code == new.code) {
        return Err(ApiFault::of(&errors::GROUP_CONFLICT).with_detail(format!("a group is already {}", new.code)));
    }
    Ok(Group {
        code: new.code,
        name: new.name,
        description: new.description,
        kind: new.kind,
        custom_data: new.custom_data,
        ..Group::default()
    })
}

/// Creates a checked group and answers it.
fn add_group(state: &mut State, new: NewGroup) -> Outcome {
    let mut group = new_group(state, new, At::TopLevel, &[])?;
    group.id = state.new_id();
    let rendered = render::group(state, &group);
    state.groups.push(group);
    Ok(rendered)
}

/// `createGroup`.
pub(super) fn create_group(input: &Input, state: &mut State) -> Outcome {
    add_group(state, typed(input)?)
}

#[derive(Deserialize)]
struct NewGroups {
    list: Vec<NewGroup>,
}

/// `createGroupsBatch`: every group is created, or none is.
pub(super) fn create_groups_batch(input: &Input, state: &mut State) -> Outcome {
    let mut created: Vec<Group> = Vec::new();
    for item in typed::<NewGroups>(input)?.list {
        let group = new_group(state, item, At::Item("list"), &created)?;
        created.push(group);
    }
    for group in &mut created {
        group.id = state.new_id();
    }
    let rendered: Vec<Value> = created.iter().map(|g| render::group(state, g)).collect();
    state.groups.extend(created);
    Ok(Value::Array(rendered))
}

/// `getGroup`.
pub(super) fn get_group(input: &Input, state: &mut State) -> Outcome {
    Ok(render::group(state, input_group(state, input)?))
}

#[derive(Deserialize)]
struct GroupsListing {
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    paging: Paging,
}

/// `listGroups`: newest first, optionally only those whose code or name
/// holds the keywords.
pub(super) fn list_groups(input: &Input, state: &mut State) -> Outcome {
    let listing: GroupsListing = typed(input)?;
    let page = listing.paging.page()?;
    let list: Vec<Value> = state
        .groups
        .iter()
        .rev()
        .filter(|g| contains_ci(&g.code, &listing.keywords) || contains_ci(&g.name, &listing.keywords))
        .map(|g| render::group(state, g))
        .collect();
    Ok(page.of(list))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AllGroups {
    #[serde(default)]
    fetch_members: bool,
}

/// `getAllGroups`: every group, in creation order; members are listed
/// only with `fetchMembers`.
pub(super) fn get_all_groups(input: &Input, state: &mut State) -> Outcome {
    let fetch_members = typed::<AllGroups>(input)?.fetch_members;
    let list: Vec<Value> = state
        .groups
        .iter()
        .map(|g| {
            let mut rendered = render::group(state, g);
            if !fetch_members {
                rendered["members"] = json!([]);
            }
            rendered
        })
        .collect();
    Ok(Value::Array(list))
}

/// `createOrUpdateGroup`: the group with `code` takes the name,
/// description and type given, or is created with them if no group has
/// that code; the answer says which happened.
pub(super) fn create_or_update_group(input: &Input, state: &mut State) -> Outcome {
    let new: NewGroup = typed(input)?;
    let code = GroupCode { code: new.code.clone() };
    let Ok(index) = code.index(state) else {
        let data = add_group(state, new)?;
        return Ok(json!({ "created": true, "data": data }));
    };
    let group = &mut state.groups[index];
    group.name = new.name;
    group.description = new.description;
    group.kind = new.kind;
    Ok(json!({ "created": false, "data": render::group(state, &state.groups[index]) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupUpdate {
    #[serde(flatten)]
    group: GroupCode,
    new_code: Option<String>,
    name: Option<String>,
    description: Option<String>,
    custom_data: Option<Map<String, Value>>,
}

/// `updateGroup`: changes the fields given; `newCode` must be free.
///
/// An empty `description` is not a new description: the spec requires the
/// field, and the service keeps the one the group had. A public record of
/// live runs shows it (hefanxu/terraform-provider-authing,
/// `docs/acceptance-evidence.md` @68368a33, the `authing_group` expanded
/// lifecycle: after `updateGroup` with `description: ""`, `getGroup`
/// answered 200 with the earlier, non-empty description, in two runs).
pub(super) fn update_group(input: &Input, state: &mut State) -> Outcome {
    let update: GroupUpdate = typed(input)?;
    let index = update.group.index(state)?;
    if let Some(code) = &update.new_code {
        check_group_code(code, "newCode", At::TopLevel)?;
        if state.groups.iter().enumerate().any(|(i, g)| i != index && &g.code == code) {
            return Err(ApiFault::of(&errors::GROUP_CONFLICT).with_detail(format!("a group is already {code}")));
        }
    }
    let group = &mut state.groups[index];
    if let Some(code) = update.new_code {
        group.code = code;
    }
    if let Some(name) = update.name {
        group.name = name;
    }
    if let Some(description) = update.description.filter(|d| !d.is_empty()) {
        group.description = description;
    }
    if let Some(data) = update.custom_data {
        group.custom_data.extend(data);
    }
    Ok(render::group(state, &state.groups[index]))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeList {
    code_list: Vec<String>,
}

/// `deleteGroupsBatch`: codes that name no group are already gone, so they
/// are not an error; memberships go with their group.
pub(super) fn delete_groups_batch(input: &Input, state: &mut State) -> Outcome {
    let codes = typed::<CodeList>(input)?.code_list;
    let doomed: Vec<String> = state.groups.iter().filter(|g| codes.contains(&g.code)).map(|g| g.id.clone()).collect();
    state.groups.retain(|g| !doomed.contains(&g.id));
    for id in &doomed {
        state.removed(&Removed::Group(id));
    }
    success()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Membership {
    #[serde(flatten)]
    group: GroupCode,
    user_ids: Vec<String>,
}

/// The group a membership request names and the users it lists: the
/// input's own shape is checked first, then what it names.
fn membership_request(state: &State, input: &Input) -> Result<(usize, Vec<String>), ApiFault> {
    let request: Membership = typed(input)?;
    request.group.checked()?;
    let index = request.group.index(state)?;
    let users = resolve::user_ids(state, &request.user_ids, &resolve::user_id_type(input)?)?;
    Ok((index, users))
}

/// `addGroupMembers`: every user joins, or none does if any is unknown or resigned.
pub(super) fn add_group_members(input: &Input, state: &mut State) -> Outcome {
    let (index, users) = membership_request(state, input)?;
    resolve::refuse_resigned(state, &users)?;
    let group = &mut state.groups[index];
    for user in users {
        if !group.members.contains(&user) {
            group.members.push(user);
        }
    }
    success()
}

/// `removeGroupMembers`: listed users who are not members stay non-members.
pub(super) fn remove_group_members(input: &Input, state: &mut State) -> Outcome {
    let (index, users) = membership_request(state, input)?;
    state.groups[index].members.retain(|member| !users.contains(member));
    success()
}

/// `listGroupMembers`: paged, in joining order.
pub(super) fn list_group_members(input: &Input, state: &mut State) -> Outcome {
    let page = typed::<Paging>(input)?.page()?;
    let group = input_group(state, input)?;
    let members = render::users(state, group.members.iter().map(String::as_str), View::from_input(input)?);
    Ok(page.of(members))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Grants {
    namespace: Option<String>,
    resource_type: Option<String>,
}

/// `getGroupAuthorizedResources`: what the group itself was granted in the namespace.
pub(super) fn get_group_authorized_resources(input: &Input, state: &mut State) -> Outcome {
    let request: Grants = typed(input)?;
    let namespace = resources::namespace(state, request.namespace.as_deref())?;
    let group = input_group(state, input)?;
    let list = resources::authorized(state, namespace, request.resource_type.as_deref(), |a| {
        a.target_type == TargetType::Group && a.target_id == group.id
    });
    Ok(Value::Array(list))
}
