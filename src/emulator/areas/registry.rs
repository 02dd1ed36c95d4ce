//! Which operations the emulator carries out, area by area: the one table
//! that lists every area's operations table, and so every handler.
//!
//! An area is a tag of the spec ("Users", "Roles", ...). In an area the
//! emulator keeps state for, every operation either has a handler in the area's table or
//! answers [`errors::NOT_EMULATED`]: an answer synthesized from the schema
//! there would be data the pool does not hold (a role with empty strings, a
//! member nobody added). Only the areas without state keep synthesized,
//! schema-valid answers. [`check`] holds the table to the spec when the
//! emulator starts.

use super::{
    Input, Outcome, applications, custom_fields, data_permissions, events, ext_idps, groups, organizations, resources,
    roles, synchronization, tenants, users,
};
use crate::emulator::errors::{self, Refusal};
use crate::emulator::schema::Spec;
use crate::emulator::state::State;

/// One operation's business logic.
pub(super) type Handler = fn(&Input, &mut State) -> Outcome;

/// A stateful area: its spec tag and the handlers of its operations. Each
/// area's module declares its own.
pub(super) struct Area {
    pub(super) tag: &'static str,
    /// Whether the area's service checks a request's fields against rules
    /// of its own ([`super::rules`]), empty lists included, and refuses in
    /// its own words; the spec's rule that a required list is not empty
    /// then leaves them to it.
    pub(super) own_field_rules: bool,
    pub(super) operations: &'static [(&'static str, Handler)],
}

/// Every area the emulator keeps state for, each with its own table. An
/// operation of these tags that is not listed answers "not emulated".
static AREAS: &[&Area] = &[
    &users::AREA,
    &organizations::AREA,
    &groups::AREA,
    &roles::AREA,
    &events::AREA,
    &custom_fields::AREA,
    &resources::AREA,
    &data_permissions::AREA,
    &tenants::AREA,
    &applications::AREA,
    &ext_idps::AREA,
    &synchronization::AREA,
];

/// The areas whose service refuses a request body that leaves out a
/// required top-level member in words of its own, with the refusal it
/// answers (naming the member) instead of
/// [`errors::INVALID_PARAMETER`].
static OWN_MISSING_MEMBER_REFUSALS: &[(&str, &Refusal)] = &[("Synchronization", &errors::MISSING_FIELD)];

/// The refusal the area with this tag answers a body lacking a required
/// top-level member with, when its service words it its own way.
pub(crate) fn missing_member_refusal(tag: &str) -> Option<&'static Refusal> {
    OWN_MISSING_MEMBER_REFUSALS.iter().find(|(area, _)| *area == tag).map(|(_, refusal)| *refusal)
}

/// The operations whose service holds the objects of a request's lists to
/// their required members only as it processes them, one by one: the
/// spec's check leaves those members to the handler, which meets an item
/// lacking one as the service does (see the resources area).
static LIST_ITEMS_UNCHECKED: &[&str] = &["createResourcesBatch"];

/// Whether the spec's check of a request to this operation leaves the
/// required members of its lists' items to the handler.
pub(crate) fn leaves_list_items_unchecked(operation_id: &str) -> bool {
    LIST_ITEMS_UNCHECKED.contains(&operation_id)
}

/// How the emulator answers an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Emulation {
    /// Carried out against the pool's state.
    Stateful,
    /// In an area the emulator keeps state for, but not carried out yet: it
    /// answers `statusCode` 501 saying so, never invented data.
    NotEmulated,
    /// In an area the emulator keeps no state for: a schema-valid answer
    /// synthesized from the spec (listings page through a fixed collection).
    Synthesized,
}

impl Emulation {
    /// `stateful`, `not emulated` or `synthesized`.
    pub fn as_str(self) -> &'static str {
        match self {
            Emulation::Stateful => "stateful",
            Emulation::NotEmulated => "not emulated",
            Emulation::Synthesized => "synthesized",
        }
    }
}

/// One row of the emulator's operations table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationEmulation {
    /// The spec's operationId, like `getUser`.
    pub operation_id: String,
    /// The spec's tag, like `Users`.
    pub area: String,
    /// How the emulator answers it.
    pub emulation: Emulation,
}

/// The handler registered for an operation, if any. Every request asks, so
/// the table is indexed once per process rather than scanned each time.
pub(super) fn handler(operation_id: &str) -> Option<Handler> {
    static BY_ID: std::sync::OnceLock<std::collections::HashMap<&'static str, Handler>> = std::sync::OnceLock::new();
    BY_ID.get_or_init(|| AREAS.iter().flat_map(|a| a.operations).copied().collect()).get(operation_id).copied()
}

/// Whether the area with this tag checks its requests' fields itself
/// (see [`Area::own_field_rules`]).
pub(crate) fn has_own_field_rules(tag: &str) -> bool {
    AREAS.iter().any(|a| a.tag == tag && a.own_field_rules)
}

/// Whether the emulator keeps state for the area with this tag.
pub(super) fn is_stateful_area(tag: &str) -> bool {
    AREAS.iter().any(|a| a.tag == tag)
}

/// How the emulator answers each operation of `spec`, in the spec's order.
pub(crate) fn table(spec: &Spec) -> Vec<OperationEmulation> {
    spec.operations()
        .iter()
        .map(|op| {
            let emulation = if handler(&op.id).is_some() {
                Emulation::Stateful
            } else if is_stateful_area(&op.area) {
                Emulation::NotEmulated
            } else {
                Emulation::Synthesized
            };
            OperationEmulation { operation_id: op.id.clone(), area: op.area.clone(), emulation }
        })
        .collect()
}

// The build script's list of the spec's operations and their areas: what
// `check` needs, without the milliseconds of parsing the spec itself.
include!(concat!(env!("OUT_DIR"), "/spec_areas.rs"));

/// [`check`] against the spec the emulator serves, worked out once: the
/// table and the spec are both fixed for the life of the process.
pub(crate) fn check_once() -> Result<(), String> {
    static CHECKED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    CHECKED.get_or_init(|| check(SPEC_AREAS)).clone()
}

/// Holds the table to the spec's operations (`(id, area)`, sorted by id):
/// every registered operation exists, under the area it is registered in,
/// and is registered once. Returns what is wrong, one line each.
pub(crate) fn check(spec: &[(&str, &str)]) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for area in AREAS {
        for (id, _) in area.operations {
            if !seen.insert(*id) {
                problems.push(format!("{id} is registered twice"));
            }
            match spec.binary_search_by_key(id, |(id, _)| id).map(|at| spec[at].1) {
                Err(_) => problems.push(format!("{id} (registered under {:?}) is no operation of the spec", area.tag)),
                Ok(tag) if tag != area.tag => {
                    problems.push(format!("{id} is registered under {:?} but the spec tags it {tag:?}", area.tag))
                }
                Ok(_) => {}
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::schema::spec;

    #[test]
    fn the_registry_matches_the_spec() {
        check(SPEC_AREAS).unwrap();
        // The build script's list is the spec the emulator parses.
        let mut parsed: Vec<(&str, &str)> = spec().operations().iter().map(|op| (&*op.id, &*op.area)).collect();
        parsed.sort();
        assert_eq!(parsed, SPEC_AREAS);
    }

    #[test]
    fn a_registry_out_of_step_with_the_spec_says_how() {
        let problems = check(&[("getUser", "Roles")]).unwrap_err();
        assert!(
            problems.contains("getUser is registered under \"Users\" but the spec tags it \"Roles\""),
            "{problems}"
        );
        assert!(problems.contains("createUser (registered under \"Users\") is no operation of the spec"), "{problems}");
    }

    #[test]
    fn stateful_areas_never_synthesize() {
        let table = table(spec());
        assert_eq!(table.len(), 496);
        for row in &table {
            let stateful_area = is_stateful_area(&row.area);
            assert_eq!(row.emulation == Emulation::Synthesized, !stateful_area, "{row:?}");
        }
        let get_user = table.iter().find(|r| r.operation_id == "getUser").unwrap();
        assert_eq!(get_user.emulation, Emulation::Stateful);
    }
}
