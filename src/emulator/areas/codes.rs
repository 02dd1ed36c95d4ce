//! What a group, role or permission namespace code may hold, and which
//! parameter a refusal of a group or role code names.

/// The longest group, role or namespace code the API accepts.
pub(super) const MAX_CODE_LEN: usize = 64;

/// Codes are identifiers ("developers", "sales-east", "billing:admin", "crm:v2").
pub(super) fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':')
}

/// Where the fields of a record being created sit in the request, which
/// decides which top-level parameter a refusal of them names.
#[derive(Clone, Copy)]
pub(super) enum At<'a> {
    /// At the top level: a refusal names the field itself.
    TopLevel,
    /// In an item of the top-level list of this name, which a refusal names.
    Item(&'a str),
}

impl<'a> At<'a> {
    /// The top-level parameter to blame for a bad `key`.
    pub(super) fn parameter(self, key: &'a str) -> &'a str {
        match self {
            At::TopLevel => key,
            At::Item(list) => list,
        }
    }
}
