"""snake_case spells out botocore's three ``xform_name`` regexes as scans: held equal here."""

from __future__ import annotations

import botocore
import botocore.session
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.clients.naming import snake_case

# Letters of both cases, digits, the plural "s", separators, a newline (``$`` and ``.``
# treat it specially) and a non-ASCII capital.
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789s_\n\u00c9\u212a"
_WORDS = st.sampled_from(
    ["List", "Objects", "V2", "ARNs", "ACLs", "CNAMEs", "Get", "ID", "iSCSI", "s", "S", "3", "\n"]
)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=14))
def test_generated_text(name: str) -> None:
    assert snake_case(name) == botocore.xform_name(name)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_WORDS, max_size=6).map("".join))
def test_generated_camel_case_names(name: str) -> None:
    assert snake_case(name) == botocore.xform_name(name)


def test_every_operation_and_member_of_the_shipped_services() -> None:
    session = botocore.session.get_session()
    names: set[str] = set()
    for service in ("s3", "sts", "dynamodb", "sqs", "iam", "lambda", "ec2", "sso-oidc"):
        model = session.get_service_model(service)
        names.update(model.operation_names)
        names.update(model.shape_names)
    assert len(names) > 3000
    for name in sorted(names):
        assert snake_case(name) == botocore.xform_name(name), name


def test_shipped_method_names_are_the_rule_applied_ahead_of_time() -> None:
    """snake_case's cache is seeded from this table, one blob per service; every entry must
    be what the rule gives."""
    import marshal

    from strato.clients.naming import method_name
    from strato.loader import shipped_data

    blobs = shipped_data("method-names")
    assert isinstance(blobs, dict) and "s3" in blobs and "sts" in blobs
    names = {k: v for blob in blobs.values() for k, v in marshal.loads(blob).items()}
    assert len(names) > 500
    assert "ListObjectsV2" in names and "GetCallerIdentity" in names
    for operation, python_name in names.items():
        assert python_name == method_name(operation) == botocore.xform_name(operation)
