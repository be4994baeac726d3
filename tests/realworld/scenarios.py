"""The vendored examples: how to run each against moto, which test suites run under pytest,
and where strato still differs from boto3.

KNOWN and KNOWN_SUITES hold, per entry, the first difference strato shows (the piece of
issue 11 it belongs to): those tests are strict expected failures, so one fails loudly once
strato behaves as boto3 does there, and its entry must go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: A call made with boto3 before each run: (service, operation, parameters).
Setup = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class Scenario:
    """One example program, run as ``python SCRIPT ARGS`` in its directory with ``stdin``
    (``{home}`` in it is the run's own home directory)."""

    directory: str
    script: str
    args: tuple[str, ...] = ()
    stdin: str = ""
    region: str = "us-east-1"
    setup: tuple[Setup, ...] = ()
    #: (pattern, replacement) for output that varies run to run beyond moto's ids.
    extra: tuple[tuple[str, str], ...] = ()
    slow: bool = False
    name: str = field(default="")

    @property
    def id(self) -> str:
        return self.name or f"{self.directory}/{self.script}".replace("/", ".").removesuffix(".py")


#: S3 refuses LocationConstraint us-east-1, which the S3 examples send from the session's region.
_S3_REGION = "us-west-2"
_IN_S3_REGION = {"CreateBucketConfiguration": {"LocationConstraint": _S3_REGION}}
_SECRETS = (
    (
        "secretsmanager",
        "create_secret",
        {"Name": "mySecret1", "SecretString": '{"username": "one"}'},
    ),
    (
        "secretsmanager",
        "create_secret",
        {"Name": "mySecret2", "SecretString": '{"username": "two"}'},
    ),
)

SCENARIOS = (
    Scenario("s3/s3_basics", "hello.py"),
    Scenario(
        "s3/s3_basics",
        "demo_bucket_basics.py",
        args=("amzn-s3-demo-realworld", _S3_REGION),
        region=_S3_REGION,
    ),
    Scenario("s3/s3_basics", "bucket_wrapper.py", region=_S3_REGION),
    Scenario("s3/s3_basics", "object_wrapper.py", region=_S3_REGION),
    Scenario(
        "s3/s3_basics",
        "scenario_getting_started.py",
        stdin="hello.py\ny\ny\ny\n",
        region=_S3_REGION,
    ),
    Scenario(
        "s3/s3_basics",
        "presigned_url.py",
        args=("amzn-s3-demo-presign", "greeting.txt", "get"),
        region=_S3_REGION,
        setup=(
            ("s3", "create_bucket", {"Bucket": "amzn-s3-demo-presign", **_IN_S3_REGION}),
            (
                "s3",
                "put_object",
                {"Bucket": "amzn-s3-demo-presign", "Key": "greeting.txt", "Body": b"hi"},
            ),
        ),
        # Signed a second or two apart, for another expiry: strato's tests compare signatures.
        extra=((r"Signature=[^&\s]+", "Signature=<sig>"), (r"Expires=\d+", "Expires=<t>")),
    ),
    Scenario(
        "s3/file_transfer",
        "demo_file_transfer.py",
        stdin="{home}\namzn-s3-demo-transfer\n" + "y\n" * 8,
        region=_S3_REGION,
        setup=(("s3", "create_bucket", {"Bucket": "amzn-s3-demo-transfer", **_IN_S3_REGION}),),
        # Which thread moved how much is the scheduler's choice, the key os.urandom's, and time.
        extra=(
            (r"Used \d+ threads\.\n(?:    Thread \d+ copied \d+ bytes\.\n)+", "<threads>\n"),
            (r"sse_key\s*: b.*", "sse_key: <random>"),
            (r"took \d+\.\d+ seconds", "took <elapsed>"),
        ),
    ),
    Scenario("s3/s3_versioning", "versioning.py", region=_S3_REGION),
    Scenario(
        "s3/scenarios/conditional_requests",
        "scenario.py",
        stdin="demo-cond\n1\n2\n1\n2\n2\n2\n4\n3\n1\ncopied.txt\n3\n2\ncopied2.txt\n4\nnew.txt\n4\nnew.txt\n1\n5\n",
    ),
    Scenario("dynamodb/hello", "hello_dynamodb.py"),
    Scenario("dynamodb/batching", "dynamo_batching.py"),
    Scenario("dynamodb/partiql", "scenario_partiql_single.py"),
    Scenario("dynamodb/partiql", "scenario_partiql_batch.py"),
    Scenario("sqs", "queue_wrapper.py"),
    Scenario("sqs", "message_wrapper.py"),
    Scenario("sns", "sns_basics.py", stdin="\n\n"),
    Scenario("sns", "sns_fifo_topic.py", stdin="\n\n"),
    Scenario("iam/hello", "hello_iam.py"),
    Scenario("iam", "scenario_create_user_assume_role.py"),
    Scenario("iam", "policy_wrapper.py"),
    Scenario("iam", "group_wrapper.py"),
    Scenario("iam", "account_wrapper.py", stdin="y\ny\ny\ny\ny\n"),
    Scenario("sts", "session_token.py", stdin="123456\n654321\n123456\n"),
    Scenario("sts", "assume_role_mfa.py", stdin="123456\n654321\n123456\n"),
    Scenario("iam", "user_wrapper.py", region=_S3_REGION),
    Scenario("ec2/hello", "hello_ec2.py"),
    Scenario("lambda/hello", "hello_lambda.py"),
    Scenario("secretsmanager", "scenario_get_secret.py", setup=_SECRETS),
    Scenario("secretsmanager", "scenario_get_batch_secrets.py", setup=_SECRETS),
)

#: Example directories whose ``test/`` suite runs (stubbed; ``integ`` tests deselected).
SUITES = (
    "s3/s3_basics",
    "s3/s3_versioning",
    "s3/file_transfer",
    "dynamodb/GettingStarted",
    "dynamodb/batching",
    "dynamodb/partiql",
    "sqs",
    "sns",
    "iam",
    "sts",
    "lambda",
)

#: Scenario id -> how strato's run still differs from boto3's.
KNOWN: dict[str, str] = {}

#: Suite directory -> how strato's run still differs from boto3's.
KNOWN_SUITES: dict[str, str] = {
    # demo_tools.custom_waiter: client.meta.events.register("after-call.lambda", ...).
    "lambda": (
        "no event emitter (compatibility.md, Event handlers): client.meta.events is absent, "
        "so demo_tools.custom_waiter fails (AttributeError) in 7 of 55 tests"
    ),
}
