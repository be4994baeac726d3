"""Download reads that break are retried as s3transfer retries them: against a loopback S3
that cuts a GET's body short a set number of times, boto3 and strato (``use_threads=False``)
make the same requests, report the same progress (a rewind when a read breaks), and end
with the same file, or with RetriesExceededError once ``num_download_attempts`` is spent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

MB = 1024 * 1024
DATA = bytes(range(256)) * (12 * MB // 256 + 3)  # 12 MiB and 768 bytes: three 5 MiB ranges


class _FlakyS3(BaseHTTPRequestHandler):
    """HEAD and (ranged) GET of one object; the first ``cuts`` GETs stop halfway."""

    protocol_version = "HTTP/1.1"
    cuts = 0
    requests: list[tuple[str, str | None]]

    def log_message(self, *args: Any) -> None:
        pass

    def _range(self) -> tuple[int, int]:
        asked = self.headers.get("Range")
        if not asked:
            return 0, len(DATA) - 1
        first, _, last = asked.removeprefix("bytes=").partition("-")
        return int(first), int(last) if last else len(DATA) - 1

    def do_HEAD(self) -> None:
        self.requests.append(("HEAD", None))
        self.send_response(200)
        self.send_header("Content-Length", str(len(DATA)))
        self.send_header("ETag", '"etag"')
        self.end_headers()

    def do_GET(self) -> None:
        self.requests.append(("GET", self.headers.get("Range")))
        start, end = self._range()
        body = DATA[start : end + 1]
        self.send_response(206 if self.headers.get("Range") else 200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(DATA)}")
        self.send_header("ETag", '"etag"')
        self.end_headers()
        server = self.server
        if server.cuts > 0:  # type: ignore[attr-defined]
            server.cuts -= 1  # type: ignore[attr-defined]
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def flaky() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FlakyS3)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _download(lib: str, url: str, target: Path, attempts: int) -> Any:
    import boto3  # type: ignore[import-untyped]
    import boto3.s3.transfer  # type: ignore[import-untyped]

    import strato
    import strato.s3.transfer

    module, config = (
        (strato, strato.s3.transfer.TransferConfig)
        if lib == "strato"
        else (boto3, boto3.s3.transfer.TransferConfig)
    )
    client = module.Session().client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="a",
        aws_secret_access_key="b",
    )
    progress: list[int] = []
    try:
        client.download_file(
            "bucket",
            "key",
            str(target),
            Callback=progress.append,
            Config=config(
                use_threads=False,
                multipart_threshold=5 * MB,
                multipart_chunksize=5 * MB,
                num_download_attempts=attempts,
            ),
        )
        outcome: Any = target.read_bytes() == DATA
    except Exception as error:
        outcome = (type(error).__name__, str(error))
    return outcome, sum(progress), [amount for amount in progress if amount < 0] != []


@pytest.mark.parametrize(("cuts", "attempts"), [(0, 5), (1, 5), (2, 3), (3, 3)])
def test_broken_reads_are_retried_as_s3transfer_retries_them(
    flaky: ThreadingHTTPServer, tmp_path: Path, cuts: int, attempts: int
) -> None:
    url = f"http://127.0.0.1:{flaky.server_address[1]}"
    results = {}
    for lib in ("strato", "boto3"):
        _FlakyS3.requests = []
        flaky.cuts = cuts  # type: ignore[attr-defined]
        target = tmp_path / lib
        outcome = _download(lib, url, target, attempts)
        leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(lib + "."))
        results[lib] = (outcome, _FlakyS3.requests, leftovers)
    assert results["strato"] == results["boto3"]
    (outcome, total, rewound), requests, _ = results["strato"]
    assert rewound == (cuts > 0)
    if cuts < attempts:
        assert outcome is True and total == len(DATA)
        assert len(requests) == 1 + 3 + cuts
    else:
        assert outcome[:2] == ("RetriesExceededError", "Max Retries Exceeded")
        assert results["strato"][2] == []  # no partial file
