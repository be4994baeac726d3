"""smithy-rs's assume-role suite (tests/data/conformance/smithy-rs-aws-config/
assume-role-tests.json) replayed through strato and botocore against moto.

Each case is a profile map and either a ``ProfileChain`` (a base source, then the roles
assumed, innermost first) or an ``Error``. A chain is checked on the STS requests the
proxy saw (which role, which session name and external id, which key signed the first
call) or, for a named source that needs a real instance, on the plan. Every case is
also run through botocore, and strato must do what botocore does; cases botocore
resolves differently from the suite are listed in :data:`BOTOCORE_DIFFERS` with
botocore's result, which the test asserts instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance._isolation import Home
from emulators.recorder import Recorder
from strato.config.files import load_config_file
from strato.credentials.plan import plan_roles

from ._roles import Observed, both, sts

__all__ = ["sts"]  # the fixture

SUITE = (
    Path(__file__).parent.parent
    / "data"
    / "conformance"
    / "smithy-rs-aws-config"
    / "assume-role-tests.json"
)
CASES: list[dict[str, Any]] = json.loads(SUITE.read_text())
#: The suite's token path, relocated into the test's home (the file must exist).
SUITE_TOKEN = "/var/token.jwt"

#: Cases botocore resolves differently from the suite: botocore's result, and why.
BOTOCORE_DIFFERS: dict[str, tuple[Any, str]] = {
    "profile only contains configuration": (
        None,
        "botocore has no error for a profile without credentials: the chain goes on "
        "(container, IMDS) and ends with None",
    ),
    "invalid SSO token configuration: sso_region must be in sso-session": (
        None,
        "botocore's SSO credential provider needs sso_role_name or sso_account_id; "
        "without them it passes, and nothing else answers",
    ),
    "SSO token profile selected": (
        None,
        "a profile with only sso_session configures a token provider, not credentials, "
        "in botocore: the credential chain ends with None",
    ),
    "invalid SSO token configuration: sso-session not found": (
        None,
        "botocore checks the sso-session reference only when the SSO credential "
        "provider is triggered (sso_role_name / sso_account_id), so it passes",
    ),
}


def _config(case: dict[str, Any], token: Path) -> str:
    lines = []
    for name, values in case["input"]["profiles"].items():
        lines.append("[default]" if name == "default" else f"[profile {name}]")
        lines += [f"{k} = {str(v).replace(SUITE_TOKEN, str(token))}" for k, v in values.items()]
    for name, values in case["input"].get("sso_sessions", {}).items():
        lines.append(f"[sso-session {name}]")
        lines += [f"{k} = {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def _summary(observed: Observed) -> Any:
    got = observed.credentials
    return getattr(got, "name", None) or (got and got["method"])


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['docs']}" for i, c in enumerate(CASES)])
def test_case(case: dict[str, Any], home: Home, sts: Recorder) -> None:
    token = home.root / "token.jwt"
    token.write_text("SUITE-JWT")
    home.write_config(_config(case, token))
    expected = case["output"]
    # SSO needs a signed-in token cache: its credentials are compared unread.
    sso = "Sso" in expected.get("ProfileChain", [{}])[0]
    reference, ours = both(
        home, sts, kwargs={"profile_name": case["input"]["selected_profile"]}, reads=0 if sso else 1
    )
    if case["docs"] in BOTOCORE_DIFFERS:
        botocore_result, _ = BOTOCORE_DIFFERS[case["docs"]]
        assert _summary(reference) == botocore_result
        return
    if "Error" in expected:
        assert ours.credentials.family == "strato", ours.credentials
        return
    chain = expected["ProfileChain"]
    base, roles = chain[0], chain[1:]
    if "NamedSource" in base:
        # Needs an instance or a container: checked on the plan, without network.
        profiles = load_config_file(str(home.config)).profiles
        plan = plan_roles(case["input"]["selected_profile"], profiles)
        assert plan.source.name == base["NamedSource"]
        assert [hop.role_arn for hop in reversed(plan.hops)] == [
            r["AssumeRole"]["role_arn"] for r in roles
        ]
        return
    if sso:
        assert ours.credentials["method"] == "sso" and not ours.requests
        return
    requests = ours.requests
    calls = []
    if "WebIdentityToken" in base:
        web = base["WebIdentityToken"]
        action, params, signer = _unpack(requests[0])
        assert action == "AssumeRoleWithWebIdentity" and signer is None
        assert params["RoleArn"] == web["role_arn"]
        assert params["WebIdentityToken"] == "SUITE-JWT"
        if "role_session_name" in web:
            assert params["RoleSessionName"] == web["role_session_name"]
        calls.append(requests[0])
        requests = requests[1:]
    else:
        assert _unpack(requests[0])[2] == base["AccessKey"]["access_key_id"]
    assert len(requests) == len(roles)
    for request, role in zip(requests, roles, strict=True):
        action, params, _ = _unpack(request)
        wanted = role["AssumeRole"]
        assert action == "AssumeRole" and params["RoleArn"] == wanted["role_arn"]
        for key, param in (("role_session_name", "RoleSessionName"), ("external_id", "ExternalId")):
            if key in wanted:
                assert params[param] == wanted[key]
    assert ours.credentials["method"] == (
        "assume-role" if roles else "assume-role-with-web-identity"
    )


def _unpack(request: tuple[Any, ...]) -> tuple[str, dict[str, str], str | None]:
    params = dict(request[2])
    return params["Action"], params, request[3]


def test_listed_differences_are_cases_of_the_suite() -> None:
    names = {case["docs"] for case in CASES}
    assert set(BOTOCORE_DIFFERS) <= names
    assert len(CASES) - len(BOTOCORE_DIFFERS) == 24  # cases held to the suite's expectation
