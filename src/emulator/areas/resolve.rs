//! Turning the API's user and department references into emulator ids.
//!
//! A reference is a string plus an id type (`userIdType`,
//! `departmentIdType`) saying what the string is. Every handler goes through
//! here, so every operation accepts every id type the same way.

use super::input::Either;
use super::rules::typed;
use super::{ApiFault, Input};
use crate::emulator::errors;
use crate::emulator::state::{Department, Organization, State, SyncRelation, User, UserStatus};
use serde::Deserialize;
use serde_json::Value;

/// The id types a request gives for its references, `userIdType` and
/// `departmentIdType`: each a top-level field or query parameter, or
/// inside `options`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct IdTypeFields {
    user_id_type: Option<String>,
    department_id_type: Option<String>,
}

/// The `userIdType` of a request; `user_id` when absent.
pub(super) fn user_id_type(input: &Input) -> Result<String, ApiFault> {
    let id_types: Either<IdTypeFields> = typed(input)?;
    Ok(id_types.setting(|t| t.user_id_type.clone()).unwrap_or_else(|| "user_id".to_owned()))
}

/// The user a reference names, if any. A reference that cannot name anyone
/// of its id type (empty, or an email or phone number of an impossible
/// shape) is a malformed `parameter`, as the service has it, not a miss.
fn find_user<'a>(
    state: &'a State,
    parameter: &str,
    reference: &str,
    id_type: &str,
) -> Result<Option<&'a User>, ApiFault> {
    if reference.is_empty() {
        return Err(ApiFault::invalid(parameter, "an empty user reference"));
    }
    let well_formed = match id_type {
        "email" => looks_like_email(reference),
        "phone" => looks_like_phone(reference),
        _ => true,
    };
    if !well_formed {
        return Err(ApiFault::invalid(parameter, format!("not a possible {id_type}: {reference}")));
    }
    let mut users = state.users.iter();
    let same = |field: &Option<String>| field.as_deref() == Some(reference);
    let found = match id_type {
        "user_id" => users.find(|u| u.id == reference),
        "external_id" => users.find(|u| same(&u.external_id)),
        "phone" => users.find(|u| same(&u.phone)),
        "username" => users.find(|u| same(&u.username)),
        // Emails are unique without regard to case, so they match that way too.
        "email" => users.find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(reference))),
        "identity" => {
            let (idp, id) = split_pair(parameter, reference, "identity", "<extIdpId>:<userIdInIdp>")?;
            users.find(|u| u.identities.iter().any(|i| i.ext_idp_id == idp && i.user_id_in_idp == id))
        }
        // `<provider>:<userIdInIdp>`: a relation recorded by a directory
        // sync, or an identity from a provider of that kind. The API offers
        // no way to record sync relations, so the identities are what make
        // this id type usable; two identity providers of one kind could
        // share an id, hence the ambiguity check.
        "sync_relation" => {
            let wanted = sync_relation(parameter, reference)?;
            let linked = |u: &&User| {
                u.sync_relations.contains(&wanted)
                    || u.identities.iter().any(|i| i.provider == wanted.provider && i.user_id_in_idp == wanted.id)
            };
            only_one(users.filter(linked), parameter, reference)?
        }
        // Custom fields are not unique by construction, so a shared value is
        // refused instead of silently picking one of its holders.
        "custom_field" => only_one(users.filter(|u| holds_value(&u.custom_data, reference)), parameter, reference)?,
        other => return Err(ApiFault::invalid("userIdType", format!("unknown: {other}"))),
    };
    Ok(found)
}

/// The emulator id of the user a reference names, or 404 / 2004.
pub(super) fn user_id(state: &State, reference: &str, id_type: &str) -> Result<String, ApiFault> {
    find_user(state, "userId", reference, id_type)?
        .map(|u| u.id.clone())
        .ok_or_else(|| ApiFault::of(&errors::USER_NOT_FOUND).with_detail(format!("no user is {reference}")))
}

/// A request naming one user by `userId`, read as its `userIdType` says.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserRef {
    #[serde(default)]
    user_id: String,
}

/// The user the request's `userId` and `userIdType` name.
pub(super) fn input_user_id(state: &State, input: &Input) -> Result<String, ApiFault> {
    user_id(state, &typed::<UserRef>(input)?.user_id, &user_id_type(input)?)
}

/// The emulator ids of a batch of references, in order and without
/// repeats. Fails naming every reference that matches nobody, so a caller
/// can fix the whole batch at once; nothing is resolved partially.
pub(super) fn user_ids(state: &State, references: &[String], id_type: &str) -> Result<Vec<String>, ApiFault> {
    let (ids, missing) = found_user_ids(state, references, id_type)?;
    if missing.is_empty() {
        Ok(ids)
    } else {
        Err(ApiFault::of(&errors::USER_NOT_FOUND).with_detail(format!("no user is {}", missing.join(", "))))
    }
}

/// The emulator ids of a batch of references, in order and without
/// repeats, leaving out the references that match nobody; a malformed
/// reference still refuses the batch.
pub(super) fn existing_user_ids(state: &State, references: &[String], id_type: &str) -> Result<Vec<String>, ApiFault> {
    Ok(found_user_ids(state, references, id_type)?.0)
}

/// The ids of the users the references name, each once, in order, and the
/// references that name nobody.
fn found_user_ids<'r>(
    state: &State,
    references: &'r [String],
    id_type: &str,
) -> Result<(Vec<String>, Vec<&'r str>), ApiFault> {
    let mut ids: Vec<String> = Vec::with_capacity(references.len());
    let mut missing: Vec<&str> = Vec::new();
    for reference in references {
        match find_user(state, "userIds", reference, id_type)? {
            Some(user) if !ids.contains(&user.id) => ids.push(user.id.clone()),
            Some(_) => {}
            None => missing.push(reference),
        }
    }
    Ok((ids, missing))
}

/// Refuses relations for users who have resigned: resignation removed them
/// and cannot be undone.
pub(super) fn refuse_resigned(state: &State, user_ids: &[String]) -> Result<(), ApiFault> {
    match user_ids.iter().find(|id| state.user(id).is_some_and(|u| u.status == UserStatus::Resigned)) {
        Some(id) => Err(ApiFault::of(&errors::USER_RESIGNED).with_detail(format!("{id} has resigned"))),
        None => Ok(()),
    }
}

/// The `departmentIdType` of a request; `department_id` when absent.
pub(super) fn department_id_type(input: &Input) -> Result<String, ApiFault> {
    let id_types: Either<IdTypeFields> = typed(input)?;
    Ok(id_types.setting(|t| t.department_id_type.clone()).unwrap_or_else(|| "department_id".to_owned()))
}

/// The most characters an organization or department code holds.
pub(super) const MAX_CODE_CHARS: usize = 64;

/// Refuses a code longer than any code can be as a malformed `parameter`.
pub(super) fn check_code_length(parameter: &str, code: &str) -> Result<(), ApiFault> {
    let length = code.chars().count();
    if length > MAX_CODE_CHARS {
        return Err(ApiFault::invalid(parameter, format!("{length} characters; at most {MAX_CODE_CHARS}")));
    }
    Ok(())
}

/// The organization an `organizationCode` names. A code too long to be
/// anyone's is malformed, and that is checked first; any other code that
/// names nothing (empty and blank ones too) is unknown, a 404.
pub(super) fn organization<'a>(state: &'a State, code: &str) -> Result<&'a Organization, ApiFault> {
    check_code_length("organizationCode", code)?;
    state.organization(code).ok_or_else(|| ApiFault::new(&errors::ORGANIZATION_NOT_FOUND, [code]))
}

/// The emulator id of the department a reference names, or 404 / 3004.
///
/// With an organization code the search stays inside that organization
/// (which must exist, see [`organization`]) and `root` names its root
/// department, as the API allows; without one it spans every organization.
pub(super) fn department_id(
    state: &State,
    organization: Option<&str>,
    reference: &str,
    id_type: &str,
) -> Result<String, ApiFault> {
    if let Some(code) = organization {
        let org = self::organization(state, code)?;
        if id_type == "department_id" && reference == "root" {
            return Ok(org.root_department_id.clone());
        }
    }
    let mut in_scope = state.departments.iter().filter(|d| organization.is_none_or(|code| d.organization_code == code));
    let same = |field: &Option<String>| field.as_deref() == Some(reference);
    let found: Option<&Department> = match id_type {
        "department_id" => in_scope.find(|d| d.id == reference),
        // Codes and open ids are unique within one organization only.
        "open_department_id" => only_one(in_scope.filter(|d| same(&d.open_department_id)), "departmentId", reference)?,
        "code" => only_one(in_scope.filter(|d| same(&d.code)), "departmentId", reference)?,
        "sync_relation" => {
            let wanted = sync_relation("departmentId", reference)?;
            only_one(in_scope.filter(|d| d.sync_relations.contains(&wanted)), "departmentId", reference)?
        }
        "custom_field" => {
            only_one(in_scope.filter(|d| holds_value(&d.custom_data, reference)), "departmentId", reference)?
        }
        other => return Err(ApiFault::invalid("departmentIdType", format!("unknown: {other}"))),
    };
    found
        .map(|d| d.id.clone())
        .ok_or_else(|| ApiFault::of(&errors::DEPARTMENT_NOT_FOUND).with_detail(format!("no department is {reference}")))
}

/// The department a user is placed in by its bare id, as `setUserDepartments`
/// takes them; one that matches nothing is an invalid departmentId there.
pub(super) fn placement_department_id(state: &State, reference: &str) -> Result<String, ApiFault> {
    state
        .department(reference)
        .map(|d| d.id.clone())
        .ok_or_else(|| ApiFault::new(&errors::INVALID_DEPARTMENT_ID, [reference]))
}

/// A request naming one department of an organization.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentRef {
    organization_code: String,
    department_id: String,
}

/// The department named by the request's `organizationCode`, `departmentId`
/// and `departmentIdType`.
pub(super) fn input_department_id(state: &State, input: &Input) -> Result<String, ApiFault> {
    let named: DepartmentRef = typed(input)?;
    department_id(state, Some(&named.organization_code), &named.department_id, &department_id_type(input)?)
}

/// At most one match; several are an ambiguous reference.
fn only_one<'a, T>(
    mut matches: impl Iterator<Item = &'a T>,
    parameter: &str,
    reference: &str,
) -> Result<Option<&'a T>, ApiFault> {
    let first = matches.next();
    if first.is_some() && matches.next().is_some() {
        return Err(ApiFault::invalid(parameter, format!("ambiguous: several match {reference}")));
    }
    Ok(first)
}

/// `local@domain.tld`: one `@`, no spaces, and a dot inside the domain, the
/// shape the service accepts for an email anywhere it takes one.
pub(super) fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    let dotted = domain.split('.').count() >= 2 && domain.split('.').all(|part| !part.is_empty());
    !local.is_empty() && !domain.contains('@') && dotted && !text.chars().any(char::is_whitespace)
}

/// Digits with the separators people write numbers with (`+`, `-`, spaces,
/// parentheses); a number of any country, but nothing else.
pub(super) fn looks_like_phone(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
}

/// Splits `<left>:<right>` at the first colon; the right part may itself hold colons.
fn split_pair<'a>(
    parameter: &str,
    reference: &'a str,
    id_type: &str,
    shape: &str,
) -> Result<(&'a str, &'a str), ApiFault> {
    reference.split_once(':').filter(|(left, right)| !left.is_empty() && !right.is_empty()).ok_or_else(|| {
        ApiFault::invalid(parameter, format!("a {id_type} reference looks like {shape}, got {reference}"))
    })
}

fn sync_relation(parameter: &str, reference: &str) -> Result<SyncRelation, ApiFault> {
    let (provider, id) = split_pair(parameter, reference, "sync_relation", "<provider>:<id>")?;
    Ok(SyncRelation { provider: provider.to_owned(), id: id.to_owned() })
}

/// Whether any custom field holds `reference`, comparing scalars by their text.
fn holds_value(custom_data: &serde_json::Map<String, Value>, reference: &str) -> bool {
    custom_data.values().any(|v| match v {
        Value::String(s) => s == reference,
        Value::Number(n) => n.to_string() == reference,
        Value::Bool(b) => b.to_string() == reference,
        _ => false,
    })
}
