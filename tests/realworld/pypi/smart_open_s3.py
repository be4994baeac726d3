"""smart_open's S3 transport on a real workload: text and gzip streams, a multipart writer
with 5 MiB parts, a single-part writer, ranged reads and seeks, versions, iter_bucket, and the
errors a missing bucket or key gives. Argument: the bucket (made, with versioning, beforehand).
"""

import gzip
import hashlib
import io
import random
import sys
import types

import boto3
import smart_open
import smart_open.s3
from _script import show

# gzip stamps the wall clock into its header: a fixed one, so both runs store the same bytes.
gzip.time = types.SimpleNamespace(time=lambda: 1_796_000_000.0)

bucket = sys.argv[1]
client = boto3.client("s3")
params = {"client": client}


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


# Text, line by line, through smart_open's default (multipart) writer.
with smart_open.open(f"s3://{bucket}/text/poem.txt", "w", transport_params=params) as out:
    for n in range(200):
        out.write(f"line {n}: {'é' * (n % 7)} {'x' * n}\n")
with smart_open.open(
    f"s3://{bucket}/text/poem.txt", encoding="utf-8", transport_params=params
) as f:
    lines = list(f)
show("lines", (len(lines), lines[0], lines[-1][:20]))

# gzip by extension, both ways.
with smart_open.open(f"s3://{bucket}/data/rows.json.gz", "wb", transport_params=params) as out:
    for n in range(3000):
        out.write(b'{"n": %d}\n' % n)
with smart_open.open(f"s3://{bucket}/data/rows.json.gz", "rb", transport_params=params) as f:
    rows = f.read().splitlines()
show("gzip rows", (len(rows), rows[1234]))
raw = client.get_object(Bucket=bucket, Key="data/rows.json.gz")["Body"].read()
show("gzip magic", raw[:2])

# 12 MiB through the multipart writer with 5 MiB parts: three parts.
big = random.Random(7).randbytes(12 * 1024 * 1024 + 321)
big_params = {"client": client, "min_part_size": 5 * 1024 * 1024}
with smart_open.open(f"s3://{bucket}/big/blob.bin", "wb", transport_params=big_params) as out:
    view = memoryview(big)
    for start in range(0, len(big), 1_000_003):
        out.write(view[start : start + 1_000_003])
head = client.head_object(Bucket=bucket, Key="big/blob.bin")
show("multipart head", (head["ContentLength"], head["ETag"]))

# Ranged reads and seeks over the big object.
with smart_open.open(f"s3://{bucket}/big/blob.bin", "rb", transport_params=params) as f:
    f.seek(5 * 1024 * 1024 + 17)
    show("at 5MiB+17", digest(f.read(100)))
    show("tell", f.tell())
    f.seek(-50, io.SEEK_END)
    show("tail", digest(f.read()))
    f.seek(-1000, io.SEEK_CUR)
    show("back 1000", (f.tell(), digest(f.read(10))))
    f.seek(0)
    show("whole", digest(f.read()) == digest(big))
    show("seek past end", f.seek(len(big) + 10))
    show("read past end", f.read(5))
with smart_open.open(
    f"s3://{bucket}/big/blob.bin",
    "rb",
    transport_params={"client": client, "defer_seek": True, "range_chunk_size": 1024 * 1024},
) as f:
    f.seek(3 * 1024 * 1024)
    show("chunked read", digest(f.read(2 * 1024 * 1024 + 5)))
    show("readline", len(f.readline()))

# The single-part writer, and content type through client_kwargs.
single = {
    "client": client,
    "multipart_upload": False,
    "client_kwargs": {"S3.Client.put_object": {"ContentType": "text/csv"}},
}
with smart_open.open(f"s3://{bucket}/single.csv", "w", transport_params=single) as out:
    out.write("a,b\n1,2\n")
head = client.head_object(Bucket=bucket, Key="single.csv")
show("single head", (head["ContentLength"], head["ContentType"], head["ETag"]))

# Versions: two writes of one key, each version read back by id.
for text in ("first", "second"):
    with smart_open.open(f"s3://{bucket}/versioned.txt", "w", transport_params=params) as out:
        out.write(text)
versions = client.list_object_versions(Bucket=bucket, Prefix="versioned.txt")["Versions"]
for version in sorted(versions, key=lambda v: v["IsLatest"]):
    with smart_open.open(
        f"s3://{bucket}/versioned.txt",
        transport_params={"client": client, "version_id": version["VersionId"]},
    ) as f:
        show("version", (version["IsLatest"], f.read()))

# Every key under a prefix, with its content (two worker threads).
found = sorted(
    (key, len(content))
    for key, content in smart_open.s3.iter_bucket(bucket, prefix="text/", workers=2)
)
show("iter_bucket", found)
show("iter_bucket all", sorted(k for k, _ in smart_open.s3.iter_bucket(bucket, workers=2)))

# What goes wrong, as the caller sees it.
for uri, mode in (
    (f"s3://{bucket}/no/such/key", "rb"),
    ("s3://no-such-bucket-here/key", "rb"),
    ("s3://no-such-bucket-here/key", "wb"),
):
    try:
        with smart_open.open(uri, mode, transport_params=params) as f:
            if "w" in mode:
                f.write(b"x")
            else:
                f.read()
    except Exception as error:
        cause = getattr(error, "backend_error", None) or error.__cause__
        show(f"{mode} {uri}", (type(error).__name__, str(error)))
        if cause is not None:
            show("  cause", (type(cause).__name__, str(cause)))
