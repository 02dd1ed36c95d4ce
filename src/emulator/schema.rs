//! The API spec as the emulator uses it: which operation a request names,
//! what input it accepts, and what a schema-valid answer looks like.
//!
//! The spec is the same `spec/openapi.json` the client is generated from, so
//! the emulator accepts exactly what the generated client sends and answers
//! with what its types decode. It is parsed once per process, on first use.

use crate::emulator::auth::QueryParameter;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// `spec/openapi.json` without its whitespace, as the build script writes it.
const SPEC_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.compact.json"));

/// How many `$ref`s deep synthesis fills optional properties and arrays;
/// deeper, it fills only what is required.
const FULL_DEPTH: usize = 4;
/// How many `$ref`s deep synthesis and completion go at all, so that a cycle
/// of required references still ends.
const HARD_DEPTH: usize = 24;
/// The date every synthesized `...At` string holds, so that answers are stable.
const SYNTHETIC_DATE: &str = "2024-01-01T00:00:00.000Z";

static SPEC: OnceLock<Spec> = OnceLock::new();

/// The parsed spec, shared by every emulator of the process.
pub(crate) fn spec() -> &'static Spec {
    SPEC.get_or_init(|| Spec::parse(SPEC_TEXT))
}

/// Whether [`spec`] has been parsed already in this process.
pub(crate) fn is_parsed() -> bool {
    SPEC.get().is_some()
}

/// The operations and schemas of the spec, indexed for request routing.
pub(crate) struct Spec {
    schemas: Map<String, Value>,
    operations: Vec<OperationSpec>,
    by_path: HashMap<String, Vec<usize>>,
    templated: Vec<usize>,
    by_id: HashMap<String, usize>,
}

/// One operation: where it lives and the schemas of its input and answer.
pub(crate) struct OperationSpec {
    /// The API's operation id, e.g. `getUser`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The spec's (first) tag: the API area, like `Users`.
    pub area: String,
    path: String,
    params: Vec<Param>,
    body: Option<Value>,
    response: Option<Value>,
}

struct Param {
    name: String,
    in_path: bool,
    required: bool,
    schema: Value,
}

/// Takes the value at `keys` out of `value`, leaving null there. Member by
/// member rather than as a JSON pointer: a pointer's tokens are unescaped
/// into new strings at every step, which a parse of every operation's
/// schemas pays for a thousand times at start-up.
fn take_at(value: &mut Value, keys: &[&str]) -> Option<Value> {
    keys.iter().try_fold(value, |at, key| at.get_mut(*key)).map(Value::take)
}

impl Spec {
    fn parse(text: &str) -> Spec {
        let mut doc: Value = serde_json::from_str(text).expect("the embedded spec is valid JSON");
        let schemas = match take_at(&mut doc, &["components", "schemas"]) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let mut spec = Spec {
            schemas,
            operations: Vec::new(),
            by_path: HashMap::new(),
            templated: Vec::new(),
            by_id: HashMap::new(),
        };
        let Some(Value::Object(paths)) = doc.get_mut("paths").map(Value::take) else { return spec };
        for (path, item) in paths {
            let Value::Object(methods) = item else { continue };
            for (method, mut op) in methods {
                let Some(id) = op.get("operationId").and_then(Value::as_str).map(str::to_owned) else { continue };
                let area = op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or_default().to_owned();
                let params = match op.get_mut("parameters").map(Value::take) {
                    Some(Value::Array(list)) => list.into_iter().filter_map(Param::from_spec).collect(),
                    _ => Vec::new(),
                };
                let body = take_at(&mut op, &["requestBody", "content", "application/json", "schema"]);
                let response = take_at(&mut op, &["responses", "200", "content", "application/json", "schema"]);
                let index = spec.operations.len();
                if path.contains('{') {
                    spec.templated.push(index);
                } else {
                    spec.by_path.entry(path.clone()).or_default().push(index);
                }
                spec.by_id.insert(id.clone(), index);
                spec.operations.push(OperationSpec {
                    id,
                    method: method.to_ascii_uppercase(),
                    area,
                    path: path.clone(),
                    params,
                    body,
                    response,
                });
            }
        }
        spec
    }

    /// The operation `method path` names, with the path parameters it
    /// captured (percent-decoded).
    pub(crate) fn route(&self, method: &str, path: &str) -> Option<(&OperationSpec, Map<String, Value>)> {
        let fixed = self.by_path.get(path).into_iter().flatten();
        if let Some(op) = fixed.map(|&i| &self.operations[i]).find(|op| op.method == method) {
            return Some((op, Map::new()));
        }
        self.templated
            .iter()
            .map(|&i| &self.operations[i])
            .filter(|op| op.method == method)
            .find_map(|op| capture(&op.path, path).map(|captured| (op, captured)))
    }

    /// Every operation, in the spec's order.
    pub(crate) fn operations(&self) -> &[OperationSpec] {
        &self.operations
    }

    /// The operation with this id.
    pub(crate) fn operation(&self, id: &str) -> Option<&OperationSpec> {
        self.by_id.get(id).map(|&i| &self.operations[i])
    }

    /// The component schema of this name.
    pub(crate) fn component(&self, name: &str) -> Option<&Value> {
        self.schemas.get(name)
    }

    /// Follows `$ref`s to the schema they name; an unknown reference stays
    /// as it is and so accepts anything.
    pub(crate) fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..HARD_DEPTH {
            match ref_name(schema).and_then(|name| self.schemas.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// A schema-valid answer value for `schema`, as every synthesized answer holds.
    pub(crate) fn synthesize(&self, schema: &Value) -> Value {
        Synth::new(self, Style::Answer).value(schema, None)
    }

    /// Checks `value` against `schema`; `at` names the value in messages
    /// (`options.userIdType`, `list[2]`, or empty for a whole body).
    pub(crate) fn validate(&self, value: &Value, schema: &Value, at: &str) -> Result<(), Invalid> {
        self.check(value, schema, at, Rules::ANSWER)
    }

    fn check(&self, value: &Value, schema: &Value, at: &str, rules: Rules) -> Result<(), Invalid> {
        let schema = self.resolve(schema);
        if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            return Ok(());
        }
        if let Some(Value::Array(alternatives)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            let mut first_error = None;
            for alternative in alternatives {
                match self.check(value, alternative, at, rules) {
                    Ok(()) => return Ok(()),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            let reason = first_error.map(|e| e.detail).unwrap_or_default();
            return Err(Invalid::at(
                at,
                format!("invalid parameter `{}`: matches none of the accepted shapes ({reason})", shown(at)),
            ));
        }
        let kind = schema_type(schema);
        if let Some(kind) = kind
            && !has_type(value, kind)
        {
            return Err(Invalid::at(
                at,
                format!("invalid parameter `{}`: expected {}, got {}", shown(at), article(kind), describe(value)),
            ));
        }
        if let Some(Value::Array(allowed)) = schema.get("enum")
            && !allowed.contains(value)
        {
            let accepted: Vec<String> = allowed.iter().map(Value::to_string).collect();
            return Err(Invalid::at(
                at,
                format!("invalid parameter `{}`: unknown value {value}; accepted: {}", shown(at), accepted.join(", ")),
            ));
        }
        match value {
            Value::Array(items) => {
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                    && items.len() as u64 > max
                {
                    return Err(Invalid::at(
                        at,
                        format!("`{}` holds {} items; at most {max} are accepted", shown(at), items.len()),
                    ));
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &format!("{at}[{i}]"), rules)?;
                    }
                }
                Ok(())
            }
            Value::Object(map) if kind.is_none() || kind == Some("object") => {
                let in_item = at.contains('[');
                for name in required(schema) {
                    if map.get(name).is_none_or(Value::is_null)
                        && !self.accepts_null(schema, name)
                        && (rules.item_members || !in_item)
                    {
                        return Err(Invalid::missing(
                            &join(at, name),
                            format!("missing required field `{}`", join(at, name)),
                        ));
                    }
                    // A list the request cannot do without cannot be empty either:
                    // the service refuses `userIds: []` as it refuses no userIds.
                    // What it does deeper down is not on record, so only the
                    // request's own top-level lists are held to it.
                    let top_level = at.is_empty();
                    if rules.nonempty_lists
                        && top_level
                        && map.get(name).and_then(Value::as_array).is_some_and(Vec::is_empty)
                    {
                        let field = join(at, name);
                        return Err(Invalid::at(&field, format!("required field `{field}` is empty")));
                    }
                }
                let Some(Value::Object(properties)) = schema.get("properties") else { return Ok(()) };
                for (name, field) in map {
                    // An optional field sent as null counts as absent, as it does to the API.
                    if field.is_null() && !required(schema).any(|r| r == name) {
                        continue;
                    }
                    if let Some(field_schema) = properties.get(name) {
                        self.check(field, field_schema, &join(at, name), rules)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn accepts_null(&self, object_schema: &Value, property: &str) -> bool {
        object_schema
            .get("properties")
            .and_then(|p| p.get(property))
            .map(|s| self.resolve(s))
            .and_then(|s| s.get("nullable"))
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// Fills the required fields `value` lacks (or holds as null) with
    /// synthesized ones, all the way down, so that an answer built by hand
    /// still decodes into the generated types.
    pub(crate) fn complete(&self, value: &mut Value, schema: &Value) {
        self.complete_at(value, schema, 0);
    }

    fn complete_at(&self, value: &mut Value, schema: &Value, depth: usize) {
        if depth > HARD_DEPTH {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(Value::Array(alternatives)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            if let Some(alternative) = alternatives.iter().find(|a| self.validate(value, a, "").is_ok()) {
                self.complete_at(value, alternative, depth + 1);
            }
            return;
        }
        match value {
            Value::Object(map) => {
                let Some(Value::Object(properties)) = schema.get("properties") else { return };
                for name in required(schema) {
                    let Some(property) = properties.get(name) else { continue };
                    let missing = map.get(name).is_none_or(Value::is_null);
                    if missing && !self.accepts_null(schema, name) {
                        let filler = Synth::new(self, Style::Answer).value(property, Some(name));
                        map.insert(name.to_owned(), filler);
                    }
                }
                for (name, field) in map.iter_mut() {
                    if let Some(property) = properties.get(name) {
                        self.complete_at(field, property, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.complete_at(item, item_schema, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

impl Param {
    fn from_spec(mut value: Value) -> Option<Param> {
        let name = value.get("name")?.as_str()?.to_owned();
        let in_path = match value.get("in")?.as_str()? {
            "path" => true,
            "query" => false,
            _ => return None,
        };
        let required = value.get("required").and_then(Value::as_bool).unwrap_or(in_path);
        let schema = value.get_mut("schema").map(Value::take).unwrap_or(Value::Null);
        Some(Param { name, in_path, required, schema })
    }
}

impl OperationSpec {
    /// Whether the request accepts a value at `path`: a query parameter
    /// (one segment) or a field of the body, nested along the path.
    pub(crate) fn accepts(&self, path: &[&str]) -> bool {
        if let [name] = path
            && self.params.iter().any(|p| !p.in_path && p.name == *name)
        {
            return true;
        }
        let spec = spec();
        let mut schema = self.body.as_ref();
        for name in path {
            schema = schema.and_then(|s| spec.resolve(s).get("properties")).and_then(|p| p.get(*name));
        }
        schema.is_some()
    }

    /// The schema of its answers' body.
    pub(crate) fn response_schema(&self) -> Option<&Value> {
        self.response.as_ref()
    }

    /// The schema of the `data` its answers carry, when they are envelopes.
    pub(crate) fn data_schema(&self) -> Option<&Value> {
        spec().resolve(self.response_schema()?).get("properties")?.get("data")
    }

    /// The query parameters the operation declares, for the signature check.
    pub(crate) fn query_parameters(&self) -> Vec<QueryParameter<'_>> {
        let spec = spec();
        self.params
            .iter()
            .filter(|p| !p.in_path)
            .map(|p| QueryParameter {
                name: &p.name,
                array: spec.resolve(&p.schema).get("type").and_then(Value::as_str) == Some("array"),
            })
            .collect()
    }

    /// Assembles and validates a request's input: its path parameters, its
    /// query parameters coerced to their schema types, and the top-level
    /// fields of its JSON body. The error names the offending field.
    pub(crate) fn input(
        &self,
        path_params: Map<String, Value>,
        query: &str,
        body: &[u8],
    ) -> Result<Map<String, Value>, Invalid> {
        let spec = spec();
        let rules = Rules::request(self);
        let mut input = Map::new();
        if let Some(body_schema) = &self.body {
            let mut parsed = if body.iter().all(u8::is_ascii_whitespace) {
                Value::Object(Map::new())
            } else {
                serde_json::from_slice(body)
                    .map_err(|e| Invalid::at("", format!("invalid parameter `body`: malformed JSON ({e})")))?
            };
            normalise_integers(&mut parsed);
            if !parsed.is_object() {
                return Err(Invalid::at(
                    "",
                    format!("invalid parameter `body`: expected a JSON object, got {}", describe(&parsed)),
                ));
            }
            spec.check(&parsed, body_schema, "", rules).map_err(|e| e.worded_for(&self.area))?;
            if let Value::Object(fields) = parsed {
                input = fields;
            }
        }
        let mut raw = query_values(query);
        for param in &self.params {
            let value = if param.in_path {
                path_params.get(&param.name).cloned()
            } else {
                match raw.remove(&param.name) {
                    Some(values) => Some(coerce(&values, spec.resolve(&param.schema), &param.name)?),
                    None => None,
                }
            };
            match value {
                Some(value) => {
                    spec.check(&value, &param.schema, &param.name, rules)?;
                    input.insert(param.name.clone(), value);
                }
                None if param.required => {
                    return Err(Invalid::at(&param.name, format!("missing required parameter `{}`", param.name)));
                }
                None => {}
            }
        }
        Ok(input)
    }

    /// The input a request carrying `fields` would make: a body operation's
    /// fields as its JSON body, a query operation's as its query string
    /// (lists as repeated parameters), checked and coerced as any request
    /// is. For callers that hold fields rather than a request: seeds, tests.
    pub(crate) fn input_from_fields(&self, fields: &Map<String, Value>) -> Result<Map<String, Value>, Invalid> {
        if self.body.is_some() {
            let body = serde_json::to_vec(fields).map_err(|e| Invalid::at("", e.to_string()))?;
            return self.input(Map::new(), "", &body);
        }
        let mut path_params = Map::new();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            if self.params.iter().any(|p| p.in_path && &p.name == name) {
                path_params.insert(name.clone(), value.clone());
                continue;
            }
            let text = |v: &Value| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match value {
                Value::Null => {}
                Value::Array(items) => items.iter().for_each(|item| {
                    query.append_pair(name, &text(item));
                }),
                other => {
                    query.append_pair(name, &text(other));
                }
            }
        }
        self.input(path_params, &query.finish(), b"")
    }

    /// The answer's body for a successful call, without `statusCode`,
    /// `message` and `requestId`, which the caller adds.
    ///
    /// `payload` is the handler's answer, or `None` to synthesize one. Most
    /// operations answer an envelope whose `data` is the payload; the few
    /// whose response schema is not an envelope get the payload's fields at
    /// the top level.
    pub(crate) fn success_body(&self, payload: Option<Value>) -> Map<String, Value> {
        let spec = spec();
        let Some(response) = &self.response else {
            let mut body = Map::new();
            body.insert("data".into(), payload.unwrap_or(Value::Null));
            return body;
        };
        let resolved = spec.resolve(response);
        let data_schema = resolved.get("properties").and_then(|p| p.get("data"));
        let mut body = match data_schema {
            Some(data_schema) => {
                let mut data =
                    payload.unwrap_or_else(|| Synth::new(spec, Style::Answer).value(data_schema, Some("data")));
                spec.complete(&mut data, data_schema);
                // The envelope's other members (statusCode, message,
                // requestId) are the server's to write, so only `data` is
                // completed, once.
                return Map::from_iter([("data".to_owned(), data)]);
            }
            None => match payload {
                Some(Value::Object(fields)) => Value::Object(fields),
                Some(_) => Value::Object(Map::new()),
                None => Synth::new(spec, Style::Answer).value(response, None),
            },
        };
        spec.complete(&mut body, response);
        match body {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// A minimal valid request for an operation: its required query and path
/// parameters (by name, as JSON values), and its body with only the required
/// fields when it takes one. Strings are `"x"`, enums their first value,
/// arrays hold one item. `None` when no operation has this id.
///
/// Contract tests use it to call every operation of the spec.
#[doc(hidden)]
pub fn minimal_request(operation_id: &str) -> Option<(Map<String, Value>, Option<Value>)> {
    let spec = spec();
    let op = spec.operation(operation_id)?;
    let params = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| (p.name.clone(), Synth::new(spec, Style::Request).value(&p.schema, Some(&p.name))))
        .collect();
    let body = op.body.as_ref().map(|schema| Synth::new(spec, Style::Request).value(schema, None));
    Some((params, body))
}

/// What a synthesized value is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// An answer: every property filled, strings empty (dates for `...At`).
    Answer,
    /// A minimal request: required properties only, strings `"x"`.
    Request,
}

/// Builds schema-valid values, tracking the `$ref`s it is inside so that
/// recursive schemas end.
struct Synth<'s> {
    spec: &'s Spec,
    style: Style,
    inside: Vec<&'s str>,
}

impl<'s> Synth<'s> {
    fn new(spec: &'s Spec, style: Style) -> Self {
        Synth { spec, style, inside: Vec::new() }
    }

    fn value(&mut self, schema: &'s Value, name: Option<&str>) -> Value {
        self.value_within(schema, name, false)
    }

    /// `shallow`: past the full depth or inside a cycle, where arrays stay
    /// empty and only required properties are filled.
    fn value_within(&mut self, schema: &'s Value, name: Option<&str>, shallow: bool) -> Value {
        if let Some(reference) = ref_name(schema) {
            let Some(target) = self.spec.schemas.get(reference) else { return self.any() };
            if self.inside.len() >= HARD_DEPTH {
                return Value::Object(Map::new());
            }
            let shallow = shallow || self.inside.len() >= FULL_DEPTH || self.inside.contains(&reference);
            self.inside.push(reference);
            let value = self.value_within(target, name, shallow);
            self.inside.pop();
            return value;
        }
        if let Some(Value::Array(alternatives)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            return match alternatives.first() {
                Some(first) => self.value_within(first, name, shallow),
                None => self.any(),
            };
        }
        if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
            return first.clone();
        }
        match schema_type(schema) {
            Some("string") => match self.style {
                Style::Request => Value::String("x".into()),
                Style::Answer if name.is_some_and(|n| n.ends_with("At")) => Value::String(SYNTHETIC_DATE.into()),
                Style::Answer => Value::String(String::new()),
            },
            Some("integer" | "number") => Value::Number(Number::from(0)),
            Some("boolean") => Value::Bool(false),
            Some("array") => match schema.get("items") {
                _ if shallow => Value::Array(Vec::new()),
                Some(items) => Value::Array(vec![self.value_within(items, name, shallow)]),
                None => Value::Array(vec![self.any()]),
            },
            Some("object") => self.object(schema, shallow),
            _ if schema.get("properties").is_some() => self.object(schema, shallow),
            _ => self.any(),
        }
    }

    fn object(&mut self, schema: &'s Value, shallow: bool) -> Value {
        let mut map = Map::new();
        let Some(Value::Object(properties)) = schema.get("properties") else { return Value::Object(map) };
        for (name, property) in properties {
            let wanted = required(schema).any(|r| r == name) || (self.style == Style::Answer && !shallow);
            if wanted {
                map.insert(name.clone(), self.value_within(property, Some(name), shallow));
            }
        }
        Value::Object(map)
    }

    /// A value for a schema that accepts anything.
    fn any(&self) -> Value {
        match self.style {
            Style::Request => Value::String("x".into()),
            Style::Answer => Value::String(String::new()),
        }
    }
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn required(schema: &Value) -> impl Iterator<Item = &str> {
    schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn article(kind: &str) -> String {
    match kind {
        "integer" | "array" | "object" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a long string".into(),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The rules a value is checked by beyond its schema's types, which
/// differ between answers and the requests of different services.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Rules {
    /// A required top-level list must not be empty: requests are held to
    /// it, unless their area holds its lists to rules of its own.
    nonempty_lists: bool,
    /// The objects inside a list hold their required members: all but the
    /// requests whose service processes list items unchecked.
    item_members: bool,
}

impl Rules {
    const ANSWER: Rules = Rules { nonempty_lists: false, item_members: true };

    /// The rules of a request to `op`, as its service checks it.
    fn request(op: &OperationSpec) -> Rules {
        use crate::emulator::areas::registry;
        Rules {
            nonempty_lists: !registry::has_own_field_rules(&op.area),
            item_members: !registry::leaves_list_items_unchecked(&op.id),
        }
    }
}

/// Why a request does not match the spec: where (`list[2].code`, or empty
/// for the whole body) and, in the emulator's own words, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub at: String,
    pub detail: String,
    /// Whether a required member is left out, rather than sent malformed.
    missing: bool,
    /// The refusal the operation's service words this with, when it is
    /// not [`INVALID_PARAMETER`](crate::emulator::errors::INVALID_PARAMETER).
    worded: Option<&'static crate::emulator::errors::Refusal>,
}

impl Invalid {
    fn at(at: &str, detail: String) -> Invalid {
        Invalid { at: at.to_owned(), detail, missing: false, worded: None }
    }

    fn missing(at: &str, detail: String) -> Invalid {
        Invalid { missing: true, ..Invalid::at(at, detail) }
    }

    /// This flaw of a request body as the service of `area` words it: a
    /// top-level member left out in the area's own words, when it has some.
    fn worded_for(mut self, area: &str) -> Invalid {
        if self.missing && self.parameter() == self.at {
            self.worded = crate::emulator::areas::registry::missing_member_refusal(area);
        }
        self
    }

    /// The top-level parameter the service names when it refuses: `list`
    /// for `list[2].code`, `options` for `options.userIdType`.
    pub(crate) fn parameter(&self) -> &str {
        let end = self.at.find(['.', '[']).unwrap_or(self.at.len());
        if end == 0 { "body" } else { &self.at[..end] }
    }
}

impl From<Invalid> for crate::emulator::errors::ApiFault {
    fn from(invalid: Invalid) -> Self {
        let parameter = invalid.parameter().to_owned();
        match invalid.worded {
            Some(refusal) => crate::emulator::errors::ApiFault::new(refusal, [parameter]).with_detail(invalid.detail),
            None => crate::emulator::errors::ApiFault::invalid(&parameter, invalid.detail),
        }
    }
}

fn shown(at: &str) -> &str {
    if at.is_empty() { "body" } else { at }
}

fn join(at: &str, name: &str) -> String {
    if at.is_empty() { name.to_owned() } else { format!("{at}.{name}") }
}

/// JSON numbers are doubles to the API, so `2.0` is the integer 2; turning
/// integral floats into integers lets integer fields accept them, as the
/// API does, and lets handlers read them with `as_i64`.
fn normalise_integers(value: &mut Value) {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9_007_199_254_740_992.0
            {
                *value = Value::Number(Number::from(f as i64));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise_integers),
        Value::Object(map) => map.values_mut().for_each(normalise_integers),
        _ => {}
    }
}

/// Query parameters by name with all their values; `k[]=a`, repeated `k=a`
/// and a single `k=a` all land under `k`.
fn query_values(query: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let name = key.strip_suffix("[]").unwrap_or(&key).to_owned();
        out.entry(name).or_default().push(value.into_owned());
    }
    out
}

/// Turns a query parameter's raw strings into the JSON value its schema describes.
fn coerce(values: &[String], schema: &Value, name: &str) -> Result<Value, Invalid> {
    if schema_type(schema) == Some("array") {
        let items = schema.get("items").map(|s| spec().resolve(s)).unwrap_or(&Value::Null);
        return values
            .iter()
            .enumerate()
            .map(|(i, v)| coerce_one(v, items, &format!("{name}[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    match values {
        [one] => coerce_one(one, schema, name),
        _ => Err(Invalid::at(name, format!("invalid parameter `{name}`: expected one value, got {}", values.len()))),
    }
}

fn coerce_one(raw: &str, schema: &Value, name: &str) -> Result<Value, Invalid> {
    let wrong =
        |kind: &str| Invalid::at(name, format!("invalid parameter `{name}`: expected {}, got {raw:?}", article(kind)));
    match schema_type(schema) {
        Some("integer") => raw.parse::<i64>().map(Value::from).map_err(|_| wrong("integer")),
        Some("number") => raw
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(|n| {
                let mut value = Value::Number(n);
                normalise_integers(&mut value);
                value
            })
            .ok_or_else(|| wrong("number")),
        // Python's requests writes booleans as `True` / `False`.
        Some("boolean") if raw.eq_ignore_ascii_case("true") || raw == "1" => Ok(Value::Bool(true)),
        Some("boolean") if raw.eq_ignore_ascii_case("false") || raw == "0" => Ok(Value::Bool(false)),
        Some("boolean") => Err(wrong("boolean")),
        _ => Ok(Value::String(raw.to_owned())),
    }
}

/// Matches a concrete path against a template such as `/api/v3/ip-list/{id}`.
fn capture(template: &str, path: &str) -> Option<Map<String, Value>> {
    let mut captured = Map::new();
    let mut concrete = path.split('/');
    for segment in template.split('/') {
        let actual = concrete.next()?;
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) if !actual.is_empty() => {
                captured.insert(name.to_owned(), Value::String(percent_decode(actual)?));
            }
            Some(_) => return None,
            None if segment == actual => {}
            None => return None,
        }
    }
    concrete.next().is_none().then_some(captured)
}

fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::errors::Lang;
    use serde_json::json;

    fn input(id: &str, query: &str, body: &str) -> Result<Map<String, Value>, String> {
        spec().operation(id).expect("operation").input(Map::new(), query, body.as_bytes()).map_err(|e| e.detail)
    }

    #[test]
    fn the_embedded_spec_is_the_spec_file_without_whitespace() {
        let file = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/openapi.json"));
        let parse = |text: &str| serde_json::from_str::<Value>(text).expect("parses");
        assert_eq!(parse(SPEC_TEXT), parse(file));
        assert!(SPEC_TEXT.len() < file.len() * 2 / 3, "{} of {} bytes", SPEC_TEXT.len(), file.len());
    }

    #[test]
    fn routes_fixed_and_templated_paths() {
        let (op, params) = spec().route("POST", "/api/v3/delete-users-batch").unwrap();
        assert_eq!((op.id.as_str(), params.len()), ("deleteUsersBatch", 0));
        let (op, params) = spec().route("DELETE", "/api/v3/ip-list/a%20b").unwrap();
        assert_eq!(op.id, "deleteById");
        assert_eq!(params["id"], "a b");
        assert!(spec().route("GET", "/api/v3/delete-users-batch").is_none());
        assert!(spec().route("DELETE", "/api/v3/ip-list/").is_none());
        assert!(spec().route("DELETE", "/api/v3/ip-list/a/b").is_none());
        assert!(spec().route("POST", "/api/v3/nope").is_none());
    }

    #[test]
    fn query_strings_are_coerced_in_every_array_style() {
        for query in ["userIds[]=a&userIds[]=b", "userIds=a&userIds=b"] {
            let got = input("getUserBatch", query, "").unwrap();
            assert_eq!(got["userIds"], json!(["a", "b"]), "{query}");
        }
        let got = input("getUserBatch", "userIds=a&withCustomData=true&userIdType=email", "").unwrap();
        assert_eq!(got["userIds"], json!(["a"]));
        assert_eq!(got["withCustomData"], json!(true));
        let got = input("postList", "page=2&limit=5&skipCount=false", "").unwrap();
        assert_eq!((&got["page"], &got["limit"], &got["skipCount"]), (&json!(2), &json!(5), &json!(false)));
        let got = input("getUser", "userId=u&withCustomData=True&withIdentities=False&withPost=1", "").unwrap();
        assert_eq!(
            (&got["withCustomData"], &got["withIdentities"], &got["withPost"]),
            (&json!(true), &json!(false), &json!(true))
        );
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(input("getUserBatch", "", "").unwrap_err(), "missing required parameter `userIds`");
        let e = input("postList", "page=two", "").unwrap_err();
        assert_eq!(e, "invalid parameter `page`: expected an integer, got \"two\"");
        let e = input("getUserBatch", "userIds=a&userIdType=bogus", "").unwrap_err();
        assert!(e.starts_with("invalid parameter `userIdType`: unknown value \"bogus\""), "{e}");
        let e = input("postList", "page=1&page=2", "").unwrap_err();
        assert_eq!(e, "invalid parameter `page`: expected one value, got 2");
    }

    #[test]
    fn bodies_are_validated_deeply() {
        let ok = input("deleteUsersBatch", "", r#"{"userIds":["a"],"options":{"userIdType":"email"}}"#).unwrap();
        assert_eq!(ok["userIds"], json!(["a"]));
        assert_eq!(input("deleteUsersBatch", "", "{}").unwrap_err(), "missing required field `userIds`");
        assert_eq!(input("deleteUsersBatch", "", "").unwrap_err(), "missing required field `userIds`");
        assert_eq!(
            input("deleteUsersBatch", "", r#"{"userIds":null}"#).unwrap_err(),
            "missing required field `userIds`"
        );
        let e = input("deleteUsersBatch", "", r#"{"userIds":"a"}"#).unwrap_err();
        assert_eq!(e, "invalid parameter `userIds`: expected an array, got string \"a\"");
        let e = input("deleteUsersBatch", "", r#"{"userIds":["a"],"options":{"userIdType":"bogus"}}"#).unwrap_err();
        assert!(e.starts_with("invalid parameter `options.userIdType`: unknown value \"bogus\""), "{e}");
        let ids: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
        let e = input("deleteUsersBatch", "", &json!({ "userIds": ids }).to_string()).unwrap_err();
        assert_eq!(e, "`userIds` holds 51 items; at most 50 are accepted");
        let e = input("deleteUsersBatch", "", r#"{"userIds": ["#).unwrap_err();
        assert!(e.starts_with("invalid parameter `body`: malformed JSON"), "{e}");
        let e = input("deleteUsersBatch", "", "[1]").unwrap_err();
        assert_eq!(e, "invalid parameter `body`: expected a JSON object, got an array");
    }

    /// The refusal a request carrying `body` gets from operation `id`, in zh-CN.
    fn refusal(id: &str, body: &Value) -> (i64, Option<crate::ApiCode>, String) {
        let invalid = spec().operation(id).expect("operation").input(Map::new(), "", body.to_string().as_bytes());
        let fault = crate::emulator::errors::ApiFault::from(invalid.expect_err("refused"));
        (fault.status_code(), fault.api_code(), fault.message(crate::emulator::errors::Lang::ZhCn))
    }

    #[test]
    fn the_sync_center_words_a_missing_body_member_its_own_way() {
        let spec = spec();
        let invalid = Some(crate::ApiCode::InvalidParameter);
        let mut checked = 0;
        for op in spec.operations.iter().filter(|op| op.area == "Synchronization") {
            let Some((_, Some(Value::Object(body)))) = minimal_request(&op.id) else { continue };
            for member in body.keys() {
                let mut without = body.clone();
                without.remove(member);
                let words = format!("Must contain one of the following fields: {member}");
                assert_eq!(refusal(&op.id, &Value::Object(without)), (400, invalid, words), "{}", op.id);
                checked += 1;
            }
        }
        assert!(checked >= 5, "every body operation of the area, each required member: {checked}");
        // Only a member left out is worded so: a malformed one, or one
        // left out deeper down, is refused as everywhere else.
        let Some((_, Some(Value::Object(body)))) = minimal_request("createSyncTask") else { panic!("a body") };
        let mut malformed = body.clone();
        malformed.insert("clientConfig".into(), json!("config"));
        assert_eq!(refusal("createSyncTask", &Value::Object(malformed)).2, "参数 clientConfig 格式错误");
        let mut shallow = body;
        shallow.insert("fieldMapping".into(), json!([{ "targetKey": "name" }]));
        assert_eq!(refusal("createSyncTask", &Value::Object(shallow)).2, "参数 fieldMapping 格式错误");
        // Other areas keep the common wording.
        assert_eq!(refusal("deleteUsersBatch", &json!({})), (400, invalid, "参数 userIds 格式错误".to_owned()));
    }

    #[test]
    fn one_of_accepts_any_alternative_and_integral_floats_are_integers() {
        let schema = json!({"oneOf": [{"type": "string", "enum": ["pass"]}, {"type": "integer", "enum": [-1]}]});
        assert!(spec().validate(&json!("pass"), &schema, "s").is_ok());
        assert!(spec().validate(&json!(-1), &schema, "s").is_ok());
        let e = spec().validate(&json!(true), &schema, "s").unwrap_err().detail;
        assert!(e.starts_with("invalid parameter `s`: matches none of the accepted shapes"), "{e}");
        let mut two = json!({"n": 2.0, "m": [1.5]});
        normalise_integers(&mut two);
        assert_eq!(two, json!({"n": 2, "m": [1.5]}));
    }

    #[test]
    fn every_minimal_request_is_valid_and_every_answer_completes() {
        let spec = spec();
        assert_eq!(spec.operations.len(), 496);
        for op in &spec.operations {
            let (params, body) = minimal_request(&op.id).unwrap();
            assert_eq!(body.is_some(), op.body.is_some(), "{}", op.id);
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            let mut path_params = Map::new();
            for (name, value) in &params {
                let in_path = op.params.iter().any(|p| p.in_path && &p.name == name);
                match (value, in_path) {
                    (_, true) => {
                        path_params.insert(name.clone(), value.clone());
                    }
                    (Value::Array(items), _) => items.iter().for_each(|i| {
                        query.append_pair(&format!("{name}[]"), &js(i));
                    }),
                    (other, _) => {
                        query.append_pair(name, &js(other));
                    }
                }
            }
            let body = body.map(|b| b.to_string()).unwrap_or_default();
            let input = op.input(path_params, &query.finish(), body.as_bytes());
            assert!(input.is_ok(), "{}: {:?}", op.id, input.err());

            // As the server sends it: with the envelope's own members.
            let answer = crate::emulator::server::envelope_body(Ok(op.success_body(None)), Lang::ZhCn);
            if let Some(response) = &op.response {
                assert!(spec.validate(&answer, response, "").is_ok(), "{}", op.id);
            }
        }
    }

    fn js(v: &Value) -> String {
        crate::signing::js_value::field_value(v)
    }

    #[test]
    fn synthesis_fills_dates_and_stops_on_cycles() {
        let spec = spec();
        let schema = json!({"type": "object", "required": ["a"], "properties": {
            "createdAt": {"type": "string"}, "n": {"type": "integer"}, "a": {"type": "array", "items": {"type": "boolean"}}
        }});
        let v = Synth::new(spec, Style::Answer).value(&schema, None);
        assert_eq!(v, json!({"createdAt": SYNTHETIC_DATE, "n": 0, "a": [false]}));
        let v = Synth::new(spec, Style::Request).value(&schema, None);
        assert_eq!(v, json!({"a": [false]}));
        // Every named schema synthesizes without overflowing, cycles included.
        for name in spec.schemas.keys() {
            let reference = json!({"$ref": format!("#/components/schemas/{name}")});
            let value = Synth::new(spec, Style::Answer).value(&reference, None);
            assert!(spec.validate(&value, &reference, "").is_ok(), "{name}");
        }
    }

    #[test]
    fn completion_fills_required_fields_only() {
        let spec = spec();
        let schema = json!({"type": "object", "required": ["id", "tags", "inner"], "properties": {
            "id": {"type": "string"}, "note": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "inner": {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer"}}}
        }});
        let mut v = json!({"id": "kept", "inner": {}, "extra": 1});
        spec.complete(&mut v, &schema);
        assert_eq!(v, json!({"id": "kept", "inner": {"count": 0}, "extra": 1, "tags": [""]}));
    }
}
