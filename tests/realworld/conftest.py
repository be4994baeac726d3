"""The vendored examples and their test suites run only in child processes, never here."""

collect_ignore = ["vendor", "shim", "_run.py"]
