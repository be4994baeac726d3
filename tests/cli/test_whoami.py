"""``strato whoami`` against moto's STS, compared with ``aws sts get-caller-identity``."""

from __future__ import annotations

import json

from integration._servers import Server

from .conftest import Home

KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "\n[dev]\n# the team's key\naws_access_key_id = AKIADEV000000000001\n"
    "aws_secret_access_key = devsecret\n"
)


def test_identity_equals_the_aws_clis_and_names_the_source(home: Home, moto: Server) -> None:
    home.write(config="[profile dev]\nregion = us-east-1\n", credentials=KEYS)
    env = {"AWS_ENDPOINT_URL_STS": moto.url, "AWS_DEFAULT_REGION": "us-east-1"}
    theirs = home.aws_cli("sts", "get-caller-identity", "--profile", "dev", env=env)
    assert theirs.returncode == 0, theirs.stderr
    expected = json.loads(theirs.stdout)
    ours = home.strato("whoami", "--profile", "dev", "--json", env=env)
    assert ours.returncode == 0, ours.stderr
    document = json.loads(ours.stdout)
    assert {key: document[key] for key in ("Account", "Arn", "UserId")} == expected
    assert document["CredentialsMethod"] == "shared-credentials-file"
    assert document["CredentialsSource"] == "~/.aws/credentials:7 [dev]"
    text = home.strato("whoami", env={**env, "AWS_PROFILE": "dev"})
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines() == [
        f"Account: {expected['Account']}",
        f"Arn: {expected['Arn']}",
        f"UserId: {expected['UserId']}",
        "Credentials: shared-credentials-file from ~/.aws/credentials:7 [dev]",
    ]
    assert "devsecret" not in text.stdout


def test_no_credentials(home: Home, moto: Server) -> None:
    home.write(config="", credentials="")
    env = {"AWS_ENDPOINT_URL_STS": moto.url, "AWS_EC2_METADATA_DISABLED": "true"}
    result = home.strato("whoami", env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "strato: Unable to locate credentials\n"
