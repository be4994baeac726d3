"""pyperf benchmarks of clients in a warm process: the next client, per-call
overhead, signing; strato and boto3. (Fresh processes: bench/first_answer.py.)

Run through ``bench/run.py``; ``--port`` names a running bench/canned_server.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pyperf

ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


#: The object ``put_object`` sends (the canned server answers ``get_object`` with 1 KiB too).
OBJECT = bytes(range(256)) * 4

#: One request as the transport is given it: method, URL, headers, body, stream.
Request = tuple[str, str, dict[str, str], bytes, bool]


def sts_call(client: Any) -> Callable[[], object]:
    return client.get_caller_identity  # type: ignore[no-any-return]


def s3_calls(client: Any) -> Callable[[], object]:
    """A 1 KiB ``put_object`` and a ``get_object`` read whole."""

    def put_get() -> bytes:
        client.put_object(Bucket="bench", Key="k", Body=OBJECT)
        body: bytes = client.get_object(Bucket="bench", Key="k")["Body"].read()
        return body

    return put_get


def captured(call: Callable[[], object], transport: Any) -> list[Request]:
    """The requests one ``call`` gives strato's ``transport`` (a body is kept as the bytes
    it sends)."""
    sent: list[Request] = []
    send = transport.send

    def capture(method: str, url: str, headers: Any, body: Any, stream: bool = False) -> Any:
        data = body if isinstance(body, bytes) else body.read()
        sent.append((method, url, dict(headers), data, stream))
        return send(method, url, headers, data, stream)

    transport.send = capture
    try:
        call()
    finally:
        del transport.send
    return sent


def replay(transport: Any, sent: list[Request]) -> Callable[[], None]:
    """Send ``sent`` again through ``transport``, reading each answer whole (a body that
    is not streamed is read by the transport)."""

    def send_all() -> None:
        for method, url, headers, body, stream in sent:
            answer = transport.send(method, url, headers, body, stream)
            if stream:
                answer.raw.read()

    return send_all


def main() -> None:
    runner = pyperf.Runner(add_cmdline_args=lambda cmd, args: cmd.extend(("--port", args.port)))
    runner.argparser.add_argument("--port", required=True)
    args = runner.parse_args()
    os.environ.clear()
    os.environ.update(ENV | {"HOME": "/nonexistent"})
    endpoint = f"http://127.0.0.1:{args.port}"

    import boto3
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials

    import strato
    from strato.signing import SigningRequest, sign_v4

    sessions = {"strato": strato.Session(), "boto3": boto3.Session()}
    for service in ("s3", "sts"):
        for lib, session in sessions.items():
            session.client(service)
            runner.bench_func(f"client next {lib} {service}", session.client, service)

    calls = {
        (lib, "get_caller_identity"): sts_call(session.client("sts", endpoint_url=endpoint))
        for lib, session in sessions.items()
    } | {
        (lib, "s3 put_object+get_object"): s3_calls(session.client("s3", endpoint_url=endpoint))
        for lib, session in sessions.items()
    }
    for (lib, name), call in calls.items():
        call()
        runner.bench_func(f"call {lib} {name}", call)
    # Each floor sends the very bytes strato's client sends (same headers, so the
    # server's own header parsing is in the floor too), captured from one call, through
    # the transport a strato call uses, on its own pooled connection: no serializing,
    # signing or parsing.
    for name, make in (("get_caller_identity", sts_call), ("s3 put_object+get_object", s3_calls)):
        service = "s3" if name.startswith("s3") else "sts"
        client = strato.Session().client(service, endpoint_url=endpoint)
        call = make(client)
        call()  # the transport is made by the first call
        sent = captured(call, client._transport)
        runner.bench_func(f"call transport floor {name}", replay(client._transport, sent))

    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    url = "https://sts.us-east-1.amazonaws.com/"
    creds = botocore.credentials.ReadOnlyCredentials("AKIDEXAMPLE", "secret", None)

    def sign_botocore() -> None:
        request = botocore.awsrequest.AWSRequest("POST", url, data=form, headers=dict(headers))
        botocore.auth.SigV4Auth(creds, "sts", "us-east-1").add_auth(request)

    def sign_strato() -> None:
        sign_v4(SigningRequest("POST", url, dict(headers), form), creds, "us-east-1", "sts")

    runner.bench_func("sign strato sigv4", sign_strato)
    runner.bench_func("sign boto3 sigv4", sign_botocore)


if __name__ == "__main__":
    main()
