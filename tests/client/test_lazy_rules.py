"""The endpoint rule set is read by a client's first call, not when the client is made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import strato
from strato.exceptions import UnknownServiceError

_MODEL = {
    "version": "2.0",
    "metadata": {
        "apiVersion": "2020-01-01",
        "endpointPrefix": "norules",
        "protocol": "json",
        "jsonVersion": "1.0",
        "serviceId": "No Rules",
        "signatureVersion": "v4",
        "targetPrefix": "NoRules",
        "uid": "norules-2020-01-01",
    },
    "operations": {
        "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"}},
    },
    "shapes": {},
}


def test_a_service_without_rules_makes_a_client_and_fails_at_the_first_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = tmp_path / "models" / "norules" / "2020-01-01"
    service.mkdir(parents=True)
    (service / "service-2.json").write_text(json.dumps(_MODEL))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "models"))
    monkeypatch.setenv("HOME", str(tmp_path))
    client = strato.Session(
        aws_access_key_id="AK", aws_secret_access_key="SK", region_name="us-east-1"
    ).client("norules")
    assert client.meta.region_name == "us-east-1"
    with pytest.raises(UnknownServiceError):
        client.ping()


def test_making_a_client_reads_no_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Which model files a client's creation reads, and what its first resolution adds."""
    from strato import loader

    read: list[str] = []
    original = loader._read_marshal

    def spy(base: str, lazy_shapes: bool = False) -> object:
        read.append(base.rsplit("/", 1)[-1])
        return original(base, lazy_shapes)

    monkeypatch.setattr(loader, "_read_marshal", spy)
    monkeypatch.setattr(loader, "_MODELS", {})
    monkeypatch.setattr(loader, "_DESCRIPTIONS", {})
    monkeypatch.setattr(loader, "_DATA", {})
    client = strato.Session(
        aws_access_key_id="AK", aws_secret_access_key="SK", region_name="eu-west-1"
    ).client("sts")
    assert "endpoint-rule-set-1" not in read and "partitions" not in read
    url = client.generate_presigned_url("get_caller_identity")
    assert url.startswith("https://sts.eu-west-1.amazonaws.com/")
    assert "endpoint-rule-set-1" in read and "partitions" in read
