"""Differential tests: ``strato.Session`` against ``boto3.Session`` (botocore 1.44.8).

Each example lays out generated config / credentials / boto2 / EC2 files, an environment
and Session arguments, then compares everything a user can read (see ``outcome.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from .conftest import PROFILE_NAME
from .outcome import FIELDS, Outcome, differences, observe, report
from .scenario import Scenario, materialize, new_root
from .strategies import scenarios

PROFILE = settings.get_profile(PROFILE_NAME)


def _check(scenario: Scenario, base_dir: Path, order: Sequence[str] = FIELDS) -> Outcome:
    env = materialize(scenario, new_root(base_dir))
    reference = observe("botocore", scenario.kwargs, env)
    ours = observe("strato", scenario.kwargs, env, order=order)
    problems = differences(reference, ours)
    assert not problems, report(scenario, problems)
    return reference


def _s(config: str | None = None, credentials: str | None = None, **kw: object) -> Scenario:
    return Scenario(
        config=None if config is None else config.encode(),
        credentials=None if credentials is None else credentials.encode(),
        **kw,  # type: ignore[arg-type]
    )


# Edge cases of spec 1.3-1.6, 2 and 10 (parsing, file locations, providers, expiry),
# run as explicit examples before the generated ones.
EDGE_CASES = (
    _s("[default]\nregion = us-west-2 # inline\noutput = json ; x\n"),
    _s("[default]\nRegion: eu-west-1\nAWS_ACCESS_KEY_ID = X\naws_secret_access_key=a=b\n"),
    _s("[profile default]\nregion=a\nfoo=1\n[default]\nregion=b\n"),
    _s("[default]\nregion=a\n[default]\nregion=b\n"),
    _s("[default]\nregion=a\nREGION=b\n"),
    _s(
        credentials="[DEFAULT]\naws_access_key_id=DD\naws_secret_access_key=DS\n[x]\nregion=r\n",
        env={"AWS_PROFILE": "x"},
    ),
    _s(
        "[profilex y]\nregion=y\n[profile a b]\nregion=ab\n[profile]\nregion=p\n"
        "[Profile Cap]\nregion=c\n[ default ]\nregion=d\n[a]b] x\nk=v\n"
    ),
    _s(
        "[profile \"my name\"]\nregion=m\n[profile 'q']\nregion=q\n[profile  spaced  ]\nr=s\n",
        kwargs={"profile_name": "my name"},
    ),
    _s(
        "[default]\ns3 =\n  addressing_style = path\n  # c\n\n  Signature_Version = s3v4\n"
        "region = us-west-2\n  more\n"
    ),
    _s("[default]\ns3 =\n  addressing_style\n"),
    _s("[default]\r\nregion = crlf\r\ns3 =\r\n  use_arn_region = true\r\n"),
    _s("[default]\rregion = cr\r"),
    _s("region = before-any-section\n[default]\n"),
    _s("[default]\n= no key\nregion = x\n"),
    _s("[default]\nregion\n"),
    _s(
        credentials="[profile foo]\naws_access_key_id=A\naws_secret_access_key=S\n",
        kwargs={"profile_name": "foo"},
    ),
    _s("[foo]\nregion=f\n", env={"AWS_PROFILE": "foo"}),
    _s("[default]\nregion=x\n", env={"AWS_PROFILE": ""}),
    _s(
        "[default]\naws_access_key_id=CK\naws_secret_access_key=CS\n",
        "[default]\naws_access_key_id=A\n",
    ),
    _s(
        "[default]\naws_access_key_id=CK\naws_secret_access_key=CS\n",
        "[default]\naws_secret_access_key=only\n",
    ),
    _s(
        "[profile foo]\nregion=cfg\noutput=json\n",
        "[foo]\nregion=cred\n",
        kwargs={"profile_name": "foo"},
    ),
    _s(credentials="[default]\naws_access_key_id =\naws_secret_access_key =\n"),
    _s("[default]\ns3 = foo\n", env={"AWS_S3_USE_ARN_REGION": "true"}),
    _s(
        "[default]\nmetadata_service_timeout = 1.5\n",
        env={"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"},
    ),
    Scenario(config=b"[default]\nregion = caf\xe9\n"),
    _s(credentials="[default]\nregion=r\n", credentials_location="tilde"),
    _s("[default]\nregion=r\n", config_location="dollar"),
    _s("[default]\nregion=r\n", config_location="empty"),
    # Remote providers: compared by method (their first read would need the network).
    _s(
        "[default]\nrole_arn=arn:aws:iam::123456789012:role/r\nsource_profile=base\n"
        "[profile base]\naws_access_key_id=A\naws_secret_access_key=S\n"
    ),
    _s("[default]\nrole_arn=arn:aws:iam::123456789012:role/r\n"),
    # Role profiles botocore rejects while planning (no network), and web identity's.
    _s("[default]\nrole_arn=arn:aws:iam::1:role/r\ncredential_source=environment\n"),
    _s("[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=nope\n"),
    _s(
        "[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=b\n"
        "[profile b]\nrole_arn=arn:aws:iam::1:role/b\nsource_profile=default\n"
    ),
    _s(
        "[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=default\n",
        "[default]\naws_access_key_id=A\naws_secret_access_key=S\n",
    ),
    _s("[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=w\n[profile w]\nregion=x\n"),
    _s("[default]\nweb_identity_token_file={root}/token\n"),
    _s("[default]\nweb_identity_token_file=~/tok\nrole_arn=arn:aws:iam::1:role/r\n"),
    _s(
        "[default]\nsso_account_id=1\nsso_role_name=r\nsso_start_url=https://s\n"
        "sso_region=us-east-1\n"
    ),
    _s(credentials="[default]\ncredential_process=/nonexistent/strato-proc\n"),
    _s(
        "[default]\ncredential_process=/nonexistent/strato-proc\n",
        "[default]\naws_access_key_id=A\naws_secret_access_key=S\n",
    ),
    _s("[default]\nweb_identity_token_file={root}/token\nrole_arn=arn:aws:iam::1:role/r\n"),
    _s(env={"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"}),
    _s("[default]\nlogin_session=arn:aws:iam::1:user/u\n"),
    _s(env={"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"}),
    # Expirations: naive (botocore: TypeError on use), past (RuntimeError on use), junk.
    *(
        _s(env={"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", **expiry})
        for expiry in (
            {"AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00"},
            {"AWS_CREDENTIAL_EXPIRATION": "2000-01-01T00:00:00Z"},
            {"AWS_CREDENTIAL_EXPIRATION": "notadate"},
        )
    ),
)


#: The ``s3`` block read before a top-level setting that one of its members shares a name
#: with (a per-profile cache once keyed them alike).
_S3_FIRST = ("var:s3", *(f for f in FIELDS if f != "var:s3"))


def _edge_cases(test: Callable[..., None]) -> Callable[..., None]:
    shared_name = _s(
        "[default]\nuse_dualstack_endpoint = true\ns3 =\n  use_dualstack_endpoint = false\n"
    )
    test = example(scenario=shared_name, order=_S3_FIRST)(test)
    for scenario in reversed(EDGE_CASES):
        test = example(scenario=scenario, order=FIELDS)(test)
    return test


@settings(PROFILE)
@given(scenario=scenarios(), order=st.permutations(FIELDS))
@_edge_cases
def test_session_matches_botocore(scenario: Scenario, order: Sequence[str], base_dir: Path) -> None:
    """Everything a user can read from a Session is what boto3 gives (or deliberately not),
    whatever order strato is asked in."""
    reference = _check(scenario, base_dir, order)
    event(f"construct: {getattr(reference['construct'], 'name', 'ok')}")
    event(f"provider: {reference.get('credential_provider')}")
    creds = reference.get("credentials")
    event(f"credentials: {getattr(creds, 'name', None) or (creds or {}).get('method')}")


@settings(PROFILE, max_examples=40)
@given(scenario=scenarios())
def test_lean_reference_is_faithful(scenario: Scenario, base_dir: Path) -> None:
    """botocore without its client event handlers reads configuration the same way."""
    env = materialize(scenario, new_root(base_dir))
    full = observe("botocore", scenario.kwargs, env, lean=False)
    assert observe("botocore", scenario.kwargs, env) == full


def _bom(data: bytes | None) -> bytes | None:
    return None if data is None else b"\xef\xbb\xbf" + data


@settings(PROFILE, max_examples=150)
@given(scenario=scenarios())
def test_utf8_bom_is_ignored(scenario: Scenario, base_dir: Path) -> None:
    """Deliberate difference: with a UTF-8 BOM in front of each file, strato behaves as
    botocore does without it (botocore: ConfigParseError)."""
    root = new_root(base_dir)
    reference = observe("botocore", scenario.kwargs, materialize(scenario, root))
    with_bom = replace(
        scenario,
        config=_bom(scenario.config),
        credentials=_bom(scenario.credentials),
        boto=_bom(scenario.boto),
    )
    ours = observe("strato", scenario.kwargs, materialize(with_bom, root))
    problems = differences(reference, ours)
    assert not problems, report(with_bom, problems)
