//! An application's sign-in whitelists: the usernames, emails and phone
//! numbers that may sign in to it, one list of each.
//!
//! The spec holds the answer of an addition, and of the listing, to one
//! entry (`WhitelistRespDto`). An addition answers the entry of the first
//! value it lists (which keeps the time it was first added, as a value
//! added again stays where it was); the listing, whose truthful answer is
//! any number of entries, none included, is not emulated.

use super::handlers::AppRef;
use crate::emulator::areas::render::iso8601;
use crate::emulator::areas::resolve::{looks_like_email, looks_like_phone};
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome};
use crate::emulator::state::{State, WhitelistEntry, now_ms};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct WhitelistRequest {
    #[serde(flatten)]
    app: AppRef,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    list: Vec<String>,
}

/// Refuses a value no user could sign in with as its kind says.
fn check_value(kind: &str, value: &str) -> Result<(), ApiFault> {
    let well_formed = match kind {
        "EMAIL" => looks_like_email(value),
        "PHONE" => looks_like_phone(value),
        _ => !value.trim().is_empty(),
    };
    if well_formed { Ok(()) } else { Err(ApiFault::invalid("list", format!("not a possible {kind}: {value:?}"))) }
}

/// `addWhitelistOfApp`: adds each value (emails without regard to case);
/// a value already listed stays as it was.
pub(super) fn add_whitelist_of_app(input: &Input, state: &mut State) -> Outcome {
    let WhitelistRequest { app, kind, list } = typed(input)?;
    let index = app.index(state)?;
    let Some(first) = list.first() else { return Err(ApiFault::invalid("list", "nothing to add")) };
    for value in &list {
        check_value(&kind, value)?;
    }
    let same = |entry: &WhitelistEntry, value: &str| {
        entry.kind == kind && (entry.value == value || (kind == "EMAIL" && entry.value.eq_ignore_ascii_case(value)))
    };
    let now = now_ms();
    let whitelist = &mut state.applications[index].whitelist;
    for value in &list {
        if !whitelist.iter().any(|e| same(e, value)) {
            whitelist.push(WhitelistEntry { kind: kind.clone(), value: value.clone(), created_at: now });
        }
    }
    let entry = whitelist.iter().find(|e| same(e, first)).map_or(now, |e| e.created_at);
    Ok(json!({ "value": first, "createdAt": iso8601(entry) }))
}

/// `deleteWhitelistOfApp`: the values listed leave the whitelist of their
/// kind; a value not on it is already off it.
pub(super) fn delete_whitelist_of_app(input: &Input, state: &mut State) -> Outcome {
    let WhitelistRequest { app, kind, list } = typed(input)?;
    let index = app.index(state)?;
    let doomed = |entry: &WhitelistEntry| {
        entry.kind == kind
            && list.iter().any(|v| v == &entry.value || (kind == "EMAIL" && v.eq_ignore_ascii_case(&entry.value)))
    };
    state.applications[index].whitelist.retain(|e| !doomed(e));
    Ok(json!({ "success": true }))
}
