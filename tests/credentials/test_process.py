"""``credential_process`` (spec 2.9, edge cases 45-49, spec 13's JSON list), against botocore.

Each command is a small shell script printing a prepared stdout and stderr and exiting
with a prepared status, run by both libraries with the same files and environment.
"""

from __future__ import annotations

import json
import os
import shlex
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from conformance._isolation import Home
from strato.credentials import process
from strato.credentials.objects import RefreshableCredentials
from strato.exceptions import (
    CredentialProcessError,
    CredentialRetrievalError,
    InvalidExpirationError,
    MalformedCredentialsError,
)

from ._local_diff import agree, both


def _stamp(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def command(
    root: Path, stdout: bytes | str, stderr: bytes | str = b"", code: int = 0, name: str = "proc"
) -> str:
    """A ``credential_process`` value printing ``stdout``/``stderr`` and exiting ``code``;
    every run appends a line to ``<name>.runs``."""
    folder = root / f"{name} dir"  # a space: the path must be quoted to survive splitting
    folder.mkdir(exist_ok=True)
    for suffix, data in (("out", stdout), ("err", stderr)):
        (folder / suffix).write_bytes(data.encode() if isinstance(data, str) else data)
    script = folder / "run.sh"
    script.write_text(
        "#!/bin/sh\n"
        f"echo run >> {shlex.quote(str(folder / 'runs'))}\n"
        f"cat {shlex.quote(str(folder / 'out'))}\n"
        f"cat {shlex.quote(str(folder / 'err'))} >&2\n"
        f"exit {code}\n"
    )
    script.chmod(0o755)
    return shlex.quote(str(script))


def runs(root: Path, name: str = "proc") -> int:
    path = root / f"{name} dir" / "runs"
    return len(path.read_text().splitlines()) if path.exists() else 0


def document(**fields: Any) -> str:
    base: dict[str, Any] = {"Version": 1, "AccessKeyId": "AKPROC", "SecretAccessKey": "SKPROC"}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None})


def configure(home: Home, value: str, extra: str = "") -> None:
    home.write_config(f"[default]\ncredential_process = {value}\n{extra}")


# --- what botocore returns ----------------------------------------------------------


def test_static_output_gives_static_credentials(home: Home) -> None:
    configure(home, command(home.root, document(SessionToken="TOK", AccountId="111122223333")))
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.frozen == ("AKPROC", "SKPROC", "TOK", "111122223333")
    assert ours.method == "custom-process"
    creds = strato.Session().get_credentials()
    assert creds is not None and not isinstance(creds, RefreshableCredentials)
    assert creds.source == f"credential_process at {home.config}:2 [default]"


def test_account_id_falls_back_to_the_profile(home: Home) -> None:
    configure(home, command(home.root, document(AccountId="")), "aws_account_id = 999988887777\n")
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.frozen == ("AKPROC", "SKPROC", None, "999988887777")


def test_expiration_makes_refreshable_credentials_that_rerun_the_command(home: Home) -> None:
    """Five minutes left: inside the mandatory window, the next read runs the command
    again (later reads follow the short-lived refresh rules, tested with refresh)."""
    configure(home, command(home.root, document(Expiration=_stamp(timedelta(minutes=5)))))
    for library in (boto3.Session, strato.Session):
        creds = library().get_credentials()
        assert creds.method == "custom-process"
        before = runs(home.root)
        creds.get_frozen_credentials()
        assert runs(home.root) - before == 1, library
    far = command(home.root, document(Expiration=_stamp(timedelta(hours=1))), name="far")
    configure(home, far)
    creds = strato.Session().get_credentials()
    creds.get_frozen_credentials()
    assert runs(home.root, "far") == 1


def test_past_expiration_runs_twice_then_fails(home: Home) -> None:
    """Spec 13: the command runs twice, then botocore's RuntimeError (strato's typed one)."""
    configure(home, command(home.root, document(Expiration="2000-01-01T00:00:00Z")))
    ref, ours = both()
    assert ref.kind == "raw" and ref.name == "RuntimeError"
    assert ours.name == "ExpiredCredentialsError" and ours.message == ref.message
    assert runs(home.root) == 4


def test_command_inherits_the_environment(home: Home) -> None:
    script = home.root / "env.sh"
    script.write_text(
        '#!/bin/sh\nprintf \'{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"s"}\' "$PROC_KEY"\n'
    )
    script.chmod(0o755)
    configure(home, str(script))
    os.environ["PROC_KEY"] = "FROMENV"
    ref, ours = both()
    assert agree(ref, ours) is None and ours.frozen == ("FROMENV", "s", None, None)


def test_no_shell_so_no_tilde_or_variables(home: Home) -> None:
    configure(home, "~/bin/creds $HOME")
    ref, ours = both()
    assert ref.name == "FileNotFoundError"
    assert agree(ref, ours, text="No such file or directory: '~/bin/creds'") is None


@pytest.mark.parametrize(
    ("stdout", "message"),
    [
        (document(Version=2), "Unsupported version '2' for credential process provider"),
        (document(Version=None), "Unsupported version '<Version key not provided>'"),
        (document(SecretAccessKey=None), "Missing required key in response: 'SecretAccessKey'"),
        (document(AccessKeyId=None), "Missing required key in response: 'AccessKeyId'"),
    ],
)
def test_botocore_errors_have_its_class_and_text(home: Home, stdout: str, message: str) -> None:
    configure(home, command(home.root, stdout))
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.name == "CredentialRetrievalError" and message in (ours.message or "")


def test_version_true_is_accepted_as_botocore_does(home: Home) -> None:
    """botocore compares ``Version != 1``: ``true`` and ``1.0`` pass."""
    for version in (True, 1.0):
        configure(home, command(home.root, document(Version=version), name=str(version)))
        ref, ours = both()
        assert agree(ref, ours) is None and ours.kind == "credentials"


# --- spec edge cases 45-49 ---------------------------------------------------------------


def test_edge_45_empty_credential_process(home: Home) -> None:
    configure(home, "")
    ref, ours = both()
    assert ref.name == "IndexError"
    assert agree(ref, ours) is None
    with pytest.raises(CredentialProcessError) as err:
        strato.Session().get_credentials()
    assert "the command is empty" in str(err.value)
    assert f"profile default ({home.config}:2 [default])" in str(err.value)


def test_edge_46_string_version(home: Home) -> None:
    configure(home, command(home.root, document(Version="1")))
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.message == (
        "Error when retrieving credentials from custom-process: Unsupported version '1' "
        "for credential process provider, supported versions: 1"
    )


def test_edge_47_nonzero_exit_carries_stderr(home: Home) -> None:
    configure(home, command(home.root, "", "boom on stderr", code=3))
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.message == "Error when retrieving credentials from custom-process: boom on stderr"


def test_edge_48_non_json_output(home: Home) -> None:
    configure(home, command(home.root, "this is not json"))
    ref, ours = both()
    assert ref.name == "JSONDecodeError"
    assert agree(ref, ours, text="Expecting value: line 1 column 1 (char 0)") is None
    with pytest.raises(MalformedCredentialsError) as err:
        strato.Session().get_credentials()
    assert isinstance(err.value, ValueError)


def test_edge_49_static_keys_in_the_credentials_file_win(home: Home) -> None:
    configure(home, command(home.root, document()))
    home.write_credentials("[default]\naws_access_key_id = AKFILE\naws_secret_access_key = SK\n")
    ref, ours = both()
    assert agree(ref, ours) is None
    assert ours.method == "shared-credentials-file" and runs(home.root) == 0


# --- where botocore crashes: typed errors ------------------------------------------------


def test_json_list_output(home: Home) -> None:
    """Spec 13: botocore's ``AttributeError: 'list' object has no attribute 'get'``."""
    configure(home, command(home.root, "[1, 2]"))
    ref, ours = both()
    assert (ref.name, ref.message) == ("AttributeError", "'list' object has no attribute 'get'")
    assert agree(ref, ours, text="is a JSON list, not an object") is None


@pytest.mark.parametrize("expiration", ["2099-01-01T00:00:00", "", "soon", 1234])
def test_unreadable_expiration(home: Home, expiration: object) -> None:
    configure(home, command(home.root, document(Expiration=expiration)))
    ref, ours = both()
    assert ref.kind == "raw"
    assert agree(ref, ours) is None
    with pytest.raises(InvalidExpirationError) as err:
        strato.Session().get_credentials()
    assert f"of profile default ({home.config}:2 [default])" in str(err.value)


def test_unquotable_command(home: Home) -> None:
    configure(home, "'unterminated")
    ref, ours = both()
    assert (ref.name, ref.message) == ("ValueError", "No closing quotation")
    assert agree(ref, ours, text="No closing quotation") is None


def test_program_that_is_not_executable(home: Home) -> None:
    script = home.root / "plain.txt"
    script.write_text("not a program")
    configure(home, str(script))
    ref, ours = both()
    assert ref.name == "PermissionError"
    assert agree(ref, ours, text="[Errno 13] Permission denied") is None


def test_stderr_that_is_not_utf8(home: Home) -> None:
    configure(home, command(home.root, "", b"bad \xff byte", code=1))
    ref, ours = both()
    assert ref.name == "UnicodeDecodeError"
    assert ours.message == "Error when retrieving credentials from custom-process: bad \ufffd byte"


def test_a_command_that_hangs_is_stopped(home: Home, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    script = tmp_path / "hang.sh"
    script.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    script.chmod(0o755)
    configure(home, str(script))
    start = time.monotonic()
    with (
        mock.patch.object(process, "TIMEOUT_SECONDS", 0.5),
        pytest.raises(CredentialProcessError) as err,
    ):
        strato.Session().get_credentials()
    assert time.monotonic() - start < 30  # a hang guard, not a performance figure
    assert "did not finish within 0.5 seconds and was stopped" in str(err.value)
    assert str(script) in str(err.value)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # killed and reaped


def test_errors_never_show_the_secret(home: Home) -> None:
    configure(home, command(home.root, document(Expiration="soon", SecretAccessKey="TOPSECRET")))
    with pytest.raises(CredentialRetrievalError) as err:
        strato.Session().get_credentials()
    assert "TOPSECRET" not in str(err.value) and "TOPSECRET" not in repr(err.value)


# --- differential over generated outputs -------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_EXPIRATIONS = st.sampled_from(
    [
        None,
        _stamp(timedelta(hours=2)),
        _stamp(timedelta(minutes=12)),
        _stamp(timedelta(minutes=5)),
        "2001-02-03T04:05:06Z",
        "2099-01-01T00:00:00+00:00",
        "2099-01-01T00:00:00",
        "",
        "later",
        42,
    ]
)
_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "Version": st.sampled_from([1, 1, 1, "1", 2, True, None, 1.0]),
        "AccessKeyId": st.one_of(_TEXT, st.integers(0, 9)),
        "SecretAccessKey": _TEXT,
        "SessionToken": st.one_of(_TEXT, st.none()),
        "Expiration": _EXPIRATIONS,
        "AccountId": st.sampled_from(["111122223333", "", None]),
    },
).map(json.dumps)
_STDOUT = st.one_of(
    _DOCUMENTS,
    _DOCUMENTS,
    _DOCUMENTS,
    st.sampled_from(["", "[]", "null", '"text"', "{", "not json", "\xff"]),
    st.binary(max_size=8),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stdout=_STDOUT,
    stderr=st.one_of(_TEXT, st.binary(max_size=6)),
    code=st.sampled_from([0, 0, 0, 1, 3]),
    fallback=st.sampled_from(["", "aws_account_id = 444455556666\n"]),
)
def test_differential_generated_outputs(
    home: Home, stdout: str | bytes, stderr: str | bytes, code: int, fallback: str
) -> None:
    name = f"gen{time.monotonic_ns()}"
    configure(home, command(home.root, stdout, stderr, code, name=name), fallback)
    ref, ours = both()
    problem = agree(ref, ours)
    assert problem is None, problem
    if ours.kind == "strato" and ref.kind == "raw":
        assert ours.name in {
            "CredentialProcessError",
            "MalformedCredentialsError",
            "InvalidExpirationError",
            "ExpiredCredentialsError",
            "CredentialRetrievalError",
        }
