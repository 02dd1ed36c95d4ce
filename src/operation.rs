//! What the runtime knows about each operation beyond its generated builder.

/// One operation of the V3 Management API, as generated from `spec/`.
///
/// [`OPERATIONS`](crate::OPERATIONS) lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The API's operation id, e.g. `deleteUsersBatch`.
    pub id: &'static str,
    /// The generated method on [`ManagementClient`](crate::ManagementClient), e.g. `delete_users_batch`.
    pub rust_name: &'static str,
    /// The HTTP method, upper-case.
    pub method: &'static str,
    /// The path template, e.g. `/api/v3/delete-users-batch`.
    pub path: &'static str,
    /// The API area the operation belongs to (the spec's first tag).
    pub tag: &'static str,
    /// Query parameters that take arrays; they travel as `name[]=value`.
    pub array_query: &'static [&'static str],
    /// Arrays in the request body that accept at most so many items, as
    /// `(path, max)`; a path is `/`-separated field names, with `*` standing
    /// for every item of an array.
    pub limits: &'static [(&'static str, usize)],
}

impl Operation {
    /// Looks an operation up by its generated method name.
    pub fn by_rust_name(name: &str) -> Option<&'static Operation> {
        crate::OPERATIONS.binary_search_by(|op| op.rust_name.cmp(name)).ok().map(|i| &crate::OPERATIONS[i])
    }

    /// Looks an operation up by the API's operation id.
    pub fn by_id(id: &str) -> Option<&'static Operation> {
        crate::OPERATIONS.iter().find(|op| op.id == id)
    }

    /// Checks a request body against the operation's item limits, so that an
    /// oversized batch is refused before any byte leaves.
    pub(crate) fn check_limits(&self, body: &serde_json::Value) -> Result<(), String> {
        for (path, max) in self.limits {
            let segments: Vec<&str> = path.split('/').collect();
            check_path(body, &segments, path, *max)?;
        }
        Ok(())
    }
}

fn check_path(value: &serde_json::Value, segments: &[&str], path: &str, max: usize) -> Result<(), String> {
    match segments.split_first() {
        None => match value.as_array() {
            Some(items) if items.len() > max => {
                Err(format!("`{path}` holds {} items; the API accepts at most {max}", items.len()))
            }
            _ => Ok(()),
        },
        Some((&"*", rest)) => {
            value.as_array().into_iter().flatten().try_for_each(|item| check_path(item, rest, path, max))
        }
        Some((field, rest)) => match value.get(field) {
            Some(inner) => check_path(inner, rest, path, max),
            None => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limits_follow_nested_paths() {
        let op = Operation {
            id: "x",
            rust_name: "x",
            method: "POST",
            path: "/x",
            tag: "t",
            array_query: &[],
            limits: &[("ids", 2), ("list/*/targets", 1)],
        };
        assert!(op.check_limits(&json!({"ids": [1, 2]})).is_ok());
        assert!(op.check_limits(&json!({"ids": [1, 2, 3]})).unwrap_err().contains("at most 2"));
        assert!(op.check_limits(&json!({"list": [{"targets": [1]}, {"targets": [1, 2]}]})).is_err());
        assert!(op.check_limits(&json!({})).is_ok());
    }
}
