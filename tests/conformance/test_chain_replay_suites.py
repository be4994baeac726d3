"""The smithy-rs and aws-sdk-kotlin credential-chain suites, replayed over loopback HTTP.

Per case, botocore 1.44.8 and strato run on the same files, environment, clock and
recording (see ``_chain_cases`` and ``_replayer``), and:

- strato hands out what botocore does (credentials, method, account id, expiry; or no
  credentials; or the same error, where a raw Python exception in botocore is a typed
  strato error carrying its text) and sends the same requests in the same order;
- strato meets the suite's expectation as upstream checks it (credential fields, an error
  for ``ErrorContains``, every recorded request made and nothing else, the IMDS token
  header), unless the case is in :data:`BOTOCORE_DIFFERS`: there botocore's run must
  really miss the expectation, with the result written down, and strato follows botocore.

``ErrorContains`` texts are the Rust/Kotlin SDKs' own wording; an error or no credentials
at all (botocore's answer where those SDKs raise "no provider enabled") meets them.
"""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ._chain_cases import (
    SUITES,
    Case,
    Outcome,
    Run,
    botocore_outcome,
    cases,
    digest,
    run,
    strato_outcome,
)
from ._replayer import Replayer

#: Request headers both libraries must send alike (user agents differ by design); the
#: secret ones are compared as digests.
COMPARED_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-sso_bearer_token",
    "x-aws-ec2-metadata-token",
    "x-aws-ec2-metadata-token-ttl-seconds",
)
_SECRET_HEADERS = frozenset({"x-amz-security-token", "x-amz-sso_bearer_token"})


@dataclass(frozen=True)
class Differs:
    """botocore's result on the case (see :func:`summary`) and why it is not the suite's."""

    botocore: str
    why: str


_IGNORES_AWS_REGION = (
    "botocore reads the region from AWS_DEFAULT_REGION only, not AWS_REGION: with no region "
    "in the profile its web-identity STS client calls the global endpoint sts.amazonaws.com, "
    "which the recording lacks (the replayer refuses it, hence the unparsable answer)"
)
_RETRIES_IMDS = (
    "botocore makes one IMDS attempt per request (metadata_service_num_attempts defaults to "
    "1): after the recorded 503 on the token PUT it falls back to an IMDSv1 GET without a "
    "token (refused), where the SDKs retry and succeed"
)
_TOKEN_403 = (
    "botocore reads a 403 on the token PUT as 'IMDSv2 unsupported' and tries IMDSv1 (refused) "
    "before giving up; the SDKs stop at the 403. Both end without credentials, here as "
    "botocore's error for credential_source Ec2InstanceMetadata"
)
_NO_SHELL = (
    "botocore splits credential_process into words and runs it without a shell, so "
    "'echo ... | base64 --decode' prints its arguments verbatim (not JSON); the SDKs run it "
    "through sh. botocore's raw JSONDecodeError is strato's MalformedCredentialsError"
)
_SSO_TOKEN_PROFILE = (
    "a profile with sso_session but no sso_account_id/sso_role_name is no credential source "
    "to botocore: its chain goes on to instance metadata (refused) and ends with no "
    "credentials, where the SDKs raise 'resolves an access token instead'"
)
#: Cases that botocore 1.44.8 resolves otherwise than the suite (strato follows botocore).
BOTOCORE_DIFFERS: dict[str, Differs] = {
    "smithy-rs/default-chain/environment_variables_blank": Differs(
        "credentials ' ' (env)",
        "botocore takes blank (whitespace) AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as keys; "
        "the SDKs treat them as unset and read the profile",
    ),
    "smithy-rs/default-chain/imds_default_chain_retries": Differs("no credentials", _RETRIES_IMDS),
    "smithy-rs/default-chain/imds_token_fail": Differs("CredentialRetrievalError", _TOKEN_403),
    "smithy-rs/default-chain/web_identity_token_env": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "smithy-rs/default-chain/web_identity_token_invalid_jwt": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "smithy-rs/default-chain/web_identity_token_profile": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "smithy-rs/default-chain/web_identity_token_source_profile": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "smithy-rs/profile-provider/credential_process": Differs("JSONDecodeError", _NO_SHELL),
    "smithy-rs/profile-provider/credential_process_account_id_fallback": Differs(
        "JSONDecodeError", _NO_SHELL
    ),
    "smithy-rs/profile-provider/invalid_sso_credentials_config": Differs(
        "no credentials", _SSO_TOKEN_PROFILE
    ),
    "smithy-rs/profile-provider/region_override": Differs(
        "ResponseParserError",
        "botocore ignores AWS_REGION (it reads AWS_DEFAULT_REGION), so the profile's "
        "region = us-east-1 picks sts.us-east-1; the recording has sts.us-east-2 (refused)",
    ),
    "smithy-rs/profile-provider/sso_token": Differs("no credentials", _SSO_TOKEN_PROFILE),
    "kotlin/default-chain/imds_default_chain_retries": Differs("no credentials", _RETRIES_IMDS),
    "kotlin/default-chain/imds_token_fail": Differs("CredentialRetrievalError", _TOKEN_403),
    "kotlin/default-chain/prefer_system_properties": Differs(
        "credentials 'incorrect_key' (env)",
        "JVM system properties (aws.accessKeyId) have no botocore counterpart: the "
        "environment's keys win",
    ),
    "kotlin/default-chain/web_identity_token_env": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "kotlin/default-chain/web_identity_token_invalid_jwt": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "kotlin/default-chain/web_identity_token_profile": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
    "kotlin/default-chain/web_identity_token_source_profile": Differs(
        "ResponseParserError", _IGNORES_AWS_REGION
    ),
}

#: urllib3 warns that the frozen clock (2009-2022) is "way off"; the test CA is valid then.
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.SystemTimeWarning")

ALL_CASES = [case for suite in SUITES for case in cases(suite)]


@pytest.fixture(scope="module")
def replayer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replayer]:
    server = Replayer(tmp_path_factory.mktemp("replayer"))
    yield server
    server.close()


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_case(case: Case, replayer: Replayer, tmp_path: Path) -> None:
    theirs = run(case, botocore_outcome, replayer, tmp_path / "root")
    mine = run(case, strato_outcome, replayer, tmp_path / "root")
    assert not theirs.protocol_errors and not mine.protocol_errors
    assert_same_outcome(mine.outcome, theirs.outcome)
    assert requests(mine) == requests(theirs), "strato's requests are not botocore's"
    differs = BOTOCORE_DIFFERS.get(case.id)
    if differs is None:
        assert suite_problems(case, mine) == []
    else:
        assert suite_problems(case, theirs), "botocore meets the suite: drop the entry"
        assert summary(theirs.outcome) == differs.botocore


def test_listed_differences_are_cases() -> None:
    assert set(BOTOCORE_DIFFERS) <= {case.id for case in ALL_CASES}


def assert_same_outcome(mine: Outcome, theirs: Outcome) -> None:
    """Equal, except that errors compare by class and message prefix (strato adds where),
    and a raw Python exception in botocore must be a typed strato error with its text."""
    if theirs.kind != "error" or mine.kind != "error":
        assert mine == theirs
        return
    assert mine.error is not None and theirs.error is not None
    if theirs.typed:
        assert mine.error.startswith(theirs.error), f"{mine.error!r} vs {theirs.error!r}"
    else:
        assert mine.typed, f"strato let a raw exception out: {mine.error}"
        raw_text = theirs.error.partition(": ")[2]
        assert raw_text in mine.error, f"{mine.error!r} lacks botocore's {raw_text!r}"


def requests(result: Run) -> list[tuple[Any, ...]]:
    """What the replayer saw, with secret headers and bodies (web identity tokens) digested."""
    return [
        (
            seen.answered,
            seen.target,
            {
                name: digest(value) if name in _SECRET_HEADERS else value
                for name in COMPARED_HEADERS
                if (value := seen.headers.get(name)) is not None
            },
            digest(seen.body),
        )
        for seen in result.seen
    ]


def suite_problems(case: Case, result: Run) -> list[str]:
    """How ``result`` misses the case's expectation, by upstream's rules."""
    problems = []
    expected = case.expected
    outcome = result.outcome
    if "Ok" in expected:
        if outcome.kind != "credentials":
            problems.append(f"expected credentials, got {summary(outcome)}")
        else:
            want = _expected_fields(case)
            wrong = [name for name, value in want.items() if getattr(outcome, name) != value]
            if wrong:
                problems.append(f"credentials differ in {wrong} (got {summary(outcome)})")
    elif outcome.kind == "credentials":
        problems.append(f"expected an error ({expected['ErrorContains']!r}), got credentials")
    problems += [f"refused {seen.target}" for seen in result.seen if not seen.answered]
    problems += [f"never asked for {exchange.target}" for exchange in result.unplayed]
    answered = [seen for seen in result.seen if seen.answered]
    for exchange, seen in zip(case.traffic, answered, strict=False):
        token = exchange.headers.get("x-aws-ec2-metadata-token")
        if token is not None and seen.headers.get("x-aws-ec2-metadata-token") != token:
            problems.append(f"{seen.target} without the recorded IMDS token")
    return problems


def _expected_fields(case: Case) -> dict[str, Any]:
    """smithy-rs compares every field (absent means None); aws-sdk-kotlin spells the
    account ``accountId`` and compares the expiry only when the case gives one."""
    ok = case.expected["Ok"]
    fields = {
        "access_key": ok["access_key_id"],
        "secret_key": digest(ok["secret_access_key"]),
        "token": digest(ok.get("session_token")),
        "account_id": ok.get("accountId" if case.suite.kotlin else "account_id"),
    }
    if not case.suite.kotlin or "expiry" in ok:
        fields["expiry"] = ok.get("expiry")
    return fields


def summary(outcome: Outcome) -> str:
    """A stable, secret-free line: ``credentials AKID (method)``, ``no credentials``, or
    the error class."""
    if outcome.kind == "credentials":
        return f"credentials {outcome.access_key!r} ({outcome.method})"
    if outcome.kind == "none":
        return "no credentials"
    return (outcome.error or "").partition(":")[0]


def test_replayer_serves_in_order_and_refuses_the_rest(replayer: Replayer) -> None:
    """Over TLS with the recorded host name: the recorded request is answered, a request the
    recording does not expect next is refused and kept, and the unplayed rest is reported."""
    case = next(c for c in ALL_CASES if c.id == "smithy-rs/profile-provider/retry_on_error")
    replayer.play(case.traffic)
    context = ssl.create_default_context(cafile=str(replayer.ca_file))
    with replayer.routing():
        first = http.client.HTTPSConnection("sts.us-east-1.amazonaws.com", context=context)
        first.request("POST", "/", body=b"Action=AssumeRole")
        assert first.getresponse().status == 503  # the recorded answer
        first.close()
        other = http.client.HTTPSConnection("sts.us-east-2.amazonaws.com", context=context)
        other.request("POST", "/")
        assert other.getresponse().status == 599
        other.close()
    assert [(s.answered, s.target) for s in replayer.seen()] == [
        (True, "POST https://sts.us-east-1.amazonaws.com/"),
        (False, "POST https://sts.us-east-2.amazonaws.com/"),
    ]
    assert [e.target for e in replayer.unplayed()] == ["POST https://sts.us-east-1.amazonaws.com/"]
