"""Generated objects through smart_open and cloudpathlib: the JSON on standard input lists
``{"key", "size", "reads": [[offset, length], ...]}``; each object is written with smart_open's
single-part writer, read whole by cloudpathlib and in ranges by smart_open, then the bucket is
listed by both. Argument: the bucket (made beforehand)."""

import hashlib
import json
import random
import sys

import boto3
import smart_open
import smart_open.s3
from _script import show
from cloudpathlib import S3Client

bucket = sys.argv[1]
client = boto3.client("s3")
paths = S3Client(boto3_session=boto3.Session())
single = {"client": client, "multipart_upload": False}


def digest(data):
    return hashlib.sha256(data).hexdigest()[:12]


for n, entry in enumerate(json.load(sys.stdin)):
    key, data = entry["key"], random.Random(n).randbytes(entry["size"])
    try:
        with smart_open.open(f"s3://{bucket}/{key}", "wb", transport_params=single) as out:
            out.write(data)
        whole = paths.S3Path(f"s3://{bucket}/{key}").read_bytes()
        show(f"{key} whole", (len(whole), whole == data))
        with smart_open.open(
            f"s3://{bucket}/{key}", "rb", transport_params={"client": client}
        ) as f:
            for offset, length in entry["reads"]:
                f.seek(offset)
                show(f"{key} [{offset}:+{length}]", (digest(f.read(length)), f.tell()))
    except Exception as error:
        show(f"{key} error", (type(error).__name__, str(error)))
show("rglob", sorted(str(p) for p in paths.S3Path(f"s3://{bucket}").rglob("*")))
show("iter_bucket", sorted((k, len(c)) for k, c in smart_open.s3.iter_bucket(bucket, workers=2)))
