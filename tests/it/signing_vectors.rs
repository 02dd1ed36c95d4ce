//! Every vector produced by the official SDKs' own signing code is
//! reproduced byte for byte.

use genauth::Brand;
use genauth::signing::{body_fields, query_fields, signature, string_to_sign};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/signature-vectors.json");
    let text = std::fs::read_to_string(path).expect("the signature vectors are at ../shared/fixtures");
    serde_json::from_str(&text).expect("vectors parse")
}

/// The query string the client sends for a vector's query object: arrays as
/// `k[]=v`, as the official SDKs send them.
fn query_string(query: &serde_json::Map<String, Value>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in query {
        match v {
            Value::Array(items) => {
                for item in items {
                    out.append_pair(&format!("{k}[]"), item.as_str().expect("string items"));
                }
            }
            Value::String(s) => {
                out.append_pair(k, s);
            }
            other => {
                out.append_pair(k, &other.to_string());
            }
        }
    }
    out.finish()
}

#[test]
fn every_official_vector_is_reproduced() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 11, "the fixture holds 11 vectors");
    for v in &vectors {
        let name = v["name"].as_str().unwrap();
        let brand = match v["brand"].as_str().unwrap() {
            "genauth" => Brand::GenAuth,
            "authing" => Brand::Authing,
            other => panic!("unknown brand {other}"),
        };
        let fields = if let Some(query) = v.get("query").and_then(Value::as_object) {
            query_fields(&query_string(query))
        } else {
            body_fields(&serde_json::to_vec(&v["body"]).unwrap())
        };
        let headers: Vec<(&str, &str)> =
            v["headers"].as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
        let sts = string_to_sign(
            v["method"].as_str().unwrap(),
            brand.header_prefix(),
            headers,
            v["path"].as_str().unwrap(),
            fields,
        );
        assert_eq!(sts, v["stringToSign"].as_str().unwrap(), "string to sign of {name}");
        let authorization = format!(
            "{} {}:{}",
            brand.scheme(),
            v["accessKeyId"].as_str().unwrap(),
            signature(v["accessKeySecret"].as_str().unwrap().as_bytes(), &sts)
        );
        assert_eq!(authorization, v["authorization"].as_str().unwrap(), "authorization of {name}");
    }
}
