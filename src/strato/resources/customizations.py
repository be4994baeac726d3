"""boto3's service-specific additions to resource classes, by class name (the handlers
boto3 registers for ``creating-resource-class.<name>``): S3's ``Bucket.load`` and
``ObjectSummary.load`` and its managed transfers, DynamoDB's transforms and ``batch_writer``,
EC2's ``create_tags`` / ``delete_tags``. Each module is imported only when its class is made.
"""

from __future__ import annotations

from .base import ServiceResource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def customize(cls_name: str, attrs: dict[str, Any], bases: list[type[Any]]) -> None:
    """Add the customizations of class ``cls_name`` to its attributes and bases."""
    if cls_name == "s3.Bucket":
        from ..s3.inject import add_bucket_methods

        _add(attrs, "load", bucket_load)
        add_bucket_methods(attrs)
    elif cls_name == "s3.Object":
        from ..s3.inject import add_object_methods

        add_object_methods(attrs)
    elif cls_name == "s3.ObjectSummary":
        _add(attrs, "load", object_summary_load)
    elif cls_name.startswith("dynamodb."):
        bases.insert(0, DynamoDBResource)
        if cls_name == "dynamodb.Table":
            from ..dynamodb.table import add_table_methods

            add_table_methods(attrs)
    elif cls_name == "ec2.ServiceResource":
        attrs["create_tags"] = create_tags
    elif cls_name == "ec2.Instance":
        _add(attrs, "delete_tags", delete_tags)


def _add(attrs: dict[str, Any], name: str, value: Any) -> None:
    """boto3's ``inject_attribute``: a customization never replaces a modeled attribute."""
    if name in attrs:
        raise RuntimeError(
            f'Cannot inject class attribute "{name}", attribute already exists in class dict.'
        )
    attrs[name] = value


def bucket_load(self: Any, *args: Any, **kwargs: Any) -> None:
    """The bucket's data from ``list_buckets`` (there is no call for one bucket's); empty
    when the bucket is not listed or listing is denied."""
    from ..exceptions import ClientError

    self.meta.data = {}
    try:
        response = self.meta.client.list_buckets()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "AccessDenied":
            raise
        return
    for bucket in response["Buckets"]:
        if bucket["Name"] == self.name:
            self.meta.data = bucket
            break


def object_summary_load(self: Any, *args: Any, **kwargs: Any) -> None:
    """The summary's data from ``head_object``, ``ContentLength`` named ``Size``."""
    response = self.meta.client.head_object(Bucket=self.bucket_name, Key=self.key)
    if "ContentLength" in response:
        response["Size"] = response.pop("ContentLength")
    self.meta.data = response


class DynamoDBResource(ServiceResource):
    """Every DynamoDB resource's client converts Python values and conditions
    (boto3's ``DynamoDBHighLevelResource``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ..dynamodb.transform import register_transforms

        register_transforms(self.meta.client)


def create_tags(self: Any, **kwargs: Any) -> list[Any]:
    """``create_tags``, answering a ``Tag`` resource per resource and tag."""
    self.meta.client.create_tags(**kwargs)
    return [
        self.Tag(resource, tag["Key"], tag["Value"])
        for resource in kwargs.get("Resources", [])
        for tag in kwargs.get("Tags", [])
    ]


def delete_tags(self: Any, **kwargs: Any) -> Any:
    """``delete_tags`` on this instance only."""
    kwargs["Resources"] = [self.id]
    return self.meta.client.delete_tags(**kwargs)
