//! The run-time half of tolerant responses (see the crate docs): the
//! functions the generated types' serde attributes and impls call when an
//! answer strays from the spec, and the warnings that say so.
//!
//! `build/tolerant.rs` writes the calls. Fields are named by their row in the
//! generated `TOLERANT_FIELDS` table, passed as a const parameter, because
//! serde's `default` and `deserialize_with` take a function path, not
//! arguments. Warnings name the type and the field, never the value: answers
//! hold personal data.

use crate::api::TOLERANT_FIELDS;
use serde::de::{Deserialize, Deserializer, Error, Visitor};
use std::fmt;

/// `#[serde(default = ..)]` of a required field: the zero value when the
/// answer lacks it.
pub(crate) fn absent<const ROW: usize, T: Default>() -> T {
    corrected(ROW, Correction::Absent);
    T::default()
}

/// `#[serde(deserialize_with = ..)]` of a plain field: the zero value when
/// the answer has `null`.
pub(crate) fn non_null<'de, const ROW: usize, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(value),
        None => {
            corrected(ROW, Correction::Null);
            Ok(T::default())
        }
    }
}

/// `#[serde(deserialize_with = ..)]` of a field that holds an enum (maybe
/// in an `Option`, a list or a union): decodes it with the field named, so
/// that a value the spec does not list is reported with its field.
pub(crate) fn naming<'de, const ROW: usize, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let _field = Naming::enter(ROW);
    T::deserialize(deserializer)
}

/// [`non_null`] and [`naming`] at once, for a plain field that holds an enum.
pub(crate) fn non_null_naming<'de, const ROW: usize, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    let _field = Naming::enter(ROW);
    non_null::<ROW, D, T>(deserializer)
}

/// `#[serde(deserialize_with = ..)]` of a plain list field: an absent or
/// `null` list decodes as empty, as [`non_null`] does, and `null` items are
/// left out. A `null` item holds nothing to keep, and a zero value in its
/// place would pass for data: a user whose id is empty.
pub(crate) fn dense<'de, const ROW: usize, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    match Option::<Dense<T>>::deserialize(deserializer)? {
        Some(list) => {
            if list.nulls {
                corrected(ROW, Correction::NullItems);
            }
            Ok(list.items)
        }
        None => {
            corrected(ROW, Correction::Null);
            Ok(Vec::new())
        }
    }
}

/// [`dense`] and [`naming`] at once, for a list field of enums.
pub(crate) fn dense_naming<'de, const ROW: usize, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let _field = Naming::enter(ROW);
    dense::<ROW, D, T>(deserializer)
}

/// The list variant of an untagged union, decoded as [`dense`] decodes a
/// list field; the warning names the union, which has no field.
pub(crate) fn dense_variant<T: serde::de::DeserializeOwned>(
    type_name: &'static str,
    value: serde_json::Value,
) -> serde_json::Result<Vec<T>> {
    let list: Dense<T> = serde_json::from_value(value)?;
    if list.nulls {
        let correction = Correction::NullItems;
        tracing::warn!(type_name, what = correction.what(), "{}", correction.message());
    }
    Ok(list.items)
}

/// A list's items without its `null`s, and whether it had any.
struct Dense<T> {
    items: Vec<T>,
    nulls: bool,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Dense<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DenseVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for DenseVisitor<T> {
            type Value = Dense<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Dense<T>, A::Error> {
                let mut list = Dense { items: Vec::new(), nulls: false };
                while let Some(item) = seq.next_element::<Option<T>>()? {
                    match item {
                        Some(item) => list.items.push(item),
                        None => list.nulls = true,
                    }
                }
                Ok(list)
            }
        }
        deserializer.deserialize_seq(DenseVisitor(std::marker::PhantomData))
    }
}

thread_local! {
    /// The row of the innermost field being decoded that holds an enum.
    /// Decoding is synchronous, so the field an enum's decode runs inside
    /// is the one on this thread.
    static FIELD: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// While it lives, enum values decoded on this thread are in its field.
struct Naming(Option<usize>);

impl Naming {
    fn enter(row: usize) -> Naming {
        Naming(FIELD.replace(Some(row)))
    }
}

impl Drop for Naming {
    fn drop(&mut self) {
        FIELD.set(self.0);
    }
}

/// What a correction did, as its warning tells it.
#[derive(Clone, Copy)]
enum Correction {
    Absent,
    Null,
    NullItems,
}

impl Correction {
    fn what(self) -> &'static str {
        match self {
            Correction::Absent => "absent",
            Correction::Null => "null",
            Correction::NullItems => "null items",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Correction::Absent | Correction::Null => {
                "the answer does not match the spec: field decoded as its zero value"
            }
            Correction::NullItems => "the answer does not match the spec: null items left out of the list",
        }
    }
}

#[cold]
fn corrected(row: usize, correction: Correction) {
    let (type_name, field) = TOLERANT_FIELDS[row];
    tracing::warn!(type_name, field, what = correction.what(), "{}", correction.message());
}

/// Decodes a string enum: `known` maps a listed string to its variant, and
/// any other string is kept whole by `unknown`. The string is matched where
/// the deserializer holds it, without buffering.
pub(crate) fn enum_value<'de, D: Deserializer<'de>, E>(
    deserializer: D,
    type_name: &'static str,
    known: fn(&str) -> Option<E>,
    unknown: fn(String) -> E,
) -> Result<E, D::Error> {
    struct EnumVisitor<E> {
        type_name: &'static str,
        known: fn(&str) -> Option<E>,
        unknown: fn(String) -> E,
    }
    impl<E> Visitor<'_> for EnumVisitor<E> {
        type Value = E;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a string ({})", self.type_name)
        }
        fn visit_str<Er: Error>(self, value: &str) -> Result<E, Er> {
            Ok((self.known)(value).unwrap_or_else(|| {
                unlisted(self.type_name);
                (self.unknown)(value.to_owned())
            }))
        }
        fn visit_string<Er: Error>(self, value: String) -> Result<E, Er> {
            match (self.known)(&value) {
                Some(known) => Ok(known),
                None => {
                    unlisted(self.type_name);
                    Ok((self.unknown)(value))
                }
            }
        }
    }
    deserializer.deserialize_str(EnumVisitor { type_name, known, unknown })
}

/// Reports a value the spec does not list for the enum `enum_name`, kept as
/// it came, by the field that holds it when there is one.
#[cold]
pub(crate) fn unlisted(enum_name: &'static str) {
    let message = "the answer holds a value the spec does not list: kept as an unknown value";
    match FIELD.get() {
        Some(row) => {
            let (type_name, field) = TOLERANT_FIELDS[row];
            tracing::warn!(type_name, field, enum_name, "{message}");
        }
        None => tracing::warn!(enum_name, "{message}"),
    }
}

/// The JSON shape a union variant takes, for [`pick_variant`].
pub(crate) enum Shape {
    String,
    Number,
    Bool,
    Array,
    /// An object, with every field name the variant's type knows.
    Object(&'static [&'static str]),
    /// Anything (a variant whose shape the generator could not tell).
    Any,
}

impl Shape {
    fn fits(&self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        matches!(
            (self, value),
            (Shape::String, Value::String(_))
                | (Shape::Number, Value::Number(_))
                | (Shape::Bool, Value::Bool(_))
                | (Shape::Array, Value::Array(_))
                | (Shape::Object(_), Value::Object(_))
                | (Shape::Any, _)
        )
    }
}

/// The variant of an untagged union a value decodes as: among those of its
/// JSON shape, the object variant that knows most of its fields (the first
/// on a tie). With absent fields tolerated, "the first that decodes" would
/// always be the first object variant. When no variant fits the shape, the
/// first one is tried, and its error is the union's.
pub(crate) fn pick_variant(type_name: &'static str, value: &serde_json::Value, shapes: &[Shape]) -> usize {
    let known = |shape: &Shape| match (shape, value) {
        (Shape::Object(fields), serde_json::Value::Object(map)) => {
            fields.iter().filter(|f| map.contains_key(**f)).count()
        }
        _ => 0,
    };
    let mut best: Option<(usize, usize)> = None;
    for (i, shape) in shapes.iter().enumerate().filter(|(_, shape)| shape.fits(value)) {
        let score = known(shape);
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((i, score));
        }
    }
    best.map_or_else(
        || {
            tracing::debug!(type_name, "no variant of the union has the value's shape");
            0
        },
        |(i, _)| i,
    )
}

#[cfg(all(test, feature = "emulator", feature = "full"))]
mod mutations;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_union_picks_the_object_variant_that_knows_most_fields() {
        let shapes = [Shape::String, Shape::Object(&["a", "b"]), Shape::Object(&["a", "c", "d"])];
        assert_eq!(pick_variant("U", &json!({"a": 1, "c": 2}), &shapes), 2);
        assert_eq!(pick_variant("U", &json!({"a": 1, "b": 2}), &shapes), 1);
        // A tie goes to the first; so does an object none of them knows.
        assert_eq!(pick_variant("U", &json!({"a": 1}), &shapes), 1);
        assert_eq!(pick_variant("U", &json!({"z": 1}), &shapes), 1);
        assert_eq!(pick_variant("U", &json!("text"), &shapes), 0);
    }

    #[test]
    fn a_value_no_variant_fits_goes_to_the_first() {
        assert_eq!(pick_variant("U", &json!(true), &[Shape::String, Shape::Number]), 0);
        assert_eq!(pick_variant("U", &json!([1]), &[Shape::String, Shape::Any]), 1);
    }
}
