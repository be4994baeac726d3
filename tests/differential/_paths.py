"""Where the read-only conformance data lives: ``shared/conformance`` beside the repo root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT.parent / "shared" / "conformance"

if not CONFORMANCE.is_dir():
    raise FileNotFoundError(f"conformance data missing: {CONFORMANCE}")
