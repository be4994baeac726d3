"""strato's resources against moto's server: S3, DynamoDB, SQS, SNS, IAM and EC2 through
``Session.resource``, with boto3's resources on the same server where listings compare."""

from __future__ import annotations

from typing import Any

import pytest

import strato

from ._servers import Server
from .conftest import MOTO_KEYS, PK_SK_TABLE, REGION, unique_name


@pytest.fixture
def resource(moto: Server) -> Any:
    """``resource(service, library="strato")``: a service resource on moto."""

    def make(service: str, library: str = "strato") -> Any:
        if library == "boto3":
            import boto3.session

            return boto3.session.Session(**MOTO_KEYS).resource(
                service, region_name=REGION, endpoint_url=moto.url
            )
        return strato.Session(**MOTO_KEYS).resource(
            service, region_name=REGION, endpoint_url=moto.url
        )

    return make


def test_s3_buckets_objects_and_batch_delete(resource: Any) -> None:
    s3 = resource("s3")
    bucket = s3.create_bucket(Bucket=unique_name("res"))
    assert type(bucket).__name__ == "s3.Bucket"
    assert bucket in list(s3.buckets.all())
    bucket.load()
    assert bucket.creation_date is not None  # boto3's load: found through list_buckets
    for i in range(5):
        bucket.put_object(Key=f"dir/k{i}", Body=f"value {i}".encode())
    bucket.Object("other").put(Body=b"x")
    keys = [o.key for o in bucket.objects.filter(Prefix="dir/")]
    assert keys == [f"dir/k{i}" for i in range(5)]
    assert len(list(bucket.objects.page_size(2).limit(3))) == 3
    assert [len(page) for page in bucket.objects.page_size(2).pages()] == [2, 2, 2]
    obj = s3.Object(bucket.name, "dir/k1")
    assert obj.get()["Body"].read() == b"value 1"
    assert obj.content_length == 7  # loaded by head_object on first read
    summary = next(iter(bucket.objects.filter(Prefix="dir/k2")))
    assert summary.size == 7
    summary.meta.data = None
    assert summary.size == 7  # boto3's ObjectSummary.load: head_object, Size
    boto_view = sorted(o.key for o in resource("s3", "boto3").Bucket(bucket.name).objects.all())
    assert sorted(o.key for o in bucket.objects.all()) == boto_view
    deleted = bucket.objects.filter(Prefix="dir/").delete()
    assert sorted(d["Key"] for d in deleted[0]["Deleted"]) == [f"dir/k{i}" for i in range(5)]
    assert [o.key for o in bucket.objects.all()] == ["other"]
    bucket.objects.all().delete()
    bucket.delete()
    assert bucket not in list(s3.buckets.all())


def test_sqs_queues_and_messages(resource: Any) -> None:
    sqs = resource("sqs")
    name = unique_name("queue")
    queue = sqs.create_queue(QueueName=name)
    assert queue == sqs.get_queue_by_name(QueueName=name)
    assert queue.attributes["QueueArn"].endswith(name)  # loaded via get_queue_attributes
    assert queue.url in [q.url for q in sqs.queues.filter(QueueNamePrefix=name)]
    sent = queue.send_message(MessageBody="hello")
    assert "MessageId" in sent
    messages = queue.receive_messages(MaxNumberOfMessages=1, WaitTimeSeconds=1)
    assert [m.body for m in messages] == ["hello"]
    assert type(messages[0]).__name__ == "sqs.Message"
    messages[0].delete()
    queue.delete()


def test_sns_topics_and_subscriptions(resource: Any) -> None:
    sns, sqs = resource("sns"), resource("sqs")
    topic = sns.create_topic(Name=unique_name("topic"))
    assert topic in list(sns.topics.all())
    queue = sqs.create_queue(QueueName=unique_name("sub"))
    subscription = topic.subscribe(Protocol="sqs", Endpoint=queue.attributes["QueueArn"])
    assert subscription in list(topic.subscriptions.all())
    assert subscription.attributes["TopicArn"] == topic.arn
    assert "MessageId" in topic.publish(Message="hi")
    subscription.delete()
    topic.delete()
    assert topic not in list(sns.topics.all())


def test_iam_users_roles_and_policies(resource: Any) -> None:
    iam = resource("iam")
    user = iam.create_user(UserName=unique_name("user"))
    assert user.arn.endswith(user.name)  # loaded via get_user
    role = iam.create_role(
        RoleName=unique_name("role"),
        AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}',
    )
    policy = iam.create_policy(
        PolicyName=unique_name("policy"),
        PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
        '"Action":"s3:*","Resource":"*"}]}',
    )
    user.attach_policy(PolicyArn=policy.arn)
    role.attach_policy(PolicyArn=policy.arn)
    assert policy in list(user.attached_policies.all())
    assert [r.name for r in policy.attached_roles.all()] == [role.name]
    assert user in list(iam.users.filter(PathPrefix="/"))
    boto_names = {u.name for u in resource("iam", "boto3").users.all()}
    assert {u.name for u in iam.users.all()} == boto_names
    user.detach_policy(PolicyArn=policy.arn)
    role.detach_policy(PolicyArn=policy.arn)
    user.delete()
    role.delete()
    policy.delete()


def test_ec2_instances_create_filter_wait_terminate(resource: Any) -> None:
    ec2 = resource("ec2")
    image = next(iter(ec2.images.filter(Owners=["amazon"]).limit(1)))
    instances = ec2.create_instances(ImageId=image.id, MinCount=2, MaxCount=2)
    assert [type(i).__name__ for i in instances] == ["ec2.Instance", "ec2.Instance"]
    ids = sorted(i.id for i in instances)
    found = ec2.instances.filter(InstanceIds=ids)
    assert sorted(i.id for i in found) == ids
    instances[0].wait_until_running()
    instances[0].reload()
    assert instances[0].state["Name"] == "running"
    tags = ec2.create_tags(Resources=ids, Tags=[{"Key": "team", "Value": "strato"}])
    assert sorted(t.resource_id for t in tags) == ids
    tagged = ec2.instances.filter(Filters=[{"Name": "tag:team", "Values": ["strato"]}])
    assert sorted(i.id for i in tagged) == ids
    instances[0].delete_tags(Tags=[{"Key": "team"}])
    instances[0].reload()
    assert not instances[0].tags
    ec2.instances.filter(InstanceIds=ids).terminate()
    instances[1].wait_until_terminated()
    assert instances[1].state["Name"] == "pending"  # as boto3: waiting does not reload
    instances[1].reload()
    assert instances[1].state["Name"] == "terminated"


def test_dynamodb_table_items_query_and_batch_writer(resource: Any) -> None:
    from strato.dynamodb.conditions import Attr, Key

    dynamodb = resource("dynamodb")
    table = dynamodb.create_table(TableName=unique_name("table"), **PK_SK_TABLE)
    assert type(table).__name__ == "dynamodb.Table"
    table.wait_until_exists()
    assert table.table_status == "ACTIVE"
    table.put_item(Item={"pk": "user#1", "sk": 1, "tags": {"a", "b"}, "blob": b"\x00"})
    with table.batch_writer() as batch:
        for i in range(2, 30):
            batch.put_item(Item={"pk": "user#1", "sk": i, "even": i % 2 == 0})
    item = table.get_item(Key={"pk": "user#1", "sk": 1})["Item"]
    assert item["tags"] == {"a", "b"} and item["sk"] == 1
    found = table.query(KeyConditionExpression=Key("pk").eq("user#1") & Key("sk").between(2, 5))
    assert [i["sk"] for i in found["Items"]] == [2, 3, 4, 5]
    even = table.scan(FilterExpression=Attr("even").eq(True))["Items"]
    assert len(even) == 14
    assert table in list(dynamodb.tables.all())
    boto_table = resource("dynamodb", "boto3").Table(table.name)
    assert boto_table.get_item(Key={"pk": "user#1", "sk": 1})["Item"] == item
    table.delete()
