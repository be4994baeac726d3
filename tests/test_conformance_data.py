"""The conformance data in ``tests/data/conformance`` is the suites as published: every file
listed in its ``SHA256SUMS`` is present and unmodified, so no test can pass on edited vectors."""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "conformance"


def _listed() -> dict[str, str]:
    sums: dict[str, str] = {}
    for line in (DATA / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        sums[name.strip()] = digest
    return sums


def test_every_listed_file_is_present_and_unmodified() -> None:
    listed = _listed()
    assert len(listed) > 1000
    changed = [
        name
        for name, digest in listed.items()
        if hashlib.sha256((DATA / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == []


def test_every_suite_keeps_its_licence_and_notice() -> None:
    assert (DATA / "LICENSE-Apache-2.0.txt").is_file()
    suites = [p for p in DATA.iterdir() if p.is_dir()]
    assert len(suites) >= 10
    assert [p.name for p in suites if not (p / "NOTICE.md").is_file()] == []
