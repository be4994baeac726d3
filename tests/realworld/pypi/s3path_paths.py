"""s3path's pathlib API over boto3's S3 resource, on a real workload. Arguments: the bucket
(made, with versioning, beforehand) and the part to run: ``paths`` (write, read, list, glob,
walk, stat, delete, buckets), ``versions`` (VersionedS3Path), ``rename`` (keys and prefixes),
``configured`` (a registered resource and per-path parameters, as s3path documents for MinIO).
"""

import os
import sys
from urllib.parse import parse_qs, urlsplit

from _script import attempt, show, write_and_read_tree
from s3path import PureS3Path, S3Path, VersionedS3Path, register_configuration_parameter

bucket, part = sys.argv[1:3]
root = S3Path(f"/{bucket}")


def tree():
    return sorted(str(p) for p in root.rglob("*"))


def paths():
    show("pure", (PureS3Path.from_uri(f"s3://{bucket}/a/b.txt").key, root.joinpath("x").as_uri()))
    stat = write_and_read_tree(root)
    show("stat", (stat.st_size, type(stat.st_mtime).__name__, stat.st_version_id))
    show("iterdir", sorted(str(p) for p in root.iterdir()))
    show("iterdir docs", sorted(str(p) for p in (root / "docs").iterdir()))
    show("glob *.txt", sorted(str(p) for p in (root / "docs").glob("*/*.txt")))
    show("rglob", tree())
    show("owner", (root / "docs" / "readme.md").owner())
    (root / "empty.txt").touch()
    show("touched", (root / "empty.txt").stat().st_size)
    attempt("touch exist_ok=False", lambda: (root / "empty.txt").touch(exist_ok=False))
    show("samefile", (root / "empty.txt").samefile(f"/{bucket}/empty.txt"))
    (root / "empty.txt").unlink()
    attempt("unlink missing", lambda: (root / "empty.txt").unlink())
    attempt("unlink missing_ok", lambda: (root / "empty.txt").unlink(missing_ok=True))
    attempt("unlink dir", lambda: (root / "docs").unlink())
    attempt("read missing", lambda: (root / "missing.txt").read_text())
    attempt("rmdir file", lambda: (root / "docs" / "readme.md").rmdir())
    (root / "docs" / "guide").rmdir()
    show("after rmdir", tree())
    attempt("mkdir existing", lambda: root.mkdir())
    S3Path("/pypi-made-by-s3path").mkdir()
    (S3Path("/pypi-made-by-s3path") / "k").write_text("v")
    show("buckets", sorted(str(p) for p in S3Path("/").iterdir()))
    url = urlsplit((root / "docs" / "readme.md").get_presigned_url(expire_in=600))
    show("presigned", (url.path, sorted(parse_qs(url.query))))
    attempt("presigned expiry", lambda: (root / "x").get_presigned_url(expire_in=0))


def versions():
    key = root / "notes.txt"
    key.write_text("first")
    key.write_text("second")
    import boto3

    client = boto3.client("s3")
    listed = client.list_object_versions(Bucket=bucket, Prefix="notes.txt")["Versions"]
    for version in sorted(listed, key=lambda v: v["IsLatest"]):
        path = VersionedS3Path(f"/{bucket}/notes.txt", version_id=version["VersionId"])
        stat = path.stat()
        show(
            "version",
            (
                version["IsLatest"],
                path.read_text(),
                path.exists(),
                stat.st_size,
                stat.st_version_id == version["VersionId"],
            ),
        )
    show(
        "unknown version exists",
        VersionedS3Path(f"/{bucket}/notes.txt", version_id="nope").exists(),
    )


def rename():
    (root / "src" / "a.txt").write_text("a")
    (root / "src" / "sub" / "b.txt").write_text("b" * 100)
    (root / "src" / "a.txt").rename(root / "moved.txt")
    show("renamed file", tree())
    (root / "src").rename(root / "dst")
    show("renamed prefix", tree())
    (root / "moved.txt").replace(f"/{bucket}/dst/replaced.txt")
    show("replaced", tree())


def configured():
    import boto3
    from botocore.config import Config

    resource = boto3.resource(
        "s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"], config=Config(signature_version="s3v4")
    )
    register_configuration_parameter(S3Path("/"), resource=resource)
    register_configuration_parameter(root / "secure", parameters={"ServerSideEncryption": "AES256"})
    (root / "secure" / "s.txt").write_text("secret")
    (root / "plain.txt").write_text("plain")
    head = resource.meta.client.head_object(Bucket=bucket, Key="secure/s.txt")
    show("sse", head.get("ServerSideEncryption"))
    show("read", ((root / "secure" / "s.txt").read_text(), (root / "plain.txt").read_text()))
    show("listed", tree())


{"paths": paths, "versions": versions, "rename": rename, "configured": configured}[part]()
