"""The chain skips a remote provider without importing it only when the provider itself
would have found nothing and said nothing (strato.credentials.providers._TRIGGERS)."""

from __future__ import annotations

import importlib
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from strato.config.files import ConfigFile
from strato.config.ini import Section
from strato.credentials import providers
from strato.credentials.plan import CHAIN_ORDER, ChainPlan, ImdsSettings

#: Every key some profile provider looks at, and a few it does not.
KEYS = (
    "web_identity_token_file",
    "role_arn",
    "role_session_name",
    "sso_role_name",
    "sso_account_id",
    "sso_start_url",
    "sso_region",
    "sso_session",
    "login_session",
    "credential_process",
    "aws_access_key_id",
    "aws_secret_access_key",
    "region",
)
ENV = ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME")


@settings(max_examples=150, deadline=None)
@given(
    keys=st.sets(st.sampled_from(KEYS)),
    env=st.sets(st.sampled_from(ENV)),
    env_disabled=st.booleans(),
    profile_exists=st.booleans(),
    method=st.sampled_from(sorted(providers._TRIGGERS)),
)
def test_a_skipped_provider_would_have_found_nothing_and_noted_nothing(
    keys: set[str], env: set[str], env_disabled: bool, profile_exists: bool, method: str
) -> None:
    values: dict[str, str | dict[str, str]] = {key: f"/nonexistent/{key}" for key in keys}
    section = Section("p", 1, values, {key: f"config:1 [{key}]" for key in keys})  # type: ignore[misc]
    config = ConfigFile(profiles={"p": section} if profile_exists else {})
    ctx = providers.Context({name: "/nonexistent/env" for name in env}, lambda: config)
    imds = ImdsSettings("http://169.254.169.254/", 1, 1, False)
    plan = ChainPlan("p", CHAIN_ORDER, "creds", "config", env_disabled, imds)
    idle = providers._idle(method, plan, ctx)
    if not idle:
        return
    module = importlib.import_module(f"strato.credentials.{providers._MODULES[method]}")
    assert module.provide(plan, ctx) is None
    assert ctx.trail == []


def test_a_source_profile_with_static_keys_imports_no_other_profile_provider(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """Resolving an assume-role profile whose source has static keys loads neither the
    web identity, SSO, login nor process provider."""
    (tmp_path / "config").write_text(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = SKBASE\n"
    )
    code = (
        "import sys, strato; s = strato.Session(profile_name='role'); c = s.get_credentials(); "
        "print(c.method); print(sorted(m for m in sys.modules if m in "
        "('strato.credentials.web_identity', 'strato.credentials.sso', "
        "'strato.credentials.login', 'strato.credentials.process')))"
    )
    env = {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[:2] == ["assume-role", "[]"]
