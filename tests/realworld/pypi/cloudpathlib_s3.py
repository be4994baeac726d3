"""cloudpathlib's S3Path over boto3's Session, resource, client, paginators and managed
transfers, on a real workload. Arguments: the bucket (made, with versioning, beforehand) and the
part to run: ``default`` (the default client, made from the environment), ``paths`` (write,
read, list, glob, walk, stat, copy, rename, delete, local round trips, URLs), ``transfers``
(a TransferConfig and extra arguments: multipart upload, download and copy of 12 MiB).
"""

import hashlib
import os
import random
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
from _script import attempt, show, write_and_read_tree
from boto3.s3.transfer import TransferConfig
from cloudpathlib import CloudPath, S3Client, S3Path

bucket, part = sys.argv[1:3]
local = Path(os.environ["HOME"]) / "local"
local.mkdir(parents=True, exist_ok=True)


def listing(path):
    return sorted(str(p) for p in path.rglob("*"))


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


def default():
    path = CloudPath(f"s3://{bucket}/hello.txt")
    path.write_text("hello from the default client")
    show("read", path.read_text())
    show("client", type(path.client).__name__)


def paths():
    client = S3Client(boto3_session=boto3.Session(), local_cache_dir=local / "cache")
    client.set_as_default_client()
    root = S3Path(f"s3://{bucket}")
    show("parts", (root.bucket, (root / "a" / "b.txt").key, (root / "a/b.txt").parent.name))
    stat = write_and_read_tree(root)
    show("stat", (stat.st_size, type(stat.st_mtime).__name__))
    show("etag", (root / "docs" / "guide" / "two.txt").etag)
    show("iterdir", sorted(str(p) for p in root.iterdir()))
    show("glob", sorted(str(p) for p in (root / "docs").glob("**/*.txt")))
    show("rglob", listing(root))
    show("walk", [(str(d), sorted(ds), sorted(fs)) for d, ds, fs in root.walk()])
    show("buckets", sorted(str(p) for p in S3Path("s3://").iterdir()))
    (root / "empty.txt").touch()
    show("touched", (root / "empty.txt").stat().st_size)
    attempt("touch exist_ok=False", lambda: (root / "empty.txt").touch(exist_ok=False))
    (root / "empty.txt").unlink()
    attempt("unlink missing", lambda: (root / "empty.txt").unlink(missing_ok=False))
    attempt("read missing", lambda: (root / "missing.txt").read_text())
    attempt("write to dir", lambda: (root / "docs").write_text("x"))
    # Copies within S3, out to local files and back.
    (root / "docs" / "readme.md").copy(root / "copies" / "readme.md")
    (root / "docs").copytree(root / "copies" / "docs")
    (root / "docs" / "readme.md").rename(root / "moved" / "readme.md")
    (root / "moved" / "readme.md").replace(root / "moved" / "final.md")
    show("after copies and moves", listing(root))
    downloaded = (root / "copies" / "docs").download_to(local / "down")
    show("downloaded", sorted(str(p.relative_to(local)) for p in downloaded.rglob("*")))
    (local / "up").mkdir()
    (local / "up" / "data.csv").write_text("a,b\n1,2\n")
    (local / "up" / "page.html").write_text("<p>hi</p>")
    uploaded = (root / "uploaded").upload_from(local / "up")
    show("uploaded", listing(uploaded))
    head = client.client.head_object(Bucket=bucket, Key="uploaded/page.html")
    show("uploaded content type", head["ContentType"])
    (root / "copies").rmtree()
    show("after rmtree", listing(root))
    url = urlsplit((root / "moved" / "final.md").as_url(presign=True, expire_seconds=300))
    show("presigned", (url.path, sorted(parse_qs(url.query))))
    show("public url", urlsplit((root / "moved" / "final.md").as_url()).path)


def transfers():
    config = TransferConfig(
        multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=3
    )
    client = S3Client(
        boto3_session=boto3.Session(),
        boto3_transfer_config=config,
        local_cache_dir=local / "cache",
        extra_args={"Metadata": {"origin": "realworld"}, "StorageClass": "STANDARD_IA"},
    )
    big = random.Random(11).randbytes(12 * 1024 * 1024 + 99)
    (local / "big.bin").write_bytes(big)
    target = client.S3Path(f"s3://{bucket}/big/big.bin")
    target.upload_from(local / "big.bin")
    head = client.client.head_object(Bucket=bucket, Key="big/big.bin")
    show(
        "uploaded",
        (head["ContentLength"], head["ETag"], head["Metadata"], head.get("StorageClass")),
    )
    target.download_to(local / "back.bin")
    show("downloaded", digest((local / "back.bin").read_bytes()) == digest(big))
    target.copy(client.S3Path(f"s3://{bucket}/big/copy.bin"))
    head = client.client.head_object(Bucket=bucket, Key="big/copy.bin")
    show("copied", (head["ContentLength"], head["ETag"], head["Metadata"]))
    with client.S3Path(f"s3://{bucket}/big/copy.bin").open("rb") as f:
        f.seek(6 * 1024 * 1024)
        show("cached read", digest(f.read(4096)))
    show("listing", listing(client.S3Path(f"s3://{bucket}")))


{"default": default, "paths": paths, "transfers": transfers}[part]()
