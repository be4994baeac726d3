"""pyperf benchmarks of clients: creation, per-call overhead, signing; strato and boto3.

Run through ``bench/run.py``; ``--port`` names a running bench/canned_server.py.
"""

from __future__ import annotations

import os
import sys

import pyperf

ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def cold_client_code(lib: str, service: str) -> str:
    env = ENV | {"HOME": "/nonexistent"}
    return (
        f"import os; os.environ.clear(); os.environ.update({env!r}); "
        f"import {lib}; {lib}.Session().client({service!r})"
    )


def rss_code(lib: str | None) -> str:
    """Prints the resident set size (KiB) after importing ``lib`` and making one client."""
    env = ENV | {"HOME": "/nonexistent"}
    work = f"import {lib}; c = {lib}.Session().client('s3'); " if lib else ""
    return (
        f"import os; os.environ.clear(); os.environ.update({env!r}); {work}"
        "print([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])"
    )


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

    for service in ("s3", "sts"):
        for lib in ("strato", "boto3"):
            runner.bench_command(
                f"client first {lib} {service}",
                [sys.executable, "-c", cold_client_code(lib, service)],
            )
    sessions = {"strato": strato.Session(), "boto3": boto3.Session()}
    for service in ("s3", "sts"):
        for lib, session in sessions.items():
            session.client(service)
            runner.bench_func(f"client next {lib} {service}", session.client, service)

    clients = {
        "strato": strato.Session().client("sts", endpoint_url=endpoint),
        "boto3": boto3.Session().client("sts", endpoint_url=endpoint),
    }
    for lib, client in clients.items():
        client.get_caller_identity()
        runner.bench_func(f"call {lib} get_caller_identity", client.get_caller_identity)
    # The floor sends the very bytes a client sends (same headers, so the server's own
    # header parsing is in the floor too), captured from one strato call.
    sent: dict[str, object] = {}
    transport = clients["strato"]._transport
    send = transport.send

    def capture(method: str, url: str, headers: dict[str, str], body: bytes, **kw: object):  # type: ignore[no-untyped-def]
        sent.update(url=url, headers=dict(headers), body=body)
        return send(method, url, headers, body, **kw)

    transport.send = capture
    clients["strato"].get_caller_identity()
    transport.send = send
    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    # The lean floor: those bytes through the transport a strato call uses, on its own
    # pooled connection (no serializing, signing or parsing).
    floor_client = strato.Session().client("sts", endpoint_url=endpoint)
    floor_client.get_caller_identity()  # the transport is made by the first call
    floor = floor_client._transport
    runner.bench_func(
        "call transport floor",
        lambda: floor.send("POST", sent["url"], sent["headers"], sent["body"]).body,
    )

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
