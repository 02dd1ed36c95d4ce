//! Client construction: defaults, validation and secret hygiene.

use genauth::{Brand, Error, ManagementClient};

#[test]
fn hosts_default_by_brand_and_are_validated() {
    let base = || ManagementClient::builder().access_key_id("id").access_key_secret("secret");
    assert_eq!(base().build().unwrap().host(), "https://api.genauth.ai");
    assert_eq!(base().brand(Brand::Authing).build().unwrap().host(), "https://api.authing.cn");
    assert_eq!(base().host("https://auth.example.com/").build().unwrap().host(), "https://auth.example.com");
    assert!(matches!(base().host("not a url").build(), Err(Error::Config(_))));
    assert!(matches!(ManagementClient::builder().access_key_id("id").build(), Err(Error::Config(_))));
}

#[test]
fn the_secret_never_shows_in_debug() {
    let client = ManagementClient::builder().access_key_id("id").access_key_secret("s3cr3t-value").build().unwrap();
    let printed = format!("{client:?}");
    assert!(printed.contains("id"));
    assert!(!printed.contains("s3cr3t-value"), "{printed}");
}

#[test]
fn from_env_reads_the_documented_variables() {
    // The only test that touches the environment, so no other test races with it.
    // SAFETY: no other thread of this test binary reads or writes these variables.
    unsafe {
        std::env::set_var("GENAUTH_ACCESS_KEY_ID", "env-id");
        std::env::set_var("GENAUTH_ACCESS_KEY_SECRET", "env-secret");
        std::env::set_var("GENAUTH_HOST", "http://127.0.0.1:9/");
        std::env::set_var("GENAUTH_BRAND", "authing");
    }
    let client = ManagementClient::from_env().unwrap();
    assert_eq!((client.host(), client.brand()), ("http://127.0.0.1:9", Brand::Authing));
    unsafe { std::env::set_var("GENAUTH_BRAND", "other") };
    assert!(matches!(ManagementClient::from_env(), Err(Error::Config(_))));
    unsafe {
        for var in ["GENAUTH_ACCESS_KEY_ID", "GENAUTH_ACCESS_KEY_SECRET", "GENAUTH_HOST", "GENAUTH_BRAND"] {
            std::env::remove_var(var);
        }
    }
}
