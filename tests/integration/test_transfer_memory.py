"""Bounded memory: uploading and downloading a file on ten threads grows a process's peak
RSS by less than 64 MiB, whatever the file's size (its parts are read from disk while
they are sent, and each range is written at its offset as it arrives). Measured in a child
process against its own baseline, taken after a first small transfer."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ._servers import Server
from .conftest import MOTO_KEYS, REGION

MB = 1024 * 1024

CHILD = """
import resource, sys
import strato
from strato.s3.transfer import TransferConfig

url, path, bucket, key_id, secret = sys.argv[1:]
client = strato.Session().client(
    "s3", endpoint_url=url, region_name="{region}",
    aws_access_key_id=key_id, aws_secret_access_key=secret,
)
client.create_bucket(Bucket=bucket)
config = TransferConfig(max_concurrency=10)
with open(path + ".small", "wb") as small:
    small.write(b"x" * 1024)
client.upload_file(path + ".small", bucket, "small", Config=config)
client.download_file(bucket, "small", path + ".small", Config=config)

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

base = peak()
client.upload_file(path, bucket, "big", Config=config)
uploaded = peak()
client.download_file(bucket, "big", path + ".down", Config=config)
print(base, uploaded, peak())
"""


def _peaks(moto: Server, tmp_path: Path, size: int) -> tuple[int, int, int]:
    path = tmp_path / "big"
    block = bytes(range(256)) * 4096  # 1 MiB
    with path.open("wb") as out:
        for _ in range(size // MB):
            out.write(block)
    code = CHILD.format(region=REGION)
    bucket = f"memory-{uuid.uuid4().hex[:12]}"
    keys = (MOTO_KEYS["aws_access_key_id"], MOTO_KEYS["aws_secret_access_key"])
    done = subprocess.run(
        [sys.executable, "-c", code, moto.url, str(path), bucket, *keys],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    assert (tmp_path / "big.down").stat().st_size == size
    base, uploaded, downloaded = (int(value) for value in done.stdout.split())
    return base, uploaded, downloaded


def _check(peaks: tuple[int, int, int]) -> None:
    base, uploaded, downloaded = peaks
    assert uploaded - base < 64 * 1024, peaks  # KiB
    assert downloaded - base < 64 * 1024, peaks


def test_100_mib_up_and_down_in_bounded_memory(moto: Server, tmp_path: Path) -> None:
    _check(_peaks(moto, tmp_path, 100 * MB))


@pytest.mark.slow
def test_1_gib_up_and_down_in_bounded_memory(moto: Server, tmp_path: Path) -> None:
    _check(_peaks(moto, tmp_path, 1024 * MB))
