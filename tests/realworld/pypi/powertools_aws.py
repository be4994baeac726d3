"""AWS Lambda Powertools' parameters (SSM, Secrets Manager, DynamoDB providers) and
idempotency (its DynamoDB persistence layer) outside Lambda, on the records made beforehand.
Arguments: the bucket (unused here) and the part: ``parameters`` or ``idempotency``.
"""

import sys

import boto3
from _script import attempt, show
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

part = sys.argv[2]


def run_parameters():
    show("ssm one", parameters.get_parameter("/app/db/host"))
    show("ssm decrypted", parameters.get_parameter("/app/secret", decrypt=True))
    show("ssm json", parameters.get_parameter("/app/config", transform="json"))
    show("ssm path", sorted(parameters.get_parameters("/app/db").items()))
    show("ssm path recursive", sorted(parameters.get_parameters("/app", recursive=True)))
    show(
        "ssm by name",
        sorted(
            parameters.get_parameters_by_name(
                parameters={"/app/db/host": {}, "/app/config": {"transform": "json"}},
                max_age=60,
            ).items()
        ),
    )
    ssm = parameters.SSMProvider(boto3_client=boto3.client("ssm"))
    show("provider auto transform", ssm.get("/app/config.json", transform="auto"))
    attempt("ssm missing", lambda: parameters.get_parameter("/app/missing"))
    attempt("ssm bad json", lambda: parameters.get_parameter("/app/db/host", transform="json"))
    set_result = parameters.set_parameter(name="/app/new", value="fresh", overwrite=True)
    show("set", sorted(set_result))
    show("set then get", parameters.get_parameter("/app/new", force_fetch=True))
    show("secret json", parameters.get_secret("app/creds", transform="json"))
    show("secret binary", parameters.get_secret("app/blob"))
    show("secrets", sorted(parameters.get_secrets_by_name(["app/creds", "app/blob"])))
    attempt("secret missing", lambda: parameters.get_secret("app/none"))
    set_result = parameters.set_secret(name="app/creds", value='{"user": "two"}')
    show("set secret", sorted(set_result))
    show("secret again", parameters.get_secret("app/creds", transform="json", force_fetch=True))
    table = parameters.DynamoDBProvider(table_name="params")
    show("dynamodb", (table.get("alpha"), table.get("beta", transform="json")))
    attempt("dynamodb missing", lambda: table.get("gamma"))
    multi = parameters.DynamoDBProvider(
        table_name="params_multi", key_attr="id", sort_attr="sk", value_attr="val"
    )
    show("dynamodb multiple", sorted(multi.get_multiple("cfg").items()))


def run_idempotency():
    calls = []
    persistence = DynamoDBPersistenceLayer(table_name="idempotency")
    config = IdempotencyConfig(event_key_jmespath="order_id", raise_on_no_idempotency_key=True)

    @idempotent_function(
        data_keyword_argument="order", persistence_store=persistence, config=config
    )
    def process(order):
        calls.append(order["order_id"])
        if order.get("fail"):
            raise RuntimeError(f"cannot process {order['order_id']}")
        return {"order": order["order_id"], "total": order["qty"] * 3}

    show("first", process(order={"order_id": "o-1", "qty": 2}))
    show("again", process(order={"order_id": "o-1", "qty": 2}))
    show("other", process(order={"order_id": "o-2", "qty": 5}))
    attempt("failing", lambda: process(order={"order_id": "o-3", "qty": 1, "fail": True}))
    attempt("failing again", lambda: process(order={"order_id": "o-3", "qty": 1, "fail": True}))
    attempt("no key", lambda: process(order={"qty": 1}))
    show("calls", calls)
    items = boto3.resource("dynamodb").Table("idempotency").scan()["Items"]
    show("stored", sorted((item["status"], "data" in item) for item in items))


{"parameters": run_parameters, "idempotency": run_idempotency}[part]()
