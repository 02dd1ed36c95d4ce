"""Where the official-SDK scripts find the emulator: GENAUTH_HOST,
GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET, all three required."""

import os
import sys


def credentials(script):
    """(host, access key id, secret); exits with status 2 naming `script` when one is missing."""
    host = os.environ.get("GENAUTH_HOST")
    akid = os.environ.get("GENAUTH_ACCESS_KEY_ID")
    secret = os.environ.get("GENAUTH_ACCESS_KEY_SECRET")
    if not (host and akid and secret):
        print(script + ": set GENAUTH_HOST, GENAUTH_ACCESS_KEY_ID and GENAUTH_ACCESS_KEY_SECRET", file=sys.stderr)
        sys.exit(2)
    return host, akid, secret
