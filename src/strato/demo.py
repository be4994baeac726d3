"""``make demo``: resolve every profile of a sample sandbox and show where each value came from.

Runs in a throw-away home directory with its own ``~/.aws`` files and environment,
so it never reads or changes the real ones.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import strato

CONFIG = """\
[default]
region = us-east-1
output = json

[profile dev]
region = eu-west-1
retry_mode = adaptive
max_attempts = 5
s3 =
  addressing_style = path
  use_accelerate_endpoint = true

[profile "team analytics"]
region = ap-southeast-2
aws_access_key_id = AKIDANALYTICSEXAMPLE
aws_secret_access_key = analytics/secret/EXAMPLEKEY

[profile ci]
Region: us-west-2
"""

CREDENTIALS = """\
[default]
aws_access_key_id = AKIDDEFAULTEXAMPLE
aws_secret_access_key = default/secret/EXAMPLEKEY

[dev]
aws_access_key_id = AKIDDEVEXAMPLE
aws_secret_access_key = dev/secret/EXAMPLEKEY
aws_session_token = dev-session-token-EXAMPLE
region = eu-central-1
"""


def _mask(value: str | None) -> str:
    """Secrets are shown only as present or absent."""
    return "(set, hidden)" if value else repr(value)


def _show(title: str, session: strato.Session) -> None:
    print(f"\n== {title}")
    creds = session.get_credentials()
    if creds is None:
        print("  credentials: none found")
    else:
        frozen = creds.get_frozen_credentials()
        print(f"  credentials: {creds.method} from {creds.source}")
        print(f"    access key {frozen.access_key}, secret {_mask(frozen.secret_key)}, ", end="")
        print(f"token {_mask(frozen.token)}")
    for name in ("region", "retry_mode", "max_attempts", "s3"):
        print("  " + str(session.explain(name)).replace("\n", "\n  "))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="strato-demo-") as home:
        aws = Path(home, ".aws")
        aws.mkdir()
        (aws / "config").write_text(CONFIG)
        (aws / "credentials").write_text(CREDENTIALS)
        os.environ.clear()
        os.environ.update(
            {
                "HOME": home,
                "PATH": "/usr/bin:/bin",
                "AWS_EC2_METADATA_DISABLED": "true",
                "BOTO_CONFIG": str(Path(home, "no-boto-config")),
                "AWS_ACCESS_KEY_ID": "AKIDENVIRONMENTEXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "env/secret/EXAMPLEKEY",
                "AWS_PROFILE": "dev",
            }
        )
        print(f"sandbox home: {home}")
        print("environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE=dev")
        session = strato.Session()
        print("available profiles:", session.available_profiles)
        print("credential chain for this session:")
        for line in session.credential_plan().describe():
            print("   ", line)
        _show("Session() with AWS_PROFILE=dev: environment keys beat the profile", session)
        for profile in session.available_profiles:
            _show(f"Session(profile_name={profile!r})", strato.Session(profile_name=profile))
        try:
            strato.Session(profile_name="missing")
        except strato.exceptions.ProfileNotFound as exc:
            print(f"\n== Session(profile_name='missing')\n  {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
