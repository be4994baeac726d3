"""boto3's resource layer (``Session.resource``), driven by boto3's ``resources-1`` models.

``model`` reads a definition into names and parts, ``params`` and ``response`` turn
resources into request parameters and responses into resources, ``action`` and
``collection`` make the calls, ``factory`` builds the classes, ``customizations`` adds
boto3's service-specific methods. Nothing here is imported until a resource is made.
"""
