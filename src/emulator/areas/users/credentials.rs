//! Users' OTP bindings: secrets imported from another system, and read
//! back by user.
//!
//! Password ciphertexts (`getUserPasswordCiphertext`,
//! `getUserEncryptPasswordBatch`) and field decryption (`userFieldDecrypt`)
//! are not carried out, as no record says how the service encrypts. The
//! Node and Python SDKs say only that the password ciphertext is made
//! under a key the pool's administrator configures in the console ("RSA,
//! SM2 and so on") and that `userFieldDecrypt`'s `privateKey` comes from
//! the console's data encryption settings; the Go, Java and C# SDKs and
//! the vendor's generated reference add nothing. None names the algorithm
//! a pool uses, the padding or curve parameters, the key and text
//! encodings, or what is encrypted (the password or its stored hash), and
//! the official jest suite calls none of the three. A ciphertext the emulator made up would decrypt
//! with no real key, and a decryption would have to guess all of the
//! above, even with the private key in the request.

use crate::emulator::areas::resolve;
use crate::emulator::areas::rules::typed;
use crate::emulator::areas::{ApiFault, Input, Outcome, success};
use crate::emulator::errors;
use crate::emulator::state::{OtpBinding, State};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportedOtp {
    secret: String,
    recovery_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OtpItem {
    user_id: String,
    otp: ImportedOtp,
}

#[derive(Deserialize)]
struct OtpImport {
    list: Vec<OtpItem>,
}

/// `importOtp`: binds each listed user (by emulator id) to its OTP secret,
/// replacing one bound before. Every item is checked first, so a refused
/// import binds nobody.
pub(super) fn import_otp(input: &Input, state: &mut State) -> Outcome {
    let OtpImport { list } = typed(input)?;
    if list.is_empty() {
        return Err(ApiFault::invalid("list", "empty"));
    }
    let mut bindings = Vec::with_capacity(list.len());
    for OtpItem { user_id, otp } in list {
        if otp.secret.is_empty() {
            return Err(ApiFault::invalid("list", format!("the OTP secret of {user_id} is empty")));
        }
        let id = resolve::user_id(state, &user_id, "user_id")?;
        bindings.push((id, OtpBinding { secret: otp.secret, recovery_code: otp.recovery_code }));
    }
    for (id, binding) in bindings {
        if let Some(user) = state.user_mut(&id) {
            user.otp = Some(binding);
        }
    }
    success()
}

/// `getOtpSecretByUser`: the secret bound to the user; a user with none
/// bound is refused rather than given a secret.
pub(super) fn get_otp_secret_by_user(input: &Input, state: &mut State) -> Outcome {
    let id = resolve::input_user_id(state, input)?;
    let binding = state.user(&id).and_then(|u| u.otp.as_ref());
    let binding =
        binding.ok_or_else(|| ApiFault::of(&errors::OTP_NOT_BOUND).with_detail(format!("{id} has no OTP")))?;
    Ok(json!({ "secret": binding.secret }))
}
