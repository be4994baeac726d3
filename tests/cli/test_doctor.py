"""``strato doctor``: every planted problem of the corpus found at its line, nothing in clean files.

Each directory of ``doctor_corpus`` holds a ``config`` and/or ``credentials`` file and an
``expected.json``: the findings as ``[severity, code, file, line]`` (file ``config``,
``credentials``, or null for the environment), plus optional ``env``, file ``modes`` and
``sso_tokens`` (cache entries to write, by sso-session name or start URL).
"""

from __future__ import annotations

import json
import os
import string
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.session  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strato.config import lint
from strato.credentials.sso_token import write_token

from .conftest import Home

CORPUS = Path(__file__).with_name("doctor_corpus")
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _plant(home: Home, case: str) -> dict[str, Any]:
    folder = CORPUS / case
    expected: dict[str, Any] = json.loads((folder / "expected.json").read_text())
    texts = {
        n: (folder / n).read_text() for n in ("config", "credentials") if (folder / n).exists()
    }
    home.write(**texts)
    for name, mode in expected.get("modes", {}).items():
        (home.aws / name).chmod(int(mode, 8))
    for name, token in expected.get("sso_tokens", {}).items():
        write_token(name, token, str(home.aws / "sso" / "cache"))
    return expected


def _file_of(path: str | None) -> str | None:
    if path is None:
        return None
    assert path.startswith("~/.aws/"), path
    return path.removeprefix("~/.aws/")


@pytest.mark.parametrize("case", CASES)
def test_corpus(home: Home, case: str) -> None:
    expected = _plant(home, case)
    result = home.strato("doctor", "--json", env=expected.get("env"))
    assert result.stderr == ""
    findings = json.loads(result.stdout)
    got = sorted((f["severity"], f["code"], _file_of(f["path"]), f["line"] or 0) for f in findings)
    want = sorted((s, c, f, line or 0) for s, c, f, line in expected["findings"])
    assert got == want, json.dumps(findings, indent=1)
    assert result.returncode == (1 if any(f[0] == "error" for f in want) else 0)
    for finding in findings:
        assert finding["message"] and finding["hint"]
    for secret in expected.get("secrets", ()):
        assert secret not in result.stdout


@pytest.mark.parametrize("case", ["bad_values", "inline_comments", "clean_basic"])
def test_text_output_names_file_and_line(home: Home, case: str) -> None:
    expected = _plant(home, case)
    result = home.strato("doctor")
    lines = result.stdout.splitlines()
    for severity, _code, name, line in expected["findings"]:
        assert any(x.startswith(f"~/.aws/{name}:{line}: {severity}:") for x in lines), lines
    if expected["findings"]:
        assert lines[-1].startswith(f"{sum(f[0] == 'error' for f in expected['findings'])} error")
    else:
        assert lines == ["no problems found"]
    for secret in expected.get("secrets", ()):
        assert secret not in result.stdout


def test_warnings_alone_pass_unless_strict(home: Home) -> None:
    _plant(home, "credentials_override")
    assert home.strato("doctor").returncode == 0
    assert home.strato("doctor", "--strict").returncode == 1


def test_profile_limits_findings_to_what_it_uses(home: Home) -> None:
    home.write(
        config="[profile good]\nrole_arn = arn:aws:iam::1:role/g\nsource_profile = base\n\n"
        "[profile base]\nretry_mode = fast\n\n[profile other]\nregoin = x\n"
    )
    other = home.strato("doctor", "--profile", "other", "--json")
    assert [(f["code"], f["line"]) for f in json.loads(other.stdout)] == [("unknown-key", 9)]
    assert other.returncode == 0
    good = home.strato("doctor", "--json", "--profile", "good")
    assert [(f["code"], f["line"]) for f in json.loads(good.stdout)] == [("bad-value", 6)]
    assert good.returncode == 1
    missing = home.strato("--profile", "nope", "doctor", "--json")
    assert [f["code"] for f in json.loads(missing.stdout)] == ["profile-not-found"]
    assert missing.returncode == 1


def test_profile_in_a_broken_file_is_not_called_missing(home: Home) -> None:
    _plant(home, "parse_error_config")
    result = home.strato("doctor", "--profile", "dev", "--json")
    assert [(f["code"], f["line"]) for f in json.loads(result.stdout)] == [("parse-error", 4)]
    assert result.returncode == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of any mode")
def test_unreadable_file(home: Home) -> None:
    home.write(config="[default]\nregion = us-east-1\n")
    home.config_path.chmod(0)
    result = home.strato("doctor", "--json")
    assert [f["code"] for f in json.loads(result.stdout)] == ["unreadable"]
    assert result.returncode == 0


_ROLE = "role_arn = arn:aws:iam::123456789012:role/r\n"
#: A config, the profile used, the action, botocore's error, and the finding doctor makes.
_BOTOCORE_ERRORS = [
    (
        f"[profile a]\n{_ROLE}source_profile = b\n[profile b]\n{_ROLE}source_profile = a\n",
        "a",
        "credentials",
        "InfiniteLoopConfigError",
        "role-cycle",
    ),
    (
        f"[profile a]\n{_ROLE}source_profile = a\n",
        "a",
        "credentials",
        "InfiniteLoopConfigError",
        "role-cycle",
    ),
    (
        f"[profile a]\n{_ROLE}source_profile = gone\n",
        "a",
        "credentials",
        "InvalidConfigError",
        "dangling-reference",
    ),
    (
        f"[profile a]\n{_ROLE}source_profile = b\ncredential_source = Environment\n[profile b]\n",
        "a",
        "credentials",
        "InvalidConfigError",
        "conflicting-sources",
    ),
    (f"[profile a]\n{_ROLE}", "a", "credentials", "PartialCredentialsError", "partial-credentials"),
    (
        "[profile a]\naws_access_key_id = AKID\n",
        "a",
        "credentials",
        "PartialCredentialsError",
        "partial-credentials",
    ),
    (
        f"[profile a]\n{_ROLE}credential_source = Ec2\n",
        "a",
        "credentials",
        "InvalidConfigError",
        "bad-value",
    ),
    ("[profile a]\nretry_mode = fast\n", "a", "client", "InvalidRetryModeError", "bad-value"),
    ("[profile a]\ndefaults_mode = fast\n", "a", "client", "InvalidDefaultsMode", "bad-value"),
    ("[profile a]\nmax_attempts = 3 # retries\n", "a", "client", "ValueError", "inline-comment"),
    (
        "[profile a]\nsts_regional_endpoints = global\n",
        "a",
        "client",
        "InvalidSTSRegionalEndpointsConfigError",
        "bad-value",
    ),
    ("[profile a]\nservices = gone\n", "a", "client", "InvalidConfigError", "dangling-reference"),
    ("[profile a]\nmax_attempts = 0\n", "a", "client", "InvalidMaxRetryAttemptsError", "bad-value"),
    (
        "[profile a]\nrequest_min_compression_size_bytes = 0\n",
        "a",
        "client",
        "InvalidConfigError",
        "bad-value",
    ),
    ("[profile a]\nregion\n", "a", "credentials", "ConfigParseError", "parse-error"),
]


@pytest.mark.parametrize(("config", "profile", "action", "error", "code"), _BOTOCORE_ERRORS)
def test_errors_are_botocores_errors(
    home: Home,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    profile: str,
    action: str,
    error: str,
    code: str,
) -> None:
    """Each error doctor predicts is one botocore 1.44.8 raises for the same file."""
    home.write(config=config, credentials="")
    result = home.strato("doctor", "--json")
    assert result.returncode == 1
    assert code in [f["code"] for f in json.loads(result.stdout) if f["severity"] == "error"]
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home.config_path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home.credentials_path))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = botocore.session.Session(profile=profile)
    expected = getattr(botocore.exceptions, error, ValueError)
    with pytest.raises(expected):
        if action == "credentials":
            session.get_credentials()
        else:
            session.create_client(
                "sts", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
            )


#: A credential_process: the Python running the tests prints its JSON (the path is filled in).
_PROCESS = "credential_process = {python} {home}/process.py\n"
_PROCESS_SCRIPT = (
    'print(\'{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "s"}\')\n'
)
_KEYS = "aws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n"


@pytest.mark.parametrize(
    ("config", "credentials", "ignored", "method"),
    [
        # keys in the credentials file: credential_process never runs
        (
            "[profile p]\n" + _PROCESS,
            "[p]\n" + _KEYS,
            "credential_process",
            "shared-credentials-file",
        ),
        # keys in the config file: credential_process comes first
        ("[profile p]\n" + _PROCESS + _KEYS, "", "aws_access_key_id", "custom-process"),
    ],
)
def test_never_used_source_is_the_one_botocore_skips(
    home: Home,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    credentials: str,
    ignored: str,
    method: str,
) -> None:
    """The warning names the source botocore 1.44.8 does not use for the profile."""
    home.write(config=config.format(python=sys.executable, home=home.root), credentials=credentials)
    (home.root / "process.py").write_text(_PROCESS_SCRIPT)
    result = home.strato("doctor", "--json")
    warned = [f["key"] for f in json.loads(result.stdout) if f["code"] == "conflicting-sources"]
    assert warned == [ignored]
    assert result.returncode == 0
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home.config_path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home.credentials_path))
    assert botocore.session.Session(profile="p").get_credentials().method == method


# --- generated clean configs: no error ------------------------------------------------

_WORDS = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda w: w[0] != "-"
)
_GOOD_VALUES: dict[str, st.SearchStrategy[str]] = {
    key: st.sampled_from(
        [v.upper() for v in enum.values] + list(enum.values) if enum.fold else list(enum.values)
    )
    for key, enum in lint.ENUMS.items()
    if "." not in key and key != "credential_source"
}
_GOOD_VALUES |= {
    key: st.integers(lint.INTEGER_RANGES.get(key, (0,))[0], 10_000).map(str)
    for key in lint.INTEGER_KEYS
    if "." not in key
}
_GOOD_VALUES |= {
    key: st.sampled_from(["true", "false", "True", "FALSE"])
    for key in lint.BOOLEAN_KEYS
    if "." not in key
}
_GOOD_VALUES |= {"region": st.sampled_from(["us-east-1", "eu-west-1", "ap-south-2"])}
_S3_VALUES = {
    "addressing_style": st.sampled_from(["auto", "virtual", "path"]),
    "use_accelerate_endpoint": st.sampled_from(["true", "false"]),
    "payload_signing_enabled": st.sampled_from(["true", "false"]),
    "us_east_1_regional_endpoint": st.sampled_from(["legacy", "regional"]),
}


_LOADER = botocore.session.Session().get_component("data_loader")


@st.composite
def clean_files(draw: st.DrawFn) -> tuple[str, str]:
    """A config and a credentials file of valid settings, keys and role links."""
    names = draw(st.lists(_WORDS, min_size=1, max_size=5, unique=True))
    config, credentials = [], []
    for i, name in enumerate(names):
        header = "[default]" if name == "default" else f"[profile {name}]"
        lines = [header]
        keys = draw(st.lists(st.sampled_from(sorted(_GOOD_VALUES)), unique=True, max_size=6))
        for key in keys:
            lines.append(f"{key} = {draw(_GOOD_VALUES[key])}")
        s3 = draw(st.lists(st.sampled_from(sorted(_S3_VALUES)), unique=True, max_size=3))
        if s3:
            lines.append("s3 =")
            lines += [f"  {k} = {draw(_S3_VALUES[k])}" for k in s3]
        if i > 0 and draw(st.booleans()):  # a role whose source is an earlier profile
            lines += [
                f"role_arn = arn:aws:iam::123456789012:role/{name}",
                f"source_profile = {names[draw(st.integers(0, i - 1))]}",
            ]
        elif draw(st.booleans()):
            credentials += [
                f"[{name}]",
                f"aws_access_key_id = AKID{i}",
                f"aws_secret_access_key = s{i}",
            ]
        if draw(st.booleans()):
            lines.insert(
                draw(st.integers(1, len(lines))), draw(st.sampled_from(["# note", "; x", ""]))
            )
        config += [*lines, ""]
    return "\n".join(config), "\n".join(credentials)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=clean_files())
def test_generated_clean_files_have_no_errors(tmp_path: Path, files: tuple[str, str]) -> None:
    config, credentials = files
    (tmp_path / "config").write_text(config)
    (tmp_path / "credentials").write_text(credentials)
    for path in ("config", "credentials"):
        os.chmod(tmp_path / path, 0o600)
    env = {
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
    }
    findings = lint.lint(env, home=str(tmp_path))
    assert [f for f in findings if f.severity == lint.ERROR] == [], config
    assert [f.code for f in findings if f.code != "credentials-override"] == [], config
    # botocore agrees: every profile makes a client without an error.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        for profile in botocore.session.Session().available_profiles:
            session = botocore.session.Session(profile=profile)
            session.register_component("data_loader", _LOADER)  # models parsed once
            session.create_client(
                "sts", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
            )
