//! Typed user references name users the way the docs of `UserRef` say.

use crate::common::emulator_and_client;
use genauth::{ApiCode, UserIds, UserRef};

/// A phone number is the national number; the country code is a field of its
/// own, and the official jest suite finds such a user by the bare number.
#[tokio::test]
async fn a_phone_reference_is_the_number_without_its_country_code() {
    let (_emulator, client) = emulator_and_client().await;
    let created = client
        .create_user()
        .body_map(|b| b.phone("13800000009".to_owned()).phone_country_code("+86".to_owned()))
        .send()
        .await
        .expect("user is created");
    let found = client.get_user().user(UserRef::phone("13800000009")).send().await.expect("found by the bare number");
    assert_eq!(found.user_id, created.user_id);
    for with_code in ["+86 13800000009", "+8613800000009"] {
        let err = client.get_user().user(UserRef::phone(with_code)).send().await.unwrap_err();
        assert_eq!(err.code(), Some(ApiCode::UserNotFound), "{with_code}: {err}");
    }
}

/// `getUserBatch` answers with the users it found and leaves out the rest,
/// as its docs say.
#[tokio::test]
async fn get_user_batch_leaves_out_ids_that_name_nobody() {
    let (_emulator, client) = emulator_and_client().await;
    let user = crate::common::create_user(&client, "kept", "kept@example.com").await;
    let found = client
        .get_user_batch()
        .users(UserIds::user_ids(["nobody-1", user.as_str(), "nobody-2"]))
        .send()
        .await
        .expect("misses do not fail the call");
    assert_eq!(found.iter().map(|u| u.user_id.as_str()).collect::<Vec<_>>(), [user.as_str()]);
}
