"""``boto3.resources``: its submodules are strato's ``strato.resources`` modules."""
