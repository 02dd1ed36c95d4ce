// Where the official-SDK scripts find the emulator: GENAUTH_HOST,
// GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET, all three required.

/** `{ host, accessKeyId, accessKeySecret }`; exits with status 2 naming `script` when one is missing. */
export function credentials(script) {
  const host = process.env.GENAUTH_HOST;
  const accessKeyId = process.env.GENAUTH_ACCESS_KEY_ID;
  const accessKeySecret = process.env.GENAUTH_ACCESS_KEY_SECRET;
  if (!host || !accessKeyId || !accessKeySecret) {
    console.error(`${script}: set GENAUTH_HOST, GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET`);
    process.exit(2);
  }
  return { host, accessKeyId, accessKeySecret };
}
