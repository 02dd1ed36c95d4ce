//! Signing a whole `reqwest::Request`: the signature headers, the date and
//! the `Authorization` header, added in place.
//!
//! The client signs every attempt with this. It is public so that a caller
//! can sign a request the generated client does not offer (an endpoint newer
//! than the bundled spec, say) exactly as the client would.

use crate::config::{Brand, Secret};
use crate::error::Error;
use reqwest::header::{AUTHORIZATION, DATE, HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::time::SystemTime;

/// Signs requests for one brand and access key pair.
///
/// Each call to [`sign`](Self::sign) stamps a fresh nonce and date, so a
/// retried request must be signed again. The secret never shows in `Debug`.
///
/// ```
/// use genauth::{Brand, signing::RequestSigner};
///
/// let signer = RequestSigner::new(Brand::GenAuth, "key-id", "key-secret");
/// let mut request = reqwest::Request::new(
///     reqwest::Method::GET,
///     "https://api.genauth.ai/api/v3/get-user?userId=u1".parse().unwrap(),
/// );
/// signer.sign(&mut request).unwrap();
/// let authorization = request.headers()["authorization"].to_str().unwrap();
/// assert!(authorization.starts_with("GenAuth key-id:"));
/// ```
pub struct RequestSigner {
    brand: Brand,
    access_key_id: String,
    access_key_secret: Secret,
    // Built once rather than per request.
    signature_method: HeaderName,
    signature_version: HeaderName,
    signature_nonce: HeaderName,
}

impl RequestSigner {
    /// A signer for `brand` with this key pair.
    pub fn new(brand: Brand, access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        RequestSigner {
            brand,
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            signature_method: brand_header(brand, "signature-method"),
            signature_version: brand_header(brand, "signature-version"),
            signature_nonce: brand_header(brand, "signature-nonce"),
        }
    }

    /// Adds the signature method, version and a fresh nonce, the date, and
    /// the `Authorization` header (marked sensitive) to `request`.
    ///
    /// Sign last: the signature covers the brand's `x-*` headers already on
    /// the request (language, tenant, ...) and its query (GET) or JSON body
    /// (any other method), so changing those afterwards invalidates it.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the access key id cannot travel in a header.
    pub fn sign(&self, request: &mut reqwest::Request) -> Result<(), Error> {
        let headers = request.headers_mut();
        headers.insert(&self.signature_method, HeaderValue::from_static(super::SIGNATURE_METHOD));
        headers.insert(&self.signature_version, HeaderValue::from_static(super::SIGNATURE_VERSION));
        headers.insert(&self.signature_nonce, header_value(&super::nonce())?);
        headers.insert(DATE, header_value(&httpdate::fmt_http_date(SystemTime::now()))?);

        let fields = if request.method() == reqwest::Method::GET {
            super::query_fields(request.url().query().unwrap_or_default())
        } else {
            super::body_fields(request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default())
        };
        let to_sign = super::string_to_sign(
            request.method().as_str(),
            self.brand.header_prefix(),
            header_pairs(request.headers()),
            request.url().path(),
            fields,
        );
        let signature = super::signature(self.access_key_secret.expose().as_bytes(), &to_sign);
        let mut authorization = header_value(&format!("{} {}:{signature}", self.brand.scheme(), self.access_key_id))?;
        authorization.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(())
    }
}

impl fmt::Debug for RequestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSigner")
            .field("brand", &self.brand)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .finish()
    }
}

/// `x-<brand>-<suffix>` as a header name.
pub(crate) fn brand_header(brand: Brand, suffix: &str) -> HeaderName {
    HeaderName::from_bytes(format!("{}{suffix}", brand.header_prefix()).as_bytes())
        .expect("brand header names are valid")
}

pub(crate) fn header_value(value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidInput(format!("{value:?} cannot travel in an HTTP header")))
}

fn header_pairs(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers.iter().filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str(), v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(method: reqwest::Method, url: &str, body: Option<&str>) -> reqwest::Request {
        let mut request = reqwest::Request::new(method, url.parse().unwrap());
        request.headers_mut().insert("x-authing-lang", HeaderValue::from_static("en-US"));
        if let Some(body) = body {
            *request.body_mut() = Some(body.to_owned().into());
        }
        RequestSigner::new(Brand::Authing, "kid", "secret").sign(&mut request).unwrap();
        request
    }

    /// The signature in the header is the one the string to sign, rebuilt
    /// from what the request carries, gives: the query for GET, the body
    /// otherwise, and the brand's headers, the added ones included.
    #[test]
    fn the_authorization_header_signs_what_the_request_carries() {
        for (method, url, body) in [
            (reqwest::Method::GET, "http://h/api/v3/get-user?userId=u1&withDepartmentIds=true", None),
            (reqwest::Method::POST, "http://h/api/v3/is-user-exists?ignored=1", Some(r#"{"username":"a b","n":3}"#)),
        ] {
            let request = signed(method.clone(), url, body);
            let headers = request.headers();
            assert_eq!(headers["x-authing-signature-method"], "HMAC-SHA1");
            assert_eq!(headers["x-authing-signature-version"], "1.0");
            assert_eq!(headers["x-authing-signature-nonce"].len(), 32);
            assert!(headers[DATE].to_str().unwrap().ends_with(" GMT"));
            let authorization = &headers[AUTHORIZATION];
            assert!(authorization.is_sensitive());
            let fields = match body {
                None => super::super::query_fields(request.url().query().unwrap()),
                Some(body) => super::super::body_fields(body.as_bytes()),
            };
            let to_sign = super::super::string_to_sign(
                method.as_str(),
                "x-authing-",
                header_pairs(headers),
                request.url().path(),
                fields,
            );
            assert!(to_sign.contains("x-authing-lang:en-US\n"), "{to_sign}");
            let expected = format!("authing kid:{}", super::super::signature(b"secret", &to_sign));
            assert_eq!(authorization.to_str().unwrap(), expected);
        }
    }

    #[test]
    fn every_signing_gets_its_own_nonce() {
        let url = "http://h/api/v3/get-user?userId=u1";
        let nonce = |r: reqwest::Request| r.headers()["x-authing-signature-nonce"].clone();
        assert_ne!(nonce(signed(reqwest::Method::GET, url, None)), nonce(signed(reqwest::Method::GET, url, None)));
    }

    #[test]
    fn debug_hides_the_secret() {
        let shown = format!("{:?}", RequestSigner::new(Brand::GenAuth, "kid", "top-secret-value"));
        assert!(shown.contains("kid") && !shown.contains("top-secret-value"), "{shown}");
    }
}
