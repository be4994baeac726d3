"""Named cases, each run under botocore's Stubber and strato's: the handlers a stubbed call
still passes through (or skips), activation, and what is never sent or signed."""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Callable
from typing import Any

import botocore.config
import botocore.session
import botocore.stub
import pytest

import strato
import strato.stub

from ._both import ANY_MARK, assert_same, error_view
from .conftest import REGION

Pair = Callable[..., Any]
KEYS = {"aws_access_key_id": "AKIDSTUB", "aws_secret_access_key": "stub-secret"}


def _each(pair: Pair, service: str, run: Callable[[Any, Any, Any], Any], **kwargs: Any) -> Any:
    """``run(client, Stubber, ANY)`` for each library; its result or its error, compared."""
    boto, mine = pair(service, **kwargs)
    seen = []
    for client, module in ((boto, botocore.stub), (mine, strato.stub)):
        try:
            seen.append(run(client, module.Stubber, module.ANY))
        except Exception as error:
            seen.append(error_view(error))
    assert seen[1] == seen[0]
    return seen[0]


def test_s3_listing_keys_are_decoded_and_encoding_type_is_not_expected(pair: Pair) -> None:
    """The client asks S3 for URL-encoded keys after the expected parameters were checked,
    and decodes the stubbed answer's keys (in place: the same object is returned)."""
    boto, mine = pair("s3")
    response = {
        "Contents": [{"Key": "a%20b+c", "Size": 1}],
        "EncodingType": "url",
        "Prefix": "p%2F",
        "IsTruncated": False,
    }
    seen = assert_same(
        boto,
        mine,
        [
            ("add_response", "list_objects_v2", response, {"Bucket": "bkt", "Prefix": "p/"}),
            ("call", "list_objects_v2", {"Bucket": "bkt", "Prefix": "p/"}),
        ],
    )
    assert seen[1][1]["Contents"][0]["Key"] == "a b c" and seen[1][2] is True


def test_s3_upload_expected_params_are_the_callers_and_the_body_is_not_read(pair: Pair) -> None:
    """SSE-C's key digest and the body's checksum are never added to what is compared, and
    a stream body is left where it was (nothing is sent)."""

    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        body = io.BytesIO(b"0123456789")
        body.seek(3)
        params = {"Bucket": "bkt", "Key": "k", "Body": body, "SSECustomerKey": "k" * 32}
        params["SSECustomerAlgorithm"] = "AES256"
        with stubber_class(client) as stubber:
            stubber.add_response("put_object", {"ETag": '"e"'}, {**params, "Body": any_value})
            result = client.put_object(**params)
        return result, body.tell(), sorted(params)

    assert _each(pair, "s3", run)[1] == 3


def test_presigned_urls_rds_is_not_signed_while_stubbed(pair: Pair) -> None:
    """RDS's cross-region presigned URL (a before-call handler) is not made: no
    credentials are needed."""
    params = {
        "SourceDBSnapshotIdentifier": "arn:aws:rds:us-west-2:123456789012:snapshot:s",
        "TargetDBSnapshotIdentifier": "t",
        "SourceRegion": "us-west-2",
    }
    boto, mine = pair("rds")
    assert_same(
        boto,
        mine,
        [
            ("add_response", "copy_db_snapshot", {}, None),
            ("call", "copy_db_snapshot", params),
            ("pending",),
        ],
    )


@pytest.mark.parametrize("mode", ["required", "preferred", "disabled"])
def test_the_account_id_is_hidden_from_endpoint_rules(mode: str) -> None:
    """botocore's Stubber sets the account-id built-in to None: 'required' then fails even
    with an account id given, and no credentials are resolved for it."""
    kwargs: dict[str, Any] = {"region_name": REGION, "aws_account_id": "123456789012", **KEYS}
    boto = botocore.session.Session().create_client(
        "dynamodb", config=botocore.config.Config(account_id_endpoint_mode=mode), **kwargs
    )
    mine = strato.Session().client(
        "dynamodb", config=strato.Config(account_id_endpoint_mode=mode), **kwargs
    )
    seen = assert_same(
        boto,
        mine,
        [
            ("add_response", "list_tables", {"TableNames": ["tbl"]}, None),
            ("call", "list_tables", {}),
        ],
    )
    assert (seen[1][0] == "raised") is (mode == "required")


def test_deactivate_sends_again(pair: Pair) -> None:
    """After ``deactivate`` a call is signed and sent: with no credentials, both refuse."""
    boto, mine = pair("sts")
    for client, module in ((boto, botocore.stub), (mine, strato.stub)):
        stubber = module.Stubber(client)
        stubber.activate()
        stubber.add_response("get_caller_identity", {"Account": "1"})
        assert client.get_caller_identity() == {"Account": "1"}
        stubber.deactivate()
        with pytest.raises(Exception) as raised:
            client.get_caller_identity()
        assert type(raised.value).__name__ == "NoCredentialsError"
        assert str(raised.value) == "Unable to locate credentials"


def test_a_second_stubber_on_a_client_shares_the_first_ones_slots(pair: Pair) -> None:
    """botocore registers by unique id: the second stubber's activation is ignored, its
    deactivation removes the first one's steps."""

    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        first, second = stubber_class(client), stubber_class(client)
        first.activate()
        second.activate()
        first.add_response("list_buckets", {"Buckets": []})
        second.add_response("list_buckets", {"Buckets": [{"Name": "second"}]})
        answered = client.list_buckets()
        second.deactivate()
        try:
            client.list_buckets()
            after = "sent"
        except Exception as error:
            after = type(error).__name__
        first.activate()
        first.add_response("list_buckets", {"Buckets": [{"Name": "again"}]})
        again = client.list_buckets()
        first.deactivate()
        return answered, after, again

    assert _each(pair, "s3", run)[1] == "NoCredentialsError"


def test_activation_twice_and_deactivation_without_activation(pair: Pair) -> None:
    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        stubber = stubber_class(client)
        stubber.deactivate()
        stubber.activate()
        stubber.activate()
        stubber.add_response("get_caller_identity", {"Account": "1"})
        stubber.add_response("get_caller_identity", {"Account": "2"})
        with stubber as entered:
            answers = [client.get_caller_identity(), client.get_caller_identity()]
        return answers, entered is stubber

    _each(pair, "sts", run)


@pytest.mark.parametrize(
    "method",
    ["no_such_method", "get_paginator", "can_paginate", "meta"],
)
def test_add_response_for_what_is_not_an_operation(pair: Pair, method: str) -> None:
    """A name the client lacks is a ValueError; a client attribute that is not an
    operation fails in the model lookup."""
    assert_same(*pair("s3"), [("add_response", method, {}, None)])


def test_add_client_error_for_an_unknown_method_fails_at_the_call(pair: Pair) -> None:
    assert_same(
        *pair("s3"),
        [
            ("add_client_error", "no_such_method", {"service_error_code": "X"}),
            ("call", "list_buckets", {}),
        ],
    )


def test_sqs_error_class_by_query_error_code(pair: Pair) -> None:
    meta = {"QueryErrorCode": "QueueDoesNotExist"}
    assert_same(
        *pair("sqs"),
        [
            (
                "add_client_error",
                "get_queue_url",
                {
                    "service_error_code": "AWS.SimpleQueueService.NonExistentQueue",
                    "service_error_meta": meta,
                },
            ),
            ("call", "get_queue_url", {"QueueName": "q"}),
        ],
    )


def test_a_status_that_is_not_a_number_fails_at_the_call(pair: Pair) -> None:
    """A TypeError from the status comparison (legacy retries: botocore's standard-mode
    retry quota handler compares first, with another message; docs/compatibility.md)."""
    legacy = {"mode": "legacy"}
    boto = botocore.session.Session().create_client(
        "sts", region_name=REGION, config=botocore.config.Config(retries=legacy)
    )
    mine = strato.Session().client("sts", region_name=REGION, config=strato.Config(retries=legacy))
    assert_same(
        boto,
        mine,
        [
            ("add_client_error", "get_caller_identity", {"http_status_code": "404"}),
            ("call", "get_caller_identity", {}),
        ],
    )


def test_handlers_after_the_call_change_stubbed_answers(pair: Pair) -> None:
    """IAM's policy documents are decoded, EC2's console output, CloudFormation's JSON."""
    policy = "%7B%22Version%22%3A%20%222012-10-17%22%7D"
    assert_same(
        *pair("iam"),
        [
            (
                "add_response",
                "get_role_policy",
                {"RoleName": "r", "PolicyName": "p", "PolicyDocument": policy},
                None,
            ),
            ("call", "get_role_policy", {"RoleName": "r", "PolicyName": "p"}),
        ],
    )
    assert_same(
        *pair("ec2"),
        [
            ("add_response", "get_console_output", {"Output": "aGVsbG8="}, None),
            ("call", "get_console_output", {"InstanceId": "i-1"}),
        ],
    )
    assert_same(
        *pair("cloudformation"),
        [
            ("add_response", "get_template", {"TemplateBody": '{"b": 1, "a": 2}'}, None),
            ("call", "get_template", {}),
        ],
    )


def test_paginating_stubbed_pages(pair: Pair) -> None:
    """Each page is a stubbed call whose expected parameters carry the previous token."""
    first = {"Contents": [{"Key": "a"}], "IsTruncated": True, "NextContinuationToken": "t1"}
    last = {"Contents": [{"Key": "b"}], "IsTruncated": False}

    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        with stubber_class(client) as stubber:
            stubber.add_response("list_objects_v2", copy.deepcopy(first), {"Bucket": "bkt"})
            stubber.add_response(
                "list_objects_v2", copy.deepcopy(last), {"Bucket": "bkt", "ContinuationToken": "t1"}
            )
            pages = client.get_paginator("list_objects_v2").paginate(Bucket="bkt")
            return pages.build_full_result()

    assert _each(pair, "s3", run)["Contents"] == [{"Key": "a"}, {"Key": "b"}]


def test_presigning_while_stubbed_takes_no_answer(pair: Pair) -> None:
    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        with stubber_class(client) as stubber:
            stubber.add_response("get_object", {})
            url = client.generate_presigned_url("get_object", {"Bucket": "bkt", "Key": "k"})
            try:
                stubber.assert_no_pending_responses()
            except AssertionError as error:
                return url.split("?")[0], str(error)
        return url

    assert _each(pair, "s3", run, **KEYS)[1] == "1 responses remaining in queue."


def test_expected_params_with_any_at_the_top_and_nested(pair: Pair) -> None:
    when = datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC)
    params = {"Bucket": "bkt", "Key": "k", "IfModifiedSince": when}
    assert_same(
        *pair("s3"),
        [
            ("add_response", "get_object", {"ETag": "e"}, {**params, "Key": ANY_MARK}),
            ("call", "get_object", params),
            ("add_response", "get_object", {}, {**params, "IfModifiedSince": ANY_MARK, "Key": "x"}),
            ("call", "get_object", params),
            ("pending",),
        ],
    )


def test_the_stubs_check_comes_before_the_services_own_handlers(pair: Pair) -> None:
    """Nothing queued: the stub's error, before S3's bucket-name handler; an operation that
    requires endpoint discovery is answered without discovering (no DescribeEndpoints)."""
    assert_same(*pair("s3"), [("call", "get_object", {"Bucket": 5, "Key": "k"})])
    boto, mine = pair("timestream-write")
    records = {"DatabaseName": "d", "TableName": "t", "Records": [{"MeasureName": "m"}]}
    assert_same(
        boto,
        mine,
        [
            ("call", "write_records", records),
            ("add_response", "write_records", {}, None),
            ("call", "write_records", records),
            ("pending",),
        ],
    )


def test_a_waiter_polls_stubbed_answers(pair: Pair) -> None:
    """A waiter's calls take queued answers like any call: an error it retries on, then
    success; with none left, the stub's error ends the wait."""

    def run(client: Any, stubber_class: Any, any_value: Any) -> Any:
        seen = []
        with stubber_class(client) as stubber:
            stubber.add_client_error("head_bucket", "404", "", 404, expected_params={"Bucket": "x"})
            ok = {"ResponseMetadata": {"HTTPStatusCode": 200}}  # what the acceptor matches
            stubber.add_response("head_bucket", ok, {"Bucket": "x"})
            waiter = client.get_waiter("bucket_exists")
            for _ in range(2):
                try:
                    seen.append(waiter.wait(Bucket="x", WaiterConfig={"Delay": 0}))
                except Exception as error:
                    seen.append(error_view(error))
            try:
                stubber.assert_no_pending_responses()
            except AssertionError as error:
                seen.append(str(error))
        return seen

    assert _each(pair, "s3", run)[0] is None
