"""strato's on-disk role cache and the AWS CLI's (botocore's ``JSONFileCache`` attached to
the assume-role provider) share entries: same file name, same JSON, each reads the other's.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import boto3  # type: ignore[import-untyped]
from botocore.utils import JSONFileCache  # type: ignore[import-untyped]

import strato
from conformance._isolation import Home
from emulators.recorder import Recorder
from strato.credentials.cache import cache_key

from ._roles import sts

__all__ = ["sts"]  # the fixture

_ARN = "arn:aws:iam::123456789012:role/shared"
_CLI_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dUTC$")


def _profile(home: Home) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {_ARN}\nsource_profile = b\nexternal_id = xx\n"
        "[profile b]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s\n"
    )


def _botocore_session(cache_dir: Path) -> object:
    session = boto3.Session(profile_name="a")
    resolver = session._session.get_component("credential_provider")
    resolver.get_provider("assume-role").cache = JSONFileCache(str(cache_dir))
    return session


def test_strato_writes_what_the_cli_writes_and_reads_it_back(
    home: Home, sts: Recorder, tmp_path: Path
) -> None:
    _profile(home)
    name = cache_key({"RoleArn": _ARN, "ExternalId": "xx"}) + ".json"
    ours_dir, cli_dir = tmp_path / "strato-cache", tmp_path / "cli-cache"
    ours = strato.Session(profile_name="a", credential_cache=str(ours_dir)).get_credentials()
    assert ours is not None
    ours_frozen = ours.get_frozen_credentials()
    botocore_creds = _botocore_session(cli_dir).get_credentials()  # type: ignore[attr-defined]
    botocore_creds.get_frozen_credentials()
    assert len(sts.take()) == 2
    assert name in os.listdir(ours_dir)
    assert os.listdir(cli_dir) == [name]
    mine = json.loads((ours_dir / name).read_text())
    theirs = json.loads((cli_dir / name).read_text())
    assert _CLI_TIME.match(mine["Credentials"]["Expiration"])
    assert _CLI_TIME.match(theirs["Credentials"]["Expiration"])
    assert _shape(mine) == _shape(theirs)
    assert (ours_dir / name).stat().st_mode & 0o777 == 0o600
    # Each library now reads the other's entry instead of calling STS.
    from_cli = strato.Session(profile_name="a", credential_cache=str(cli_dir)).get_credentials()
    assert from_cli is not None
    assert from_cli.access_key == theirs["Credentials"]["AccessKeyId"]
    reread = _botocore_session(ours_dir).get_credentials()  # type: ignore[attr-defined]
    assert reread.get_frozen_credentials() == tuple(ours_frozen)
    assert sts.take() == []


def _shape(value: object) -> object:
    """The JSON's structure: keys and value types, not the values STS chose."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if k != "ResponseMetadata"}
    return type(value).__name__
