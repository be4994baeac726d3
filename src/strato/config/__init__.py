"""Reading the shared config and credentials files."""
