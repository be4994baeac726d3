"""``botocore`` for the vendored examples: a package whose submodules are strato's modules."""
