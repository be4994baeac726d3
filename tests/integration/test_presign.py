"""Presigned S3 URLs made by strato, fetched with plain urllib3 (no credentials sent).

SeaweedFS checks the query signature with its own code: the URL downloads the object, and
the same URL with a changed signature or key is refused; a presigned POST form uploads,
and is refused with a changed signature. moto serves the object from a presigned URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import urllib3

from ._servers import WEED_ACCESS_KEY, WEED_SECRET_KEY, Server
from .conftest import MOTO_KEYS

WEED_KEYS = {"aws_access_key_id": WEED_ACCESS_KEY, "aws_secret_access_key": WEED_SECRET_KEY}
BODY = b"presigned payload \x00\xff"
#: s3v4 is the query SigV4; the default in us-east-1 is the legacy HMAC-v1 query form.
SIGNATURES = ("s3v4", None)


def _get(url: str) -> urllib3.BaseHTTPResponse:
    with urllib3.PoolManager(retries=False) as http:
        return http.request("GET", url, timeout=10)


def _client(make: Callable[..., Any], server: Server, keys: dict[str, str], version: Any) -> Any:
    import strato

    config = strato.Config(signature_version=version) if version else None
    return make("s3", server.url, config=config, **keys)


@pytest.mark.parametrize("version", SIGNATURES, ids=["s3v4", "default-v2"])
def test_seaweedfs_accepts_strato_presigned_get(
    seaweedfs: Server, strato_client: Callable[..., Any], version: str | None
) -> None:
    s3 = _client(strato_client, seaweedfs, WEED_KEYS, version)
    bucket = f"strato-presign-{uuid.uuid4().hex[:8]}"
    key = "dir/a b+c~d.txt"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=BODY)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
    assert "Signature=" in url
    response = _get(url)
    assert (response.status, response.data) == (200, BODY)
    # Another key under the same signature, and a changed signature, are refused.
    assert _get(url.replace("/dir/", "/dif/", 1)).status == 403
    head, _, signature = url.rpartition("Signature=")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    assert _get(f"{head}Signature={flipped}").status == 403


@pytest.mark.parametrize("version", SIGNATURES, ids=["s3v4", "default-v2"])
def test_moto_serves_strato_presigned_get(
    moto: Server, strato_client: Callable[..., Any], version: str | None
) -> None:
    s3 = _client(strato_client, moto, MOTO_KEYS, version)
    bucket = f"strato-presign-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=BODY)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    response = _get(url)
    assert (response.status, response.data) == (200, BODY)


def _post(form: dict[str, Any], body: bytes) -> urllib3.BaseHTTPResponse:
    fields: dict[str, Any] = dict(form["fields"])
    fields["file"] = ("upload.bin", body, "application/octet-stream")
    with urllib3.PoolManager(retries=False) as http:
        return http.request("POST", form["url"], fields=fields, timeout=10)


@pytest.mark.parametrize("version", SIGNATURES, ids=["s3v4", "default-v2"])
def test_seaweedfs_accepts_strato_presigned_post(
    seaweedfs: Server, strato_client: Callable[..., Any], version: str | None
) -> None:
    s3 = _client(strato_client, seaweedfs, WEED_KEYS, version)
    bucket = f"strato-post-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    form = s3.generate_presigned_post(
        bucket, "up/${filename}", Conditions=[["content-length-range", 1, 1000]]
    )
    response = _post(form, BODY)
    assert response.status in (200, 204), response.data
    assert s3.get_object(Bucket=bucket, Key="up/upload.bin")["Body"].read() == BODY
    fields = form["fields"]
    name = "x-amz-signature" if "x-amz-signature" in fields else "signature"
    flipped = ("b" if fields[name][0] == "a" else "a") + fields[name][1:]
    assert _post({**form, "fields": {**fields, name: flipped}}, BODY).status == 403
