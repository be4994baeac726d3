"""Differential: botocore's request handlers for services other than S3 (docs/handlers.md).

Each case is one call made by a botocore client and a strato client at a frozen clock:
the captured requests (method, URL, body, every header but User-Agent, the signature)
and the outcomes must be equal. Most of these services (rds, ec2, glacier, ...) are
loaded from the installed botocore's data. A few checks beside the comparison show that
the case reaches the customization at all (a case botocore leaves alone proves nothing).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest

import strato
from strato.exceptions import ParamValidationError

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import _FROZEN_EPOCH, Canned, Captured, call_botocore, call_strato, frozen

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}
ACCOUNT = "123456789012"
MIB = 1024 * 1024


@dataclass
class Case:
    """One call; ``client`` holds the client's keyword arguments, ``options`` its Config."""

    service: str
    method: str
    params: dict[str, Any]
    client: dict[str, Any] = field(default_factory=lambda: {"region_name": "us-west-2", **CREDS})
    options: dict[str, Any] | None = None
    env: dict[str, str] = field(default_factory=dict)
    #: Text the (first) request must contain somewhere, to show the handler ran.
    expect: str | None = None
    #: The answer both clients parse (after-call handlers change the result).
    canned: Canned = field(default_factory=Canned)


def _copy_snapshot(**extra: Any) -> dict[str, Any]:
    return {"SourceDBSnapshotIdentifier": "src", "TargetDBSnapshotIdentifier": "dst", **extra}


def _cluster_copy(**extra: Any) -> dict[str, Any]:
    return {
        "SourceDBClusterSnapshotIdentifier": "src",
        "TargetDBClusterSnapshotIdentifier": "dst",
        **extra,
    }


def _cluster(engine: str, **extra: Any) -> dict[str, Any]:
    return {"DBClusterIdentifier": "c", "Engine": engine, **extra}


FROM_EAST = {"SourceRegion": "us-east-1"}
LISTING = (
    b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>'
    b"<EncodingType>url</EncodingType><Delimiter>%2F</Delimiter><StartAfter>a%20b</StartAfter>"
    b"<Contents><Key>a%20b%2Bc</Key><Size>1</Size></Contents>"
    b"<CommonPrefixes><Prefix>d%C3%A9j%C3%A0%2F</Prefix></CommonPrefixes></ListBucketResult>"
)

CASES: dict[str, Case] = {
    # -- cross-region presigned URLs -------------------------------------------------
    "rds-copy-snapshot": Case(
        "rds", "copy_db_snapshot", _copy_snapshot(**FROM_EAST), expect="PreSignedUrl="
    ),
    "rds-copy-snapshot-token": Case(
        "rds",
        "copy_db_snapshot",
        _copy_snapshot(SourceRegion="eu-west-1", KmsKeyId="k"),
        client={"region_name": "eu-central-1", **TOKEN},
        expect="X-Amz-Security-Token",
    ),
    "rds-copy-snapshot-local": Case("rds", "copy_db_snapshot", _copy_snapshot()),
    "rds-copy-snapshot-given-url": Case(
        "rds", "copy_db_snapshot", _copy_snapshot(PreSignedUrl="https://x/?a=b", **FROM_EAST)
    ),
    "rds-copy-snapshot-fips": Case(
        "rds",
        "copy_db_snapshot",
        _copy_snapshot(**FROM_EAST),
        options={"use_fips_endpoint": True},
        expect="rds-fips.us-east-1",
    ),
    "rds-copy-snapshot-endpoint-url": Case(
        "rds",
        "copy_db_snapshot",
        _copy_snapshot(**FROM_EAST),
        client={"region_name": "us-west-2", "endpoint_url": "http://localhost:4566", **CREDS},
        expect="PreSignedUrl=http%3A%2F%2Flocalhost%3A4566",
    ),
    "rds-copy-snapshot-unsigned": Case(
        "rds",
        "copy_db_snapshot",
        _copy_snapshot(**FROM_EAST),
        client={"region_name": "us-west-2"},
        options={"signature_version": strato.UNSIGNED},
        expect="PreSignedUrl=https%3A%2F%2Frds.us-east-1.amazonaws.com%2F",
    ),
    "rds-copy-cluster-snapshot": Case(
        "rds", "copy_db_cluster_snapshot", _cluster_copy(**FROM_EAST), expect="PreSignedUrl="
    ),
    "rds-create-cluster": Case(
        "rds", "create_db_cluster", _cluster("aurora-mysql", **FROM_EAST), expect="PreSignedUrl="
    ),
    "rds-read-replica": Case(
        "rds",
        "create_db_instance_read_replica",
        {"DBInstanceIdentifier": "r", "SourceDBInstanceIdentifier": "s", **FROM_EAST},
        expect="PreSignedUrl=",
    ),
    "rds-backups-replication": Case(
        "rds",
        "start_db_instance_automated_backups_replication",
        {"SourceDBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:d", **FROM_EAST},
        expect="PreSignedUrl=",
    ),
    "neptune-copy-cluster-snapshot": Case(
        "neptune", "copy_db_cluster_snapshot", _cluster_copy(**FROM_EAST), expect="PreSignedUrl="
    ),
    "neptune-create-cluster": Case(
        "neptune", "create_db_cluster", _cluster("neptune", **FROM_EAST), expect="PreSignedUrl="
    ),
    "docdb-copy-cluster-snapshot": Case(
        "docdb", "copy_db_cluster_snapshot", _cluster_copy(**FROM_EAST), expect="PreSignedUrl="
    ),
    "docdb-create-cluster": Case(
        "docdb", "create_db_cluster", _cluster("docdb", **FROM_EAST), expect="PreSignedUrl="
    ),
    "ec2-copy-snapshot": Case(
        "ec2",
        "copy_snapshot",
        {"SourceSnapshotId": "snap-1", **FROM_EAST},
        expect="DestinationRegion=us-west-2",
    ),
    "ec2-copy-snapshot-token": Case(
        "ec2",
        "copy_snapshot",
        {"SourceSnapshotId": "snap-1", "SourceRegion": "ap-south-1", "Description": "a b&c"},
        client={"region_name": "eu-west-3", **TOKEN},
        expect="PresignedUrl=",
    ),
    "ec2-copy-snapshot-given-url": Case(
        "ec2",
        "copy_snapshot",
        {"SourceSnapshotId": "snap-1", "PresignedUrl": "https://given/", **FROM_EAST},
    ),
    # -- UserData --------------------------------------------------------------------
    "ec2-run-instances-text": Case(
        "ec2",
        "run_instances",
        {"MinCount": 1, "MaxCount": 1, "UserData": "#!/bin/sh\necho héllo"},
        expect="UserData=IyEvYmluL3NoCmVjaG8gaMOpbGxv",
    ),
    "ec2-run-instances-bytes": Case(
        "ec2", "run_instances", {"MinCount": 1, "MaxCount": 1, "UserData": b"\x00\xff"}
    ),
    "autoscaling-launch-configuration": Case(
        "autoscaling",
        "create_launch_configuration",
        {"LaunchConfigurationName": "lc", "UserData": "hello"},
        expect="UserData=aGVsbG8%3D",
    ),
    # botocore encodes only these two operations: spot requests send it as given.
    "ec2-spot-user-data-untouched": Case(
        "ec2",
        "request_spot_instances",
        {"LaunchSpecification": {"UserData": "hello"}},
        expect="UserData=hello",
    ),
    # -- parameter aliases -----------------------------------------------------------
    "ec2-filters-alias": Case(
        "ec2",
        "describe_hosts",
        {"Filters": [{"Name": "state", "Values": ["available"]}]},
        expect="Filter.1.Name=state",
    ),
    "ec2-filters-alias-not-modeled": Case(
        "ec2", "describe_instances", {"Filters": [{"Name": "a", "Values": ["b"]}]}
    ),
    "ec2-filters-alias-conflict": Case("ec2", "describe_hosts", {"Filters": [], "Filter": []}),
    "ec2-filters-alias-validation": Case("ec2", "describe_hosts", {"Filters": "state"}),
    "logs-from-alias": Case(
        "logs",
        "create_export_task",
        {"logGroupName": "g", "fromTime": 1, "to": 2, "destination": "b"},
        expect='"from": 1',
    ),
    "logs-from-alias-conflict": Case(
        "logs",
        "create_export_task",
        {"logGroupName": "g", "fromTime": 1, "from": 1, "to": 2, "destination": "b"},
    ),
    # -- CloudSearch Domain: aliases and GET -> POST ---------------------------------
    "cloudsearchdomain-search": Case(
        "cloudsearchdomain",
        "search",
        {"query": "star wars", "returnFields": "title,year", "size": 5},
        client={
            "region_name": "us-west-2",
            "endpoint_url": "https://search-d.us-west-2.cloudsearch.amazonaws.com",
            **CREDS,
        },
        expect="return=title%2Cyear",
    ),
    "cloudsearchdomain-suggest": Case(
        "cloudsearchdomain",
        "suggest",
        {"query": "sta", "suggester": "s"},
        client={
            "region_name": "us-west-2",
            "endpoint_url": "https://search-d.us-west-2.cloudsearch.amazonaws.com",
            **CREDS,
        },
    ),
    # -- Machine Learning ------------------------------------------------------------
    "machinelearning-predict": Case(
        "machinelearning",
        "predict",
        {
            "MLModelId": "m",
            "Record": {"a": "1"},
            "PredictEndpoint": "http://realtime.machinelearning.us-east-1.amazonaws.com:8080/x",
        },
        expect="realtime.machinelearning",
    ),
    # -- Route 53 ids ----------------------------------------------------------------
    "route53-hosted-zone": Case(
        "route53", "get_hosted_zone", {"Id": "/hostedzone/Z1D633PJN98FT9"}, expect="/Z1D633"
    ),
    "route53-change": Case("route53", "get_change", {"Id": "/change/C2682N5HXP0BZ4"}),
    "route53-record-sets": Case(
        "route53",
        "list_resource_record_sets",
        {"HostedZoneId": "/hostedzone/Z1", "StartRecordName": "a/b"},
    ),
    "route53-delegation-set": Case(
        "route53",
        "create_hosted_zone",
        {"Name": "example.com", "CallerReference": "r", "DelegationSetId": "/delegationset/N1"},
    ),
    "route53-plain-id": Case("route53", "get_hosted_zone", {"Id": "Z1"}),
    # -- Glacier ---------------------------------------------------------------------
    "glacier-list-vaults": Case("glacier", "list_vaults", {}, expect="/-/vaults"),
    "glacier-account-given": Case("glacier", "list_vaults", {"accountId": ACCOUNT}),
    "glacier-upload-bytes": Case(
        "glacier",
        "upload_archive",
        {"vaultName": "v", "body": b"archive data"},
        expect="x-amz-sha256-tree-hash",
    ),
    "glacier-upload-no-body": Case("glacier", "upload_archive", {"vaultName": "v"}),
    "glacier-upload-large": Case(
        "glacier",
        "upload_archive",
        {"vaultName": "v", "body": bytes(range(256)) * (7 * MIB // 512)},
    ),
    "glacier-upload-checksum-given": Case(
        "glacier", "upload_archive", {"vaultName": "v", "body": b"x", "checksum": "abc"}
    ),
    "glacier-multipart-part": Case(
        "glacier",
        "upload_multipart_part",
        {"vaultName": "v", "uploadId": "u", "range": "bytes 0-2/*", "body": b"abc"},
    ),
    # -- API Gateway -----------------------------------------------------------------
    "apigateway-accept": Case("apigateway", "get_rest_apis", {}, expect="application/json"),
    "apigateway-accept-given": Case(
        "apigateway",
        "get_export",
        {
            "restApiId": "a",
            "stageName": "s",
            "exportType": "swagger",
            "accepts": "application/yaml",
        },
    ),
    # -- host prefixes ---------------------------------------------------------------
    "s3control-account-prefix-once": Case(
        "s3control", "list_access_points", {"AccountId": ACCOUNT}
    ),
    "s3control-public-access-block": Case(
        "s3control", "get_public_access_block", {"AccountId": ACCOUNT}
    ),
    "s3control-no-host-prefix": Case(
        "s3control",
        "list_access_points",
        {"AccountId": ACCOUNT},
        options={"inject_host_prefix": False},
    ),
    "s3-write-get-object-response": Case(
        "s3",
        "write_get_object_response",
        {"RequestRoute": "route", "RequestToken": "t", "Body": b"x"},
    ),
    "s3-write-get-object-response-no-prefix": Case(
        "s3",
        "write_get_object_response",
        {"RequestRoute": "route", "RequestToken": "t"},
        options={"inject_host_prefix": False},
    ),
    # -- unsigned operations ---------------------------------------------------------
    "cognito-identity-get-id": Case(
        "cognito-identity", "get_id", {"IdentityPoolId": "us-west-2:0000"}
    ),
    "sts-assume-role-with-web-identity": Case(
        "sts",
        "assume_role_with_web_identity",
        {
            "RoleArn": "arn:aws:iam::123456789012:role/r",
            "RoleSessionName": "s",
            "WebIdentityToken": "t" * 8,
        },
    ),
    # -- X-Amzn-Trace-Id inside Lambda -----------------------------------------------
    "recursion-detection": Case(
        "sqs",
        "list_queues",
        {},
        env={"AWS_LAMBDA_FUNCTION_NAME": "f", "_X_AMZN_TRACE_ID": "Root=1-5759e988;Sampled=1 x\n"},
        expect="x-amzn-trace-id",
    ),
    "recursion-detection-no-function": Case(
        "sqs", "list_queues", {}, env={"_X_AMZN_TRACE_ID": "Root=1-5759e988"}
    ),
    "recursion-detection-empty-trace": Case(
        "sqs", "list_queues", {}, env={"AWS_LAMBDA_FUNCTION_NAME": "f", "_X_AMZN_TRACE_ID": ""}
    ),
    # -- handlers of every service, and S3's parameter handlers -----------------------
    "service-name-alias": Case(
        "runtime.sagemaker", "invoke_endpoint", {"EndpointName": "e", "Body": b"{}"}
    ),
    "api-version-header": Case(
        "dynamodb", "describe_endpoints", {}, expect="x-amz-api-version: 2012-08-10"
    ),
    "query-mode-header": Case("sqs", "list_queues", {}, expect="x-amzn-query-mode: true"),
    "checksum-mode-member": Case(
        "s3",
        "get_object",
        {"Bucket": "b", "Key": "k"},
        options={"response_checksum_validation": "when_supported"},
        expect="x-amz-checksum-mode: ENABLED",
    ),
    "s3-copy-source-dict": Case(
        "s3",
        "copy_object",
        {
            "Bucket": "b",
            "Key": "k",
            "CopySource": {"Bucket": "src", "Key": "a b/ü?x", "VersionId": "v1"},
            "SSECustomerKey": "k" * 32,
            "SSECustomerAlgorithm": "AES256",
            "CopySourceSSECustomerKey": b"\x01" * 32,
            "CopySourceSSECustomerAlgorithm": "AES256",
        },
        expect="x-amz-copy-source-server-side-encryption-customer-key-md5",
    ),
    "s3-copy-source-string-version": Case(
        "s3",
        "upload_part_copy",
        {
            "Bucket": "b",
            "Key": "k",
            "PartNumber": 1,
            "UploadId": "u",
            "CopySource": "src/a b?versionId=v 1",
        },
    ),
    "s3-copy-source-dict-missing-key": Case(
        "s3", "copy_object", {"Bucket": "b", "Key": "k", "CopySource": {"Bucket": "src"}}
    ),
    "s3-get-bucket-location-path-style": Case(
        "s3", "get_bucket_location", {"Bucket": "b"}, expect="s3.us-west-2.amazonaws.com/b"
    ),
    "s3-hmac-v1-access-point-arn": Case(
        "s3",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "Key": "a/k"},
        options={"signature_version": "s3"},
        expect="ap-123456789012.s3-accesspoint",
    ),
    # -- S3's after-call handlers ----------------------------------------------------
    "s3-get-bucket-location-answer": Case(
        "s3",
        "get_bucket_location",
        {"Bucket": "b"},
        canned=Canned(
            body=b'<?xml version="1.0"?><LocationConstraint>eu-west-1</LocationConstraint>'
        ),
    ),
    "s3-listing-decoded": Case(
        "s3",
        "list_objects_v2",
        {"Bucket": "b", "Delimiter": "/"},
        canned=Canned(body=LISTING),
    ),
    "s3-listing-asked-for-encoding": Case(
        "s3",
        "list_objects_v2",
        {"Bucket": "b", "EncodingType": "url"},
        canned=Canned(body=LISTING),
    ),
    # -- S3's empty-continue switch --------------------------------------------------
    "s3-expect-empty-body": Case(
        "s3",
        "put_object",
        {"Bucket": "b", "Key": "k", "Body": b""},
        env={"BOTO_EXPERIMENTAL__NO_EMPTY_CONTINUE": "True"},
    ),
    "s3-expect-nonempty-body": Case(
        "s3",
        "put_object",
        {"Bucket": "b", "Key": "k", "Body": b"x"},
        env={"BOTO_EXPERIMENTAL__NO_EMPTY_CONTINUE": "true"},
        expect="100-continue",
    ),
}


def _text(requests: list[Captured]) -> str:
    first = requests[0]
    return "\n".join(
        [first.url, *(f"{k}: {v}" for k, v in first.headers.items()), first.body.decode("latin-1")]
    )


@pytest.mark.parametrize("name", list(CASES))
def test_same_request(name: str, client_pair: Any) -> None:
    case = CASES[name]
    boto, mine = client_pair(
        (case.service, repr(case.client), repr(case.options)),
        case.service,
        case.options,
        **case.client,
    )
    with mock.patch.dict(os.environ, case.env):
        boto_requests, boto_outcome = call_botocore(
            boto, case.method, dict(case.params), case.canned
        )
        strato_requests, strato_outcome = call_strato(
            mine, case.method, dict(case.params), case.canned
        )
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_outcome, strato_outcome)
    if case.expect is not None:
        assert case.expect in _text(strato_requests)


def test_glacier_upload_from_the_file_position(client_pair: Any) -> None:
    """The checksums cover what is left of a file, which is then sent from the same place."""
    boto, mine = client_pair("glacier", "glacier", None, region_name="us-west-2", **CREDS)
    sent = []
    for call, client in ((call_botocore, boto), (call_strato, mine)):
        body = io.BytesIO(b"header" + b"payload" * 1000)
        body.seek(6)
        requests, _ = call(client, "upload_archive", {"vaultName": "v", "body": body}, Canned())
        sent.append(requests)
        assert body.tell() == 6
    assert_same_requests(*sent)
    assert sent[1][0].body == b"payload" * 1000


def test_rds_source_region_is_not_sent(client_pair: Any) -> None:
    """``SourceRegion`` is consumed, and the presigned URL carries ``DestinationRegion``."""
    _, mine = client_pair("rds", "rds", None, region_name="us-west-2", **CREDS)
    requests, _ = call_strato(mine, "copy_db_snapshot", _copy_snapshot(**FROM_EAST), Canned())
    body = requests[0].body.decode()
    assert "SourceRegion" not in body
    assert "DestinationRegion%3Dus-west-2" in body
    assert "X-Amz-Credential%3DAKIDEXAMPLE%252F20240517%252Fus-east-1%252Frds" in body


def test_user_data_of_another_type_is_a_validation_error(client_pair: Any) -> None:
    """botocore raises ``TypeError`` from base64 here; strato leaves the value to the validator."""
    _, mine = client_pair("ec2", "ec2", None, region_name="us-west-2", **CREDS)
    requests, outcome = call_strato(
        mine, "run_instances", {"MinCount": 1, "MaxCount": 1, "UserData": 5}, Canned()
    )
    assert requests == []
    assert isinstance(outcome, ParamValidationError)
    assert "Invalid type for parameter UserData, value: 5" in str(outcome)


def test_route53_id_of_another_type_is_a_validation_error(client_pair: Any) -> None:
    """botocore raises ``AttributeError`` (``int.split``); strato's validator reports it."""
    _, mine = client_pair("route53", "route53", None, region_name="us-east-1", **CREDS)
    requests, outcome = call_strato(mine, "get_hosted_zone", {"Id": 5}, Canned())
    assert requests == []
    assert isinstance(outcome, ParamValidationError)
    assert "Invalid type for parameter Id, value: 5" in str(outcome)


def test_predict_endpoint_without_a_host_is_a_validation_error(client_pair: Any) -> None:
    """botocore raises ``AttributeError`` (``None.split``) on a host-less PredictEndpoint."""
    _, mine = client_pair(
        "machinelearning", "machinelearning", None, region_name="us-east-1", **CREDS
    )
    params = {"MLModelId": "m", "Record": {}, "PredictEndpoint": "0"}
    requests, outcome = call_strato(mine, "predict", params, Canned())
    assert requests == []
    assert isinstance(outcome, ParamValidationError)
    assert "Invalid PredictEndpoint '0'" in str(outcome)


def test_s3control_presigned_url_has_the_account_once(client_pair: Any) -> None:
    boto, mine = client_pair("s3control", "s3control", None, region_name="us-west-2", **CREDS)
    args = ("list_access_points", {"AccountId": ACCOUNT})
    with frozen():
        expected = boto.generate_presigned_url(*args)
        actual = mine.generate_presigned_url(*args)
    assert actual == expected
    assert actual.startswith(f"https://{ACCOUNT}.s3-control.us-west-2.amazonaws.com/")


PRESIGNED = {
    # before-sign.polly.SynthesizeSpeech: no Content-Type in the signed headers.
    "polly-speech": (
        "polly",
        "synthesize_speech",
        {"Text": "hi", "OutputFormat": "mp3", "VoiceId": "Joanna"},
        None,
    ),
    # before-sign.s3: the access point's ARN is not part of HMAC-v1's signed resource.
    "s3-access-point-hmac-v1": (
        "s3",
        "get_object",
        {"Bucket": "arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "Key": "a/k"},
        {"signature_version": "s3"},
    ),
}


@pytest.mark.parametrize("name", list(PRESIGNED))
def test_same_presigned_url(name: str, client_pair: Any) -> None:
    service, method, params, options = PRESIGNED[name]
    boto, mine = client_pair(
        (service, repr(options)), service, options, region_name="us-west-2", **CREDS
    )
    # botocore's HMAC-v1 presigner reads time.time() for Expires.
    with frozen(), mock.patch("time.time", lambda: _FROZEN_EPOCH):
        expected = boto.generate_presigned_url(method, dict(params))
        actual = mine.generate_presigned_url(method, dict(params))
    assert actual == expected
    assert "content-type" not in actual.lower()
