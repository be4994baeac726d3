"""The methods boto3 injects: on S3 clients (made without loading strato.s3), and on the
resource layer's Bucket and Object classes, compared with boto3.s3.inject's on the same
minimal bucket and object (a ``meta.client`` that records what it is asked)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import boto3.s3.inject as boto3_inject  # type: ignore[import-untyped]
import pytest

import strato
from strato.s3 import inject

METHODS = ["upload_file", "download_file", "copy", "upload_fileobj", "download_fileobj"]


class _Recorder:
    """A client's transfer methods, recording (name, kwargs)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def record(**kwargs: Any) -> str:
            self.calls.append((name, kwargs))
            return "answer"

        return record


class _Meta:
    def __init__(self) -> None:
        self.client = _Recorder()


def _classes(add_bucket: Any, add_object: Any) -> tuple[type, type]:
    bucket_attrs: dict[str, Any] = {}
    object_attrs: dict[str, Any] = {}
    add_bucket(bucket_attrs)
    add_object(object_attrs)
    return type("Bucket", (), bucket_attrs), type("Object", (), object_attrs)


def _boto3_bucket(attrs: dict[str, Any]) -> None:
    boto3_inject.inject_bucket_methods(attrs)
    del attrs["load"]  # the resource layer's, not a transfer method


CALLS: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    # method: (bucket's positional arguments, object's)
    "upload_file": (("/tmp/f", "key"), ("/tmp/f",)),
    "download_file": (("key", "/tmp/f"), ("/tmp/f",)),
    "copy": (({"Bucket": "src", "Key": "k"}, "key"), ({"Bucket": "src", "Key": "k"},)),
    "upload_fileobj": (("FILE", "key"), ("FILE",)),
    "download_fileobj": (("key", "FILE"), ("FILE",)),
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("keywords", [{}, {"ExtraArgs": {"ACL": "private"}, "Callback": print}])
def test_bucket_and_object_methods_call_the_client_as_boto3s(
    method: str, keywords: dict[str, Any]
) -> None:
    results = []
    for add_bucket, add_object in (
        (inject.add_bucket_methods, inject.add_object_methods),
        (_boto3_bucket, boto3_inject.inject_object_methods),
    ):
        bucket_class, object_class = _classes(add_bucket, add_object)
        assert sorted(vars(bucket_class).keys() & set(METHODS)) == sorted(METHODS)
        bucket = bucket_class()
        bucket.name, bucket.meta = "my-bucket", _Meta()
        obj = object_class()
        obj.bucket_name, obj.key, obj.meta = "my-bucket", "my-key", _Meta()
        bucket_args, object_args = CALLS[method]
        answers = (
            getattr(bucket, method)(*bucket_args, **keywords),
            getattr(obj, method)(*object_args, **keywords),
        )
        results.append((answers, bucket.meta.client.calls, obj.meta.client.calls))
    assert results[0] == results[1]


def test_s3_clients_have_the_methods_and_other_clients_do_not() -> None:
    kwargs = {"region_name": "us-east-1", "aws_access_key_id": "a", "aws_secret_access_key": "b"}
    s3 = strato.client("s3", **kwargs)
    sts = strato.client("sts", **kwargs)
    for name in METHODS:
        assert callable(getattr(s3, name))
        assert getattr(s3, name).__name__ == name
        assert not hasattr(sts, name)


def test_an_s3_client_loads_the_transfer_code_only_when_a_transfer_starts() -> None:
    code = (
        "import sys, strato\n"
        "c = strato.client('s3', region_name='us-east-1', aws_access_key_id='a', "
        "aws_secret_access_key='b')\n"
        "m = c.upload_file\n"
        "print(sorted(n for n in sys.modules if n.startswith('strato.s3')))\n"
        "try:\n"
        "    c.upload_fileobj(object(), 'b', 'k')\n"
        "except ValueError as e:\n"
        "    print(e)\n"
        "print(sorted(n for n in sys.modules if n.startswith('strato.s3')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, error, after = out.stdout.splitlines()
    assert before == "[]"
    assert error == "Fileobj must implement read"
    assert "strato.s3.inject" in after and "strato.s3._upload" not in after
