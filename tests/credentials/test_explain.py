"""``Session.explain_credentials()``: which providers ran, what each found, no secrets."""

from __future__ import annotations

import os

import strato
from conformance._isolation import Home

_SECRET = "s3cr3t-do-not-show"


def test_names_every_provider_tried_and_the_winner(home: Home) -> None:
    home.write_credentials(f"[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = {_SECRET}\n")
    explanation = strato.Session(profile_name="dev").explain_credentials()
    assert explanation.method == "shared-credentials-file"
    assert explanation.source == f"{home.credentials}:2 [dev]"
    tried = [method for method, _ in explanation.steps]
    # An explicit profile drops the env provider; the file provider is the sixth tried.
    assert tried == [
        "assume-role",
        "assume-role-with-web-identity",
        "sso",
        "shared-credentials-file",
    ]
    assert explanation.steps[-1][1] == f"found: {home.credentials}:2 [dev]"
    assert all(what == "nothing configured" for _, what in explanation.steps[:-1])
    assert _SECRET not in str(explanation) and _SECRET not in repr(explanation)


def test_environment_and_explicit_keys(home: Home) -> None:
    os.environ.update(AWS_ACCESS_KEY_ID="AKENV", AWS_SECRET_ACCESS_KEY=_SECRET)
    explanation = strato.Session().explain_credentials()
    assert (explanation.method, explanation.steps) == (
        "env",
        [("env", "found: env AWS_ACCESS_KEY_ID")],
    )
    given = strato.Session(aws_access_key_id="AK", aws_secret_access_key=_SECRET)
    assert str(given.explain_credentials()) == (
        "credentials: explicit from Session() arguments\n  explicit: found: Session() arguments"
    )


def test_nothing_found_lists_the_whole_chain(home: Home) -> None:
    explanation = strato.Session().explain_credentials()
    assert explanation.method is None
    assert str(explanation).splitlines()[0] == "no credentials found"
    assert [m for m, _ in explanation.steps] == list(strato.Session().credential_plan().steps)


def test_a_role_shows_its_plan_and_where_the_source_keys_were_found(home: Home) -> None:
    """No request is made: the STS call waits for the first use of the credentials."""
    home.write_config(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = base\n"
        f"[profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = {_SECRET}\n"
    )
    session = strato.Session(profile_name="admin")
    chain = (
        f"assume-role arn:aws:iam::123456789012:role/a ({home.config}:2 [profile admin])"
        f" <- source_profile base <- static keys ({home.config}:5 [profile base])"
    )
    assert session.credential_plan().profile_chain() == chain
    text = str(session.explain_credentials())
    assert text.splitlines() == [
        f"credentials: {chain}",
        "  assume-role: found (above)",
        f"    source profile base: config-file: {home.config}:5 [profile base]",
    ]
    assert _SECRET not in text
