//! Typed inputs, and the field rules of the services that check their
//! requests field by field.
//!
//! Handlers read a request into a serde struct per operation ([`typed`]);
//! the spec has already checked types and required fields, so a failure
//! there is a shape the spec leaves open.
//!
//! The data-permission service checks each field of a request against the
//! rules declared on it and refuses with the first field that breaks any,
//! listing every rule that field breaks in its own words, joined by commas:
//! `code should not be empty,code must be longer than or equal to 1
//! characters`. [`check`] does the same over the rules a handler declares
//! for its operation, in the order the service declares them.

use super::{ApiFault, Input};
use crate::emulator::errors;
use serde::Deserialize;

/// The request read as the operation's input struct, which may borrow the
/// request's strings.
pub(super) fn typed<'de, T: Deserialize<'de>>(input: &'de Input) -> Result<T, ApiFault> {
    T::deserialize(input).map_err(|e| ApiFault::invalid("body", e.to_string()))
}

/// One rule a field is held to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Rule {
    /// Not absent, not an empty string, not an empty list.
    NotEmpty,
    /// A list of at least this many items.
    MinItems(usize),
    /// A string of at least this many characters.
    MinLength(usize),
    /// A number of at most this much.
    Max(i64),
}

/// A field's value as the rules see it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Measure {
    /// Not sent.
    Absent,
    /// A string of this many characters.
    Text(usize),
    /// A list of this many items.
    List(usize),
    /// A number.
    Number(i64),
}

impl From<&str> for Measure {
    fn from(text: &str) -> Self {
        Measure::Text(text.chars().count())
    }
}

impl From<&String> for Measure {
    fn from(text: &String) -> Self {
        Measure::from(text.as_str())
    }
}

impl<T> From<&[T]> for Measure {
    fn from(items: &[T]) -> Self {
        Measure::List(items.len())
    }
}

impl<T> From<&Vec<T>> for Measure {
    fn from(items: &Vec<T>) -> Self {
        Measure::List(items.len())
    }
}

impl From<i64> for Measure {
    fn from(number: i64) -> Self {
        Measure::Number(number)
    }
}

impl<T: Copy + Into<Measure>> From<Option<T>> for Measure {
    fn from(value: Option<T>) -> Self {
        value.map_or(Measure::Absent, Into::into)
    }
}

impl Rule {
    /// The service's words for `field` breaking this rule, or `None` when it holds.
    fn broken_by(self, field: &str, value: Measure) -> Option<String> {
        let holds = match (self, value) {
            (Rule::NotEmpty, Measure::Text(n) | Measure::List(n)) => n > 0,
            (Rule::NotEmpty, Measure::Number(_)) => true,
            (Rule::MinItems(min), Measure::List(n)) => n >= min,
            (Rule::MinLength(min), Measure::Text(n)) => n >= min,
            (Rule::Max(max), Measure::Number(n)) => n <= max,
            // Absent breaks every rule but an upper bound; a rule of
            // another kind of value is not this field's.
            (Rule::Max(_), _) => true,
            (_, Measure::Absent) => false,
            _ => true,
        };
        (!holds).then(|| match self {
            Rule::NotEmpty => format!("{field} should not be empty"),
            Rule::MinItems(min) => format!("{field} must contain at least {min} elements"),
            Rule::MinLength(min) => format!("{field} must be longer than or equal to {min} characters"),
            Rule::Max(max) => format!("{field} must not be greater than {max}"),
        })
    }
}

/// Holds each field to its rules, in order: the first field that breaks
/// any is refused with every rule it breaks.
pub(super) fn check(fields: &[(&str, Measure, &[Rule])]) -> Result<(), ApiFault> {
    for (name, value, rules) in fields {
        let broken: Vec<String> = rules.iter().filter_map(|rule| rule.broken_by(name, *value)).collect();
        if !broken.is_empty() {
            return Err(ApiFault::new(&errors::FIELD_RULES, [broken.join(",")]));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::errors::Lang;

    fn message(fields: &[(&str, Measure, &[Rule])]) -> Option<String> {
        check(fields).err().map(|fault| fault.message(Lang::ZhCn))
    }

    #[test]
    fn the_first_failing_field_lists_every_rule_it_breaks() {
        let code: &[Rule] = &[Rule::NotEmpty, Rule::MinLength(1)];
        let limit: &[Rule] = &[Rule::Max(50)];
        assert_eq!(
            message(&[("limit", 60.into(), limit), ("code", "".into(), code)]).as_deref(),
            Some("limit must not be greater than 50")
        );
        assert_eq!(
            message(&[("limit", Measure::Absent, limit), ("code", "".into(), code)]).as_deref(),
            Some("code should not be empty,code must be longer than or equal to 1 characters")
        );
        let list: &[Rule] = &[Rule::MinItems(1), Rule::NotEmpty];
        assert_eq!(
            message(&[("resources", (&[] as &[String]).into(), list)]).as_deref(),
            Some("resources must contain at least 1 elements,resources should not be empty")
        );
        assert_eq!(message(&[("resources", (&["r".to_owned()][..]).into(), list), ("code", "c".into(), code)]), None);
    }
}
