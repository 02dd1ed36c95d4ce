//! Conversions behind the generated flat setters (`build/flat_setters.rs`).
//!
//! A setter that takes `impl TryInto<T>` (an enum from its wire string, an
//! object from its builder) cannot fail where it is called, so a failed
//! conversion is kept in the request builder and reported by `send()`, like
//! a missing required field, naming the field as the wire does.

use std::fmt::Display;

/// `value` as a `T`, or why not, naming the field `json`.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) fn convert<T, V>(json: &str, value: V) -> Result<T, String>
where
    V: TryInto<T>,
    V::Error: Display,
{
    value.try_into().map_err(|e| format!("invalid value for \"{json}\": {e}"))
}

/// Every item of `values` as a `T`, or why the first that fails does not
/// convert, naming the list field `json`.
#[cfg_attr(
    not(feature = "full"),
    allow(dead_code, reason = "only generated code calls it, and the enabled API areas may lack that code")
)]
pub(crate) fn convert_all<T, V, I>(json: &str, values: I) -> Result<Vec<T>, String>
where
    I: IntoIterator<Item = V>,
    V: TryInto<T>,
    V::Error: Display,
{
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| value.try_into().map_err(|e| format!("invalid value for \"{json}\"[{i}]: {e}")))
        .collect()
}
