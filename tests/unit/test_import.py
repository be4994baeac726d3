"""``import strato`` and resolving credentials must not pull in heavy modules."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

HEAVY = (
    "re",
    "typing",
    "logging",
    "dataclasses",
    "threading",
    "datetime",
    "collections",
    "urllib",
    "json",
    "inspect",
    "email",
    "ssl",
    "socket",
)


def _printed(code: str, env: dict[str, str]) -> list[str]:
    """The lines ``code`` prints in a fresh isolated interpreter (``-I``) with ``env``."""
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.split("\n")


def _words(code: str) -> list[str]:
    """The words ``code`` prints in a fresh interpreter with this process's environment."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


@contextmanager
def _answering_once(answer: bytes) -> Iterator[str]:
    """A loopback server's URL: it reads one request head and sends ``answer``."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                piece = conn.recv(65536)
                if not piece:
                    return
                data += piece
            conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        thread.join(5)


def test_resolving_env_credentials_imports_nothing_heavy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys; before = set(sys.modules); import strato; s = strato.Session(); "
        "s.get_credentials().get_frozen_credentials(); s.region_name; "
        f"print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in {HEAVY!r}))"
    )
    env = {
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "AK",
        "AWS_SECRET_ACCESS_KEY": "SK",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    assert _printed(code, env) == ["[]", ""]


def test_request_errors_load_on_first_use_and_say_strato_exceptions() -> None:
    """strato._call_errors loads on the first lookup; its classes say strato.exceptions."""
    import pickle

    code = (
        "import sys, strato.exceptions as e; "
        "print('strato._call_errors' in sys.modules); "
        "err = e.ClientError({'Error': {'Code': 'X', 'Message': 'm'}}, 'Op'); "
        "print('strato._call_errors' in sys.modules, type(err).__module__, "
        "'EventStreamError' in dir(e), issubclass(e.EventStreamError, e.ClientError))"
    )
    assert _words(code) == ["False", "True", "strato.exceptions", "True", "True"]
    from strato.exceptions import ClientError

    again = pickle.loads(pickle.dumps(ClientError({"Error": {"Code": "X"}}, "Op")))
    assert type(again) is ClientError and again.response["Error"]["Code"] == "X"


def test_setup_errors_load_on_first_use_and_keep_their_identity() -> None:
    """strato._lazy_errors loads on the first lookup of one of its names; its classes say
    strato.exceptions, pickle by that name and keep their bases."""
    import pickle

    code = (
        "import sys, strato.exceptions as e; "
        "print('strato._lazy_errors' in sys.modules); "
        "err = e.InvalidConfigValueError(error_msg='bad'); "
        "print('strato._lazy_errors' in sys.modules, type(err).__module__, "
        "isinstance(err, (e.InvalidConfigError, ValueError)), 'ProfileNotFound' in dir(e))"
    )
    assert _words(code) == ["False", "True", "strato.exceptions", "True", "True"]
    from strato.exceptions import ConfigParseError, ProfileNotFound

    again = pickle.loads(pickle.dumps(ProfileNotFound(profile="p")))
    assert type(again) is ProfileNotFound and str(again) == str(ProfileNotFound(profile="p"))
    parse = pickle.loads(pickle.dumps(ConfigParseError(path="f", line=3, reason="r")))
    assert type(parse) is ConfigParseError and str(parse) == "Unable to parse config file: f:3: r"


@pytest.mark.parametrize("module_name", ["_call_errors", "_lazy_errors"])
def test_every_lazy_error_is_served_by_strato_exceptions(module_name: str) -> None:
    """The names strato.exceptions serves from a lazy module and the classes that module
    defines (not those it imports from strato.exceptions) are the same set."""
    import importlib

    import strato.exceptions as e

    served = e._CALL_ERRORS if module_name == "_call_errors" else e._LAZY_ERRORS
    lazy = e._CALL_ERRORS | e._LAZY_ERRORS
    eager = {name for name in vars(e) if name not in lazy}
    module = importlib.import_module(f"strato.{module_name}")
    defined = {
        name
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == "strato.exceptions"
    }
    assert defined - eager == set(served)
    assert all(getattr(e, name) is getattr(module, name) for name in served)
    assert set(served) <= set(e.__all__)  # ``from strato.exceptions import *``


def test_operations_and_shapes_load_on_first_use_from_strato_model() -> None:
    """strato.model serves the operation and shape classes of strato._operation_model,
    which loads when the first is named or an operation model is made."""
    code = (
        "import sys, strato.model as m; "
        "print('strato._operation_model' in sys.modules); "
        "op = m.ServiceModel({'operations': {'A': {'name': 'A'}}}).operation_model('A'); "
        "print('strato._operation_model' in sys.modules, type(op) is m.OperationModel, "
        "repr(op), 'StructureShape' in dir(m), m.StructureShape.__name__)"
    )
    assert _words(code) == [
        "False",
        "True",
        "True",
        "OperationModel(name=A)",
        "True",
        "StructureShape",
    ]


def test_a_first_call_loads_no_urllib3_http_client_or_email(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The transport is strato's own (socket and ssl): a whole call against a loopback
    server leaves urllib3, http.client and email (and urllib.request) unimported."""
    body = (
        b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn>"
        b"<UserId>AIDAX</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
        b"</GetCallerIdentityResponse>"
    )
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body)
    with _answering_once(answer) as url:
        code = (
            "import sys, strato; "
            f"c = strato.Session().client('sts', endpoint_url={url!r}); "
            "print(c.get_caller_identity()['Account']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('urllib3', 'email') or m in ('http.client', 'urllib.request')))"
        )
        env = {
            "HOME": str(tmp_path),
            "AWS_ACCESS_KEY_ID": "AK",
            "AWS_SECRET_ACCESS_KEY": "SK",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        printed = _printed(code, env)
    assert printed[:2] == ["123456789012", "[]"]


def test_a_role_from_a_warm_on_disk_cache_imports_no_json_re_or_hashlib(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The cache entry is read with json's C scanner and keyed with ``_sha1``, expiries
    are ``_datetime``'s: neither json (its decoder imports re), hashlib (OpenSSL), the
    datetime module nor copy is loaded. No STS listens."""
    import hashlib
    import json

    import botocore.utils

    (tmp_path / "config").write_text(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = SKBASE\n"
    )
    # botocore's key for the role's request, so the entry is the AWS CLI's too.
    key = hashlib.sha1(
        json.dumps({"RoleArn": "arn:aws:iam::123456789012:role/r"}, sort_keys=True).encode()
    ).hexdigest()
    botocore.utils.JSONFileCache(str(tmp_path / "cache"))[key] = {
        "Credentials": {
            "AccessKeyId": "ASIACACHED",
            "SecretAccessKey": "cached-secret",
            "SessionToken": "cached-token",
            "Expiration": "2099-01-01T00:00:00UTC",
        }
    }
    code = (
        "import sys, strato; "
        f"s = strato.Session(profile_name='role', credential_cache={str(tmp_path / 'cache')!r}); "
        "print(s.get_credentials().get_frozen_credentials().access_key); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('json', 're', 'hashlib', 'datetime', 'copy')))"
    )
    env = {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9",
    }
    assert _printed(code, env)[:2] == ["ASIACACHED", "[]"]


@pytest.mark.parametrize("provider", ["container-role", "iam-role"])
def test_metadata_credentials_load_no_urllib3_http_client_or_email(  # type: ignore[no-untyped-def]
    provider: str, tmp_path
) -> None:
    """The container and instance-metadata providers send on strato's own HTTP: resolving
    their credentials from the emulators loads neither http.client nor email nor urllib3."""
    from emulators.container import ContainerEmulator
    from emulators.imds import ImdsEmulator

    server = ContainerEmulator() if provider == "container-role" else ImdsEmulator()
    env = {"HOME": str(tmp_path), "AWS_CONFIG_FILE": str(tmp_path / "none")}
    server.start()
    if isinstance(server, ContainerEmulator):
        env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.full_uri
    else:
        env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = server.url
    code = (
        "import sys, strato; c = strato.Session().get_credentials(); "
        "print(c.method, c.get_frozen_credentials().access_key); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('urllib3', 'email') or m in ('http.client', 'urllib.request')))"
    )
    try:
        printed = _printed(code, env)
    finally:
        server.stop()
    key = "ASIACONTAINER" if provider == "container-role" else "ASIAIMDSKEY"
    assert printed[:2] == [f"{provider} {key}", "[]"]
    assert len(server.requests) == (1 if provider == "container-role" else 3)


# --- the module lists of a first client and a first call ------------------------------

#: What a first call may never load (a heavy import creeping back fails here; the
#: lists below say exactly what loads).
FORBIDDEN = (
    "json",
    "typing",
    "xml.etree",
    "datetime",
    "decimal",
    "logging",
    "uuid",
    "importlib.metadata",
    "platform",
    "http.client",
    "email",
    "urllib3",
    "urllib.request",
    "urllib.parse",
    "re",
    "hashlib",
    "ssl",
    "socket",
    "selectors",
    "threading",
    "inspect",
    "dataclasses",
    "copy",
    "encodings.idna",
    "strato._lazy_errors",  # error classes load when one is first raised
)

#: ``import strato; strato.Session().client(name)`` with credentials and region in the
#: environment: strato's own modules and nothing else of the standard library.
CLIENT_MODULES = frozenset(
    {
        "__future__",
        "strato",
        "strato._agent",
        "strato._lazy",
        "strato._log",
        "strato.clients",
        "strato.clients.base",
        "strato.clients.config",
        "strato.clients.creator",
        "strato.clients.endpoint_params",
        "strato.clients.endpoint_url",
        "strato.clients.legacy_endpoints",
        "strato.clients.naming",
        "strato.config",
        "strato.config.files",
        "strato.config.ini",
        "strato.credentials",
        "strato.credentials.objects",
        "strato.credentials.plan",
        "strato.credentials.providers",
        "strato.exceptions",
        "strato.loader",
        "strato.model",
        "strato.session",
        "strato.settings",
        "strato.settings.store",
        "strato.settings.table",
    }
)

#: What any client made with ``endpoint_url`` adds with its first call: endpoint rules,
#: serializing, signing, the transport, parsing.
CALL_PATH = frozenset(
    {
        "_datetime",
        "_operator",
        "_sha1",
        "_sha256",
        "_socket",
        "itertools",
        "strato._digests",
        "strato._http",
        "strato._ids",
        "strato._operation_model",
        "strato._time",
        "strato._urlpath",
        "strato.clients.auth",
        "strato.clients.call",
        "strato.clients.checksums",
        "strato.clients.customize",
        "strato.clients.responses",
        "strato.clients.retries",
        "strato.clients.service_handlers",
        "strato.clients.transport",
        "strato.endpoints",
        "strato.endpoints._compile",
        "strato.endpoints._library",
        "strato.endpoints._provider",
        "strato.protocols",
        "strato.protocols._parse_common",
        "strato.protocols._serialize_common",
        "strato.protocols._shape_cache",
        "strato.protocols.parse",
        "strato.signing",
        "strato.signing._model",
        "strato.signing._sigv4",
        "strato.signing._util",
        "strato.validate",
    }
)
#: Answers in XML, read on pyexpat directly.
XML = frozenset(
    {
        "pyexpat",
        "pyexpat.errors",
        "pyexpat.model",
        "strato.protocols._xmltree",
        "strato.protocols.parse_xml",
    }
)
#: JSON, through json's C scanner and encoder (not the json package).
JSON = frozenset(
    {"_json", "strato._fastjson", "strato.protocols.serialize_json"},
)

#: Exactly what each first call adds to a client's modules.
FIRST_CALL_MODULES = {
    "sts": CALL_PATH | XML | {"strato.protocols.serialize_query"},
    "dynamodb": CALL_PATH | JSON | {"binascii", "strato.protocols.parse_json"},
    "s3": CALL_PATH
    | XML
    | JSON
    | {
        "strato.clients.s3_params",
        "strato.protocols.serialize_rest",
        "strato.protocols.streaming",
    },
}

#: The calls, with the headers and body of the answer the loopback server gives each.
DYNAMODB_ITEM = b'{"Item":{"id":{"S":"123456789012"}}}'
CALLS: dict[str, tuple[str, dict[str, str], bytes]] = {
    "sts": (
        "c.get_caller_identity()['Account']",
        {"Content-Type": "text/xml"},
        b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn>"
        b"<UserId>AIDAX</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
        b"</GetCallerIdentityResponse>",
    ),
    "s3": (
        "c.get_object(Bucket='bucket', Key='k')['Body'].read().decode()",
        {"ETag": '"e"', "Content-Type": "text/plain"},
        b"123456789012",
    ),
    "dynamodb": (
        "c.get_item(TableName='t', Key={'id': {'S': '1'}})['Item']['id']['S']",
        {
            "Content-Type": "application/x-amz-json-1.0",
            "x-amz-crc32": str(zlib.crc32(DYNAMODB_ITEM)),
        },
        DYNAMODB_ITEM,
    ),
}


def _modules_loaded(code: str, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    """Run ``code`` in a fresh interpreter with keys and region in the environment; the
    lines it prints (``sys.modules`` snapshots are ``before``, ``made`` and ``done``)."""
    env = {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_ACCESS_KEY_ID": "AK",
        "AWS_SECRET_ACCESS_KEY": "SK",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    return _printed(code, env)


@pytest.mark.parametrize("service", ["sts", "s3", "dynamodb"])
def test_making_a_client_loads_strato_modules_only(service: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """DynamoDB (Lambda's usual client) also loads endpoint discovery: no endpoint_url."""
    code = (
        "import sys; before = set(sys.modules); import strato; "
        f"strato.Session().client({service!r}); print(*sorted(set(sys.modules) - before))"
    )
    extra = {"strato.clients.discovery"} if service == "dynamodb" else set()
    assert set(_modules_loaded(code, tmp_path)[0].split()) == CLIENT_MODULES | extra


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_first_call_loads_only_the_allowed_modules(service: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A client for a loopback server (``endpoint_url``) and one call: what it adds to
    a client's modules is exactly the call's list, and nothing forbidden loads
    (dynamodb: the Lambda-style handler's client and ``get_item``). A module that no
    longer loads is taken off the list, so one that comes back fails here."""
    call, headers, body = CALLS[service]
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    answer = f"HTTP/1.1 200 OK\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
    with _answering_once(answer) as url:
        code = (
            "import sys; before = set(sys.modules); import strato; "
            f"c = strato.Session().client({service!r}, endpoint_url={url!r}); "
            f"print({call}); print(*sorted(set(sys.modules) - before))"
        )
        answered, loaded, *_ = _modules_loaded(code, tmp_path)
    assert answered == "123456789012"
    added = set(loaded.split()) - CLIENT_MODULES
    assert sorted(added & set(FORBIDDEN)) == []
    assert sorted(added - FIRST_CALL_MODULES[service]) == []  # new: justify or cut it
    assert sorted(FIRST_CALL_MODULES[service] - added) == []  # gone: take it off the list
