"""The table of session settings and their resolution."""
