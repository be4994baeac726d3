"""Eight processes resolving one MFA role profile with the shared on-disk cache make one
AssumeRole call and show one MFA prompt between them (the rest read the cache entry)."""

from __future__ import annotations

from pathlib import Path

from conformance._isolation import Home
from emulators.recorder import Recorder

from ._cache_children import lines, run_in_processes, session_credentials
from ._roles import sts

__all__ = ["sts"]  # the fixture

_SERIAL = "arn:aws:iam::123456789012:mfa/user"


def test_8_processes_make_one_assume_role_call_and_one_prompt(
    home: Home, sts: Recorder, tmp_path: Path
) -> None:
    home.write_config(
        "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n"
        f"mfa_serial = {_SERIAL}\n"
        "[profile b]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s\n"
    )
    cache_dir, prompts = tmp_path / "cache", tmp_path / "prompts"
    results = run_in_processes(8, session_credentials, "a", str(cache_dir), str(prompts))
    calls = [request for request, _ in sts.take() if request.action == "AssumeRole"]
    assert len(calls) == 1
    assert dict(calls[0].params)["SerialNumber"] == _SERIAL
    assert lines(prompts) == [f"Enter MFA code for {_SERIAL}: "]
    assert len(results) == 8 and all(r == results[0] for r in results)
