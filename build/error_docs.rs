//! Each operation's docs name the `apiCode`s it is known to answer with.
//!
//! The codes, numbers and meanings come from the client's own catalogue
//! (`src/api_code.rs`, included by build.rs), so the docs cannot drift from
//! what `Error::code` reports. Which operation can meet which code is
//! decided by rule from what the operation takes, as the service's refusals
//! are tied to the kind of thing a parameter names: an operation that names
//! a user by `userId` fails with `UserNotFound` when nobody has that id,
//! whatever its area. Only codes with such a rule are listed; an operation
//! with none gets no list, not an empty one. The codes every operation can
//! meet (a malformed parameter, a refused signature) are described once, in
//! the crate docs.

use crate::api_code::ApiCode;
use crate::spec_util;
use serde_json::Value;
use std::collections::BTreeSet;

/// What the rules look at: the operation's id, HTTP method, API area and the
/// names of its query parameters and top-level body fields.
struct Facts<'a> {
    id: &'a str,
    method: &'a str,
    tag: &'a str,
    fields: BTreeSet<&'a str>,
}

impl Facts<'_> {
    fn takes(&self, field: &str) -> bool {
        self.fields.contains(field)
    }

    /// Whether the operation makes something new (`create…`, `createOrUpdate…`).
    fn creates(&self) -> bool {
        self.id.starts_with("create")
    }

    /// Whether the operation makes or changes something (`create…`,
    /// `update…`), the operations a taken identifier refuses.
    fn writes_identifiers(&self) -> bool {
        self.creates() || self.id.starts_with("update")
    }

    /// Whether `code` is a group's or a role's, in their own areas.
    fn names_group_or_role(&self) -> bool {
        (self.tag == "Groups" || self.tag == "Roles") && self.takes("code")
    }
}

/// One rule: the code, the condition as the docs word it, and when it applies.
struct Rule {
    code: ApiCode,
    when: &'static str,
    applies: fn(&Facts) -> bool,
}

const RULES: &[Rule] = &[
    Rule {
        code: ApiCode::UserNotFound,
        when: "a user it names does not exist",
        // A batch read (`getUserBatch`) leaves unknown ids out instead.
        applies: |f| f.takes("userId") || (f.takes("userIds") && f.method != "get"),
    },
    Rule {
        code: ApiCode::UserExists,
        when: "the username, email, phone or external id is another user's",
        applies: |f| f.writes_identifiers() && ["username", "email", "phone", "externalId"].iter().any(|k| f.takes(k)),
    },
    Rule {
        code: ApiCode::OrgNotFound,
        when: "the organization or department it names does not exist",
        // Except where `organizationCode` is the code of the organization being created.
        applies: |f| {
            (f.takes("organizationCode") && !f.id.starts_with("createOrganization")) || f.takes("departmentId")
        },
    },
    Rule {
        code: ApiCode::OrgExists,
        when: "the organization or department code is taken",
        // A new organization's code is `organizationCode`; a department's is `code`.
        applies: |f| {
            f.tag == "Organizations & departments"
                && f.writes_identifiers()
                && (f.takes("code") || f.takes("openDepartmentId") || (f.creates() && f.takes("organizationCode")))
        },
    },
    Rule {
        code: ApiCode::PostNotFound,
        when: "the post it names does not exist",
        // A post's own operations name it by `code`, `id` or `idList`; the
        // others by `postId`, `postIds` or `postIdList`.
        applies: |f| {
            f.tag == "Organizations & departments"
                && (["postId", "postIds", "postIdList"].iter().any(|k| f.takes(k))
                    || (f.id.contains("Post") && !f.creates() && ["code", "id", "idList"].iter().any(|k| f.takes(k))))
        },
    },
    Rule {
        code: ApiCode::AccessNotFound,
        when: "the permission namespace, group or role it names does not exist",
        // A group's or role's own `code` names an existing one, except where it is being created.
        applies: |f| f.takes("namespace") || (f.names_group_or_role() && !f.creates()),
    },
    Rule {
        code: ApiCode::AccessExists,
        when: "the group or role code is taken",
        applies: |f| f.names_group_or_role() && f.creates(),
    },
];

/// Appends, to the description of every operation some rule applies to, the
/// codes it is known to answer with.
pub fn apply(spec: &mut Value) {
    let mut lists = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("the spec has paths") {
        for (method, op) in item.as_object().expect("a path item is an object") {
            let facts = Facts {
                id: spec_util::operation_id(op),
                method,
                tag: spec_util::tag(op).unwrap_or_default(),
                fields: fields(spec, op),
            };
            let lines: Vec<String> = RULES
                .iter()
                .filter(|rule| (rule.applies)(&facts))
                .map(|rule| {
                    let code = rule.code;
                    format!(
                        "- [`{}`](crate::ApiCode::{}) ({}) when {}.",
                        code.name(),
                        code.name(),
                        code.number(),
                        rule.when
                    )
                })
                .collect();
            if !lines.is_empty() {
                lists.push((path.clone(), method.clone(), lines.join("\n")));
            }
        }
    }
    for (path, method, list) in lists {
        let op = &mut spec["paths"][&path][&method];
        let description = op["description"].as_str().unwrap_or_default();
        let section = format!("Refusals with a known `apiCode` (see [`ApiCode`](crate::ApiCode)):\n\n{list}");
        op["description"] =
            Value::String(if description.is_empty() { section } else { format!("{description}\n\n{section}") });
    }
}

/// The operation's query parameters and the top-level fields of its JSON body.
fn fields<'a>(spec: &'a Value, op: &'a Value) -> BTreeSet<&'a str> {
    let mut names: BTreeSet<&str> = spec_util::parameter_names(op).into_iter().collect();
    let body = &op["requestBody"]["content"]["application/json"]["schema"];
    let body = spec_util::resolve(spec, body);
    names.extend(body["properties"].as_object().into_iter().flatten().map(|(name, _)| name.as_str()));
    names
}
