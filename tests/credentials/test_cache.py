"""Credential caches: botocore's keys, the AWS CLI's file format (both ways), atomic
0600 writes, self-healing on corrupt entries (spec edge case 87), the lock, and how a
session turns the file cache on."""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.credentials  # type: ignore[import-untyped]
import botocore.utils  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato
from conformance._isolation import Home
from strato.credentials.cache import (
    FileCache,
    MemoryCache,
    cache_key,
    expiration,
    open_cache,
    reusable,
)
from strato.exceptions import CredentialCacheLockError, InvalidConfigError

from ._refresh_harness import Clock, strato_clock

_EXPIRES = datetime(2026, 11, 27, 23, 59, 42, tzinfo=UTC)


def _response(expires: datetime = _EXPIRES, secret: str = "SECRETKEY") -> dict[str, Any]:
    """An AssumeRole response as a client returns it (the cached value)."""
    return {
        "Credentials": {
            "AccessKeyId": "ASIAEXAMPLE",
            "SecretAccessKey": secret,
            "SessionToken": "TOKEN",
            "Expiration": expires,
            "AccountId": "123456789012",
        },
        "AssumedRoleUser": {
            "AssumedRoleId": "AROA:s",
            "Arn": "arn:aws:sts::123456789012:assumed-role/r/s",
        },
        "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200, "RetryAttempts": 0},
    }


# --- keys ---------------------------------------------------------------------------


def test_key_of_the_spec_example() -> None:
    assert cache_key({"RoleArn": "arn:aws:iam::666666666666:role/mixed"}) == (
        "377842a57e6ad26938a5d7160302be4e3772dfcf"
    )


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=25, deadline=None)
@given(
    role=_TEXT,
    extra=st.fixed_dictionaries(
        {},
        optional={
            "ExternalId": _TEXT,
            # An empty name is botocore's "not configured" (generated, left out of the key).
            "RoleSessionName": _TEXT.filter(bool),
            "DurationSeconds": st.integers(900, 43200),
            "SerialNumber": _TEXT,
            "Policy": st.dictionaries(_TEXT, _TEXT, max_size=3),
        },
    ),
)
def test_key_matches_botocore_assume_role_fetcher(role: str, extra: dict[str, Any]) -> None:
    """The key of the configured request (policy parsed, session name only when
    configured) is the one botocore's fetcher files its cache entry under."""
    botocore_extra = dict(extra)
    if "Policy" in extra:
        botocore_extra["Policy"] = json.dumps(extra["Policy"])
    fetcher = botocore.credentials.AssumeRoleCredentialFetcher(
        client_creator=None,
        source_credentials=None,
        role_arn=role,
        extra_args=botocore_extra,
        cache={},
    )
    assert cache_key({"RoleArn": role, **extra}) == fetcher._cache_key


# --- the AWS CLI's file format ------------------------------------------------------

_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**40), 2**40),
        _TEXT,
        st.datetimes(
            min_value=datetime(1970, 1, 2), max_value=datetime(2999, 1, 1), timezones=st.just(UTC)
        ),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=25, deadline=None)
@given(value=st.dictionaries(_TEXT, _VALUES, max_size=4))
def test_files_are_byte_for_byte_the_aws_cli_files(tmp_path_factory: Any, value: Any) -> None:
    ours = tmp_path_factory.mktemp("strato")
    theirs = tmp_path_factory.mktemp("botocore")
    FileCache(ours).put("k", value)
    botocore.utils.JSONFileCache(str(theirs))["k"] = value
    assert (ours / "k.json").read_bytes() == (theirs / "k.json").read_bytes()


def test_entries_written_by_the_cli_are_read_and_the_cli_reads_ours(tmp_path: Path) -> None:
    cli = botocore.utils.JSONFileCache(str(tmp_path))
    cli["from-cli"] = _response()
    FileCache(tmp_path).put("from-strato", _response())
    assert (tmp_path / "from-cli.json").read_text().count('"Expiration": "2026-11-27T23:59:42UTC"')
    ours = FileCache(tmp_path).get("from-cli")
    assert ours is not None and expiration(ours) == _EXPIRES
    assert ours == _response()  # the expiration comes back as a client gives it
    theirs = cli["from-strato"]
    assert botocore.credentials._parse_if_needed(theirs["Credentials"]["Expiration"]) == _EXPIRES
    theirs["Credentials"]["Expiration"] = _EXPIRES
    assert theirs == ours


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-27T23:59:42UTC",
        "2026-11-27T23:59:42Z",
        "2026-11-27T23:59:42+00:00",
        "2026-11-28T00:59:42+01:00",
        "2026-11-27T23:59:42.000Z",
        "2026-11-27T23:59:42",
    ],
)
def test_expiration_reads_cli_and_iso_8601(text: str) -> None:
    """As botocore's lenient parser reads them (a zone-less time is taken as UTC)."""
    assert expiration({"Credentials": {"Expiration": text}}) == _EXPIRES
    theirs = botocore.credentials._parse_if_needed(text)
    assert (theirs if theirs.tzinfo else theirs.replace(tzinfo=UTC)) == _EXPIRES


@pytest.mark.parametrize(("left", "reused"), [(900, True), (899, False), (-1, False)])
def test_reuse_rule_is_botocores(left: int, reused: bool) -> None:
    """A cached response is reused with 15 minutes or more left, as botocore's
    CachedCredentialFetcher decides."""
    clock = Clock()
    entry = _response(expires=clock.now + timedelta(seconds=left))
    fetcher = botocore.credentials.AssumeRoleCredentialFetcher(None, None, "arn", cache={})
    with strato_clock(clock), pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.credentials, "_local_now", clock)
        assert reusable(entry) is reused
        assert fetcher._is_expired(entry) is not reused
    assert reusable(None) is False


# --- writes -------------------------------------------------------------------------


def test_writes_are_0600_in_a_new_0700_directory_and_leave_no_temporary(tmp_path: Path) -> None:
    directory = tmp_path / "cli" / "cache"
    cache = FileCache(directory)
    cache.put("k", _response())
    cache.put("k", _response(secret="SECOND"))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / "k.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in directory.iterdir()) == ["k.json"]
    entry = cache.get("k")
    assert entry is not None and entry["Credentials"]["SecretAccessKey"] == "SECOND"


def test_a_value_json_cannot_hold_is_not_cached(tmp_path: Path, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING):
        FileCache(tmp_path).put("k", {"Credentials": {"Expiration": object()}})
    assert not (tmp_path / "k.json").exists()
    assert "Not caching credentials for k" in caplog.text


def test_memory_cache_copies_in_and_out() -> None:
    cache = MemoryCache()
    value = _response()
    cache.put("k", value)
    value["Credentials"]["AccessKeyId"] = "CHANGED"
    got = cache.get("k")
    assert got is not None and got["Credentials"]["AccessKeyId"] == "ASIAEXAMPLE"
    got["Credentials"]["AccessKeyId"] = "CHANGED"
    again = cache.get("k")
    assert again is not None and again["Credentials"]["AccessKeyId"] == "ASIAEXAMPLE"
    assert cache.get("other") is None


_LEAVES = st.none() | st.booleans() | st.integers() | st.text() | st.binary(max_size=4)
_NESTED = st.recursive(
    _LEAVES | st.datetimes(timezones=st.just(UTC)) | st.sets(st.integers(), max_size=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


def _containers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value, *(c for v in value.values() for c in _containers(v))]
    if isinstance(value, list | set):
        return [value, *(c for v in value for c in _containers(v))]
    return []


@settings(max_examples=200, deadline=None)
@given(_NESTED)
def test_memory_cache_copies_as_deepcopy_does(value: Any) -> None:
    """Equal to ``copy.deepcopy``'s copy, sharing no container with what was put."""
    import copy

    cache = MemoryCache()
    cache.put("k", {"v": value})
    got = cache.get("k")
    assert got == copy.deepcopy({"v": value})
    assert not {id(c) for c in _containers(got)} & {id(c) for c in _containers(value)}


# --- corrupt entries ----------------------------------------------------------------

_CORRUPT = {
    "truncated": '{"Credentials": {"SecretAccessKey": "LEAKME", "Expir',
    "not json": "LEAKME not json",
    "a list": '["LEAKME"]',
    "no expiration": '{"Credentials": {"SecretAccessKey": "LEAKME"}}',
    "bad expiration": '{"Credentials": {"SecretAccessKey": "LEAKME", "Expiration": "soon"}}',
    "not utf-8": b'{"Credentials": "\xff LEAKME"}',
}


@pytest.mark.parametrize("content", _CORRUPT.values(), ids=_CORRUPT.keys())
def test_corrupt_entries_are_discarded_with_a_warning_naming_the_file(
    tmp_path: Path, caplog: Any, content: str | bytes
) -> None:
    path = tmp_path / "k.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with caplog.at_level(logging.WARNING):
        assert FileCache(tmp_path).get("k") is None
    assert not path.exists()
    assert f"Discarding unreadable credential cache entry {path}" in caplog.text
    assert "LEAKME" not in caplog.text


def test_an_unreadable_entry_is_discarded(tmp_path: Path, caplog: Any) -> None:
    (tmp_path / "k.json").mkdir()
    with caplog.at_level(logging.WARNING):
        assert FileCache(tmp_path).get("k") is None
    assert "Discarding unreadable credential cache entry" in caplog.text


def test_edge_87_corrupt_cache_entry_heals_where_botocore_raises_key_error(
    tmp_path: Path,
) -> None:
    """Spec edge case 87: with a JSON-file cache on botocore's assume-role fetcher, a
    corrupt ``<key>.json`` makes the first use raise a bare ``KeyError`` (no STS call).
    strato's cache discards it and the caller fetches afresh."""
    args = {"RoleArn": "arn:aws:iam::123456789012:role/r"}
    key = cache_key(args)
    (tmp_path / f"{key}.json").write_text('{"Credentials": {"Acc')
    made: list[str] = []
    fetcher = botocore.credentials.AssumeRoleCredentialFetcher(
        client_creator=lambda *a, **k: made.append("sts"),
        source_credentials=None,
        role_arn=args["RoleArn"],
        cache=botocore.utils.JSONFileCache(str(tmp_path)),
    )
    assert fetcher._cache_key == key
    with pytest.raises(KeyError) as raised:
        fetcher.fetch_credentials()
    assert raised.value.args == (key,) and made == []

    cache = FileCache(tmp_path)
    fetched = []
    with cache.lock(key):
        hit = cache.get(key)
        if not reusable(hit):
            fetched.append(_response(expires=datetime.now(UTC) + timedelta(hours=1)))
            cache.put(key, fetched[-1])
    assert len(fetched) == 1
    assert reusable(cache.get(key))


# --- locking ------------------------------------------------------------------------


def test_a_held_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    holder, waiter = FileCache(tmp_path), FileCache(tmp_path, lock_timeout=0.2)
    with holder.lock("k"):
        with pytest.raises(CredentialCacheLockError) as raised:  # flock: another open file
            waiter.lock("k").__enter__()
        held = threading.Event()
        result: list[BaseException] = []

        def other_thread() -> None:
            short = FileCache(tmp_path, lock_timeout=0.2)
            short._locks = holder._locks  # the same process-wide locks: the thread lock
            try:
                short.lock("k").__enter__()
            except CredentialCacheLockError as error:
                result.append(error)
            held.set()

        threading.Thread(target=other_thread).start()
        assert held.wait(30)
    assert isinstance(raised.value, TimeoutError)
    assert str(raised.value) == (
        f"Timed out after 0.2 s waiting for the credential cache lock {tmp_path / 'k.lock'}: "
        "another thread or process holds it"
    )
    assert len(result) == 1
    with waiter.lock("k"):  # released: free again
        pass


def test_the_lock_is_released_when_the_section_raises(tmp_path: Path) -> None:
    cache = FileCache(tmp_path, lock_timeout=5)
    with pytest.raises(ValueError), cache.lock("k"):
        raise ValueError("fetch failed")
    with FileCache(tmp_path, lock_timeout=0.2).lock("k"):
        pass


# --- turning it on ------------------------------------------------------------------


def _cache_of(session: strato.Session) -> Any:
    return session._credential_context().cache


def test_default_is_in_memory_as_botocore(home: Home) -> None:
    assert isinstance(_cache_of(strato.Session()), MemoryCache)


def test_session_argument_turns_the_file_cache_on(home: Home, tmp_path: Path) -> None:
    cli = _cache_of(strato.Session(credential_cache=True))
    assert isinstance(cli, FileCache)
    assert cli.directory == os.path.expanduser("~/.aws/cli/cache")
    assert cli.directory == str(home.root / ".aws" / "cli" / "cache")
    assert _cache_of(strato.Session(credential_cache=tmp_path)).directory == str(tmp_path)
    mine = MemoryCache()
    assert _cache_of(strato.Session(credential_cache=mine)) is mine


def test_config_key_and_env_var(home: Home, tmp_path: Path) -> None:
    home.write_config("[default]\ncredential_cache = cli\n")
    session = strato.Session()
    assert isinstance(_cache_of(session), FileCache)
    assert session.explain("credential_cache").source == f"{home.config}:2 [default]"
    assert isinstance(_cache_of(strato.Session(credential_cache=False)), MemoryCache)
    os.environ["STRATO_CREDENTIAL_CACHE"] = "memory"
    assert isinstance(_cache_of(strato.Session()), MemoryCache)
    os.environ["STRATO_CREDENTIAL_CACHE"] = str(tmp_path)
    assert _cache_of(strato.Session()).directory == str(tmp_path)


def test_a_bad_setting_names_where_it_came_from(home: Home) -> None:
    home.write_config("[default]\ncredential_cache = relative/dir\n")
    with pytest.raises(InvalidConfigError) as raised:
        strato.Session().get_credentials()
    assert f"credential_cache (from {home.config}:2 [default])" in str(raised.value)
    with pytest.raises(InvalidConfigError):
        open_cache(42, "test")


def test_botocore_has_no_such_setting(home: Home) -> None:
    import boto3  # type: ignore[import-untyped]

    home.write_config("[default]\ncredential_cache = cli\n")
    assert boto3.Session()._session.get_config_variable("credential_cache") is None
    assert strato.Session().get_config_variable("credential_cache") == "cli"
