//! Invitations to join a tenant: made for email addresses, listed, and
//! mailed.
//!
//! An invitation is a record of who was invited into which tenant, for
//! which application, for how long and when. The service's link leads to
//! its hosted sign-up page; the emulator serves no such page, so its link
//! is a path on the emulator's own host, [`LINK_PATH`] followed by the
//! invitation's token, which names the invitation and which the emulator
//! does not answer. For the same reason no invitation is ever accepted: a
//! record stays unaccepted (no `activatedAt`, and the empty status
//! [`UNACCEPTED`]).
//!
//! The term of validity is kept as given: which forms the service reads
//! (and so when a link expires) is on record nowhere, so the emulator
//! expires no link.
//!
//! There is no mail server: `sendInviteTenantUserEmail` records when the
//! mail was asked for and delivers nothing.

use super::handlers::{TextPage, position};
use crate::emulator::areas::input::{contains_ci, dedup_in_order};
use crate::emulator::areas::render::iso8601;
use crate::emulator::areas::resolve::looks_like_email;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors::{self, Lang};
use crate::emulator::state::{Invitation, State, now_ms};
use serde::Deserialize;
use serde_json::{Value, json};

/// Where an invitation's link points, on the emulator's own host: this
/// path, then the invitation's token.
pub(super) const LINK_PATH: &str = "/tenant-invitations/";

/// The `verifiedStatus` of an invitation nobody has accepted. The
/// service's word for it is on record nowhere, so the emulator answers an
/// empty status rather than a word of its own.
pub(super) const UNACCEPTED: &str = "";

/// An `InviteTenantUserRecord`.
fn record(invitation: &Invitation) -> Value {
    json!({
        "recordId": invitation.record_id,
        "inviteAccount": invitation.email,
        "verifiedStatus": UNACCEPTED,
        "inviteLink": format!("{LINK_PATH}{}", invitation.token),
        "createdAt": iso8601(invitation.created_at),
        // Never accepted (see the module's documentation).
        "activatedAt": "",
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewInvitations {
    #[serde(default)]
    validity_term: String,
    emails: Option<Vec<String>>,
    #[serde(default)]
    app_id: String,
    tenant_id: Option<String>,
}

/// `generateInviteTenantUserLink`: an invitation for each well-formed
/// address (each once), the others answered in `errMsgs`. The tenant, when
/// named, must exist. Whether the service also checks the application is
/// on record nowhere (no case of the official suite invites), so its id is
/// kept as given; deleting that application withdraws the invitation.
pub(super) fn generate_invite_tenant_user_link(input: &Input, state: &mut State) -> Outcome {
    let request: NewInvitations = typed(input)?;
    for (key, value) in [("validityTerm", &request.validity_term), ("appId", &request.app_id)] {
        if value.trim().is_empty() {
            return Err(ApiFault::invalid(key, "blank"));
        }
    }
    let mut emails = request.emails.ok_or_else(|| ApiFault::invalid("emails", "missing"))?;
    if emails.is_empty() {
        return Err(ApiFault::invalid("emails", "empty"));
    }
    if let Some(tenant_id) = &request.tenant_id {
        position(state, tenant_id)?;
    }
    dedup_in_order(&mut emails);
    let (good, bad): (Vec<String>, Vec<String>) = emails.into_iter().partition(|e| looks_like_email(e));
    // `errMsgs` is data, not the envelope, and a handler does not see the
    // request's language: the message is the API's default language's.
    let malformed = ApiFault::of(&errors::INVITEE_EMAIL_MALFORMED).message(Lang::ZhCn);
    let err_msgs: Vec<Value> = bad.iter().map(|email| json!({ "email": email, "message": malformed })).collect();
    let now = now_ms();
    let mut list = Vec::with_capacity(good.len());
    for email in good {
        let token = state.new_id();
        let console = &mut state.tenant_console;
        console.last_record_id += 1;
        let invitation = Invitation {
            record_id: console.last_record_id,
            email,
            tenant_id: request.tenant_id.clone(),
            app_id: request.app_id.clone(),
            validity_term: request.validity_term.clone(),
            token,
            created_at: now,
            mailed_at: None,
        };
        list.push(record(&invitation));
        console.invitations.push(invitation);
    }
    Ok(json!({ "errMsgs": err_msgs, "list": list }))
}

#[derive(Deserialize)]
struct RecordsListing {
    #[serde(default)]
    keywords: String,
    #[serde(flatten)]
    page: TextPage,
}

/// `listInviteTennatUserRecords`: the invitations in the order they were
/// made, optionally only those whose address holds the keywords.
pub(super) fn list_invite_tenant_user_records(input: &Input, state: &mut State) -> Outcome {
    let request: RecordsListing = typed(input)?;
    let page = request.page.page()?;
    let list = state
        .tenant_console
        .invitations
        .iter()
        .filter(|i| contains_ci(&i.email, &request.keywords))
        .map(record)
        .collect();
    Ok(page.of(list))
}

/// `sendInviteTenantUserEmail`: the request names no one (its body has no
/// fields), so the mail is asked for every invitation not mailed yet; the
/// emulator records when, and sends nothing.
pub(super) fn send_invite_tenant_user_email(_input: &Input, state: &mut State) -> Outcome {
    let now = now_ms();
    for invitation in state.tenant_console.invitations.iter_mut().filter(|i| i.mailed_at.is_none()) {
        invitation.mailed_at = Some(now);
    }
    success()
}

/// Invitations into a deleted tenant go with it: their links lead nowhere.
pub(super) fn forget_tenant(state: &mut State, tenant_id: &str) {
    state.tenant_console.invitations.retain(|i| i.tenant_id.as_deref() != Some(tenant_id));
}
