"""Where the conformance data lives: ``tests/data/conformance`` (copied in, with its licences)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "data" / "conformance"

if not CONFORMANCE.is_dir():
    raise FileNotFoundError(f"conformance data missing: {CONFORMANCE}")
