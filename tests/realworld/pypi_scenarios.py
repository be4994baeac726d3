"""Open-source projects from PyPI that build on boto3, driven by our own scenario programs
(``pypi/``): which project, which part of its API, and where strato still differs.

The projects are installed packages (the ``test`` extra pins them; each wheel carries its own
licence), so unlike AWS's examples these run in every checkout. ``KNOWN`` holds, per scenario,
the first difference strato shows: that test is a strict expected failure, so it fails loudly
once strato behaves as boto3 does there, and its entry must go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROGRAMS = Path(__file__).parent / "pypi"
#: Every program gets this bucket, made (with versioning on) before the run.
BUCKET = "realworld-pypi"


@dataclass(frozen=True)
class PypiScenario:
    """``python pypi/SCRIPT BUCKET [PART]`` with the project ``project`` installed."""

    project: str
    script: str
    part: str = ""

    @property
    def id(self) -> str:
        return f"{self.project}.{self.part}" if self.part else self.project

    def argv(self) -> list[str]:
        return ["script", str(PROGRAMS / self.script), BUCKET, *filter(None, [self.part])]


SCENARIOS = (
    PypiScenario("smart_open", "smart_open_s3.py"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "default"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "paths"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "transfers"),
    PypiScenario("s3path", "s3path_paths.py", "paths"),
    PypiScenario("s3path", "s3path_paths.py", "versions"),
    PypiScenario("s3path", "s3path_paths.py", "rename"),
    PypiScenario("s3path", "s3path_paths.py", "configured"),
)

_S3PATH_IMPORT = (
    "S3 transfers: s3path (on Python < 3.12) imports `from boto3.s3.transfer import "
    "TransferManager` at import time, and strato.s3.transfer has no TransferManager "
    "(boto3 re-exports s3transfer's); next, `botocore.docs.docstring.LazyLoadedDocstring`"
)

KNOWN: dict[str, str] = {
    "cloudpathlib.default": (
        "session helpers: S3Client() builds boto3.session.Session(botocore_session=None, ...), "
        "and strato.Session takes no botocore_session argument (TypeError)"
    ),
    "s3path.paths": _S3PATH_IMPORT,
    "s3path.versions": _S3PATH_IMPORT,
    "s3path.rename": _S3PATH_IMPORT,
    "s3path.configured": _S3PATH_IMPORT
    + "; then per-path parameters are dropped: s3path keeps those an action's docstring lists "
    "as `:param Name:`, and strato's client methods have no such lines",
}
