"""STS answering errors or garbage, or not there at all: the role's first read ends, in
bounded time, with the same exception and the same number of attempts as botocore."""

from __future__ import annotations

import socket
import time

import pytest

from conformance._isolation import Home
from emulators.recorder import Answer, recording

from ._roles import Raised, observe

_CONFIG = (
    "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n"
    "[profile b]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s\n"
)
_INTERNAL = Answer(
    500,
    b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
    b"<Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error>"
    b"<RequestId>r</RequestId></ErrorResponse>",
)
_DENIED = Answer(
    403,
    b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
    b"<Type>Sender</Type><Code>AccessDenied</Code><Message>not you</Message></Error>"
    b"<RequestId>r</RequestId></ErrorResponse>",
)
_GARBAGE = Answer(200, b"\x00\xffnot xml at all")
#: Two attempts and no long back-off, the same for both libraries.
_RETRIES = {
    "AWS_RETRY_MODE": "standard",
    "AWS_MAX_ATTEMPTS": "2",
    "AWS_DEFAULT_REGION": "us-east-1",
}
#: A hang guard, not a performance figure: the calls here take well under a second.
_BOUND_SECONDS = 60.0


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (_INTERNAL, "ClientError"),
        (_DENIED, "ClientError"),
        (_GARBAGE, "ResponseParserError"),
    ],
    ids=["500", "403", "garbage"],
)
def test_sts_errors_end_alike(home: Home, answer: Answer, error: str) -> None:
    home.write_config(_CONFIG)
    with recording() as sts:
        env = {**home.env, **_RETRIES, "AWS_ENDPOINT_URL_STS": sts.url, "AWS_PROFILE": "a"}
        seen = []
        for library in ("botocore", "strato"):
            sts.script[:] = [answer] * 4
            started = time.monotonic()
            seen.append(observe(library, sts, env))
            assert time.monotonic() - started < _BOUND_SECONDS
    reference, ours = seen
    assert isinstance(reference.credentials, Raised) and isinstance(ours.credentials, Raised)
    assert (ours.credentials.name, ours.credentials.message) == (
        reference.credentials.name,
        reference.credentials.message,
    )
    assert ours.credentials.name == error
    assert ours.requests == reference.requests
    # A server error is retried (two attempts); a refusal or an unparsable 200 is not.
    assert len(ours.requests) == (2 if answer is _INTERNAL else 1)


def test_sts_not_listening(home: Home) -> None:
    home.write_config(_CONFIG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    seen = []
    with recording() as unused:
        env = {**home.env, **_RETRIES, "AWS_ENDPOINT_URL_STS": dead, "AWS_PROFILE": "a"}
        for library in ("botocore", "strato"):
            started = time.monotonic()
            seen.append(observe(library, unused, env))
            assert time.monotonic() - started < _BOUND_SECONDS
    reference, ours = seen
    assert isinstance(ours.credentials, Raised) and ours.credentials.family == "strato"
    assert (ours.credentials.name, ours.credentials.message) == (
        reference.credentials.name,
        reference.credentials.message,
    )
    assert ours.credentials.name == "EndpointConnectionError"
