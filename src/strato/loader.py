"""Find and load JSON model data along a search path, with botocore's ``Loader`` semantics.

The search path is the user's ``data_path`` entries, ``~/.aws/models``, strato's own
``data`` directory, the ``strato-models`` package's (``pip install strato[models]``: every
other service), then an installed botocore's data directory (found without importing
botocore), so every service botocore knows is available when either is installed.
Resource models (``resources-1``) are looked up along the same path and then in an installed
boto3's data directory (:func:`boto3_data_dir`).
"""

from __future__ import annotations

import os

from strato import exceptions as errors
from strato._lazy import once
from strato.exceptions import DataNotFoundError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_EXTRAS_TYPES = ("sdk",)


def default_search_paths(data_path: str | None = None) -> list[str]:
    """The full search path for a ``data_path`` setting (``AWS_DATA_PATH`` syntax)."""
    paths: list[str] = []
    if data_path is not None:
        paths.extend(
            os.path.expanduser(os.path.expandvars(entry)) for entry in data_path.split(os.pathsep)
        )
    paths.append(os.path.join(os.path.expanduser("~"), ".aws", "models"))
    paths.append(_DATA_DIR)
    models_data = models_data_dir()
    if models_data is not None:
        paths.append(models_data)
    botocore_data = botocore_data_dir()
    if botocore_data is not None:
        paths.append(botocore_data)
    return paths


@once
def botocore_data_dir() -> str | None:
    """The first ``botocore/data`` beside a ``botocore/__init__.py`` on ``sys.path``,
    looked up once per process."""
    return _package_data_dir("botocore")


@once
def models_data_dir() -> str | None:
    """The ``strato_models`` package's ``data`` (docs/models.md), found the same way."""
    return _package_data_dir("strato_models")


@once
def boto3_data_dir() -> str | None:
    """An installed boto3's ``data`` directory (its resource models), found the same way.
    Only resource look-ups search it (``Session.resource``), after every other path."""
    return _package_data_dir("boto3")


def _package_data_dir(package: str) -> str | None:
    """``<package>/data`` of an installed package, by a plain scan: the package is not
    imported, and neither is importlib's finder machinery (a data directory must be a
    real directory for the loader to list it anyway)."""
    import sys

    module = sys.modules.get(package)
    locations = list(getattr(module, "__path__", ())) or [
        os.path.join(entry or os.curdir, package) for entry in sys.path if isinstance(entry, str)
    ]
    for location in locations:
        candidate = os.path.join(location, "data")
        if os.path.isfile(os.path.join(location, "__init__.py")) and os.path.isdir(candidate):
            return candidate
    return None


def create_loader(data_path: str | None = None) -> Loader:
    """A loader over :func:`default_search_paths` for the given ``data_path`` value."""
    return Loader(default_search_paths(data_path))


#: strato's shipped data also comes as marshal (the JSON parsed once, at generation time):
#: a client is then made without importing ``json``, and through it ``re``. Files start
#: with this header; any other header, or data this interpreter's marshal cannot read,
#: means the JSON copy beside it is read instead.
MARSHAL_HEADER = b"strato-marshal-4\n"
#: A service model whose ``shapes`` (and ``operations``) map each name to its own marshal
#: blob: S3 has hundreds of shapes and a client uses a few, so they are decoded on first
#: lookup.
MARSHAL_SHAPES_HEADER = b"strato-marshal-shapes-4\n"
#: The sections of such a model whose entries may be blobs of their own.
_BLOB_SECTIONS = ("operations", "shapes")
#: A whole marshal file (with one of the headers above) compressed with zlib: the
#: strato-models package stores every model so, at a fifth of the size.
MARSHAL_ZLIB_HEADER = b"strato-marshal-zlib\n"


class LazyBlobs:
    """A read-mostly mapping whose values are each decoded from a marshal blob when first
    read: a service model's ``shapes`` and ``operations`` (only
    :class:`strato.model.ServiceModel` sees these,
    through :meth:`Loader.load_service_description`; ``load_service_model`` returns plain
    dicts), and the services of each partition of the shipped endpoints extract.
    """

    __slots__ = ("_blobs",)

    def __init__(self, blobs: dict[str, Any]) -> None:
        self._blobs = blobs  # name -> blob (bytes) until decoded, then the value

    def __getitem__(self, name: str) -> Any:
        value = self._blobs[name]
        if type(value) is bytes:
            import marshal

            value = self._blobs[name] = marshal.loads(value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self._blobs else default

    def __contains__(self, name: object) -> bool:
        return name in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def items(self) -> Iterator[tuple[str, Any]]:
        return ((name, self[name]) for name in list(self._blobs))

    def values_holding(self, text: str) -> Iterator[Any]:
        """The values decoded so far, and those whose blob holds ``text`` (marshal writes
        a string's first occurrence in a blob as its bytes): a value that has ``text`` as a
        key or string is among them, and the other blobs are not decoded."""
        needle = text.encode()
        for name, value in list(self._blobs.items()):
            if type(value) is not bytes or needle in value:
                yield self[name]

    def merge(self, extra: dict[str, Any]) -> None:
        """An sdk-extras ``shapes`` section merged in, as :func:`_deep_merge` would."""
        for name, value in extra.items():
            current = self[name] if name in self._blobs else None
            if isinstance(current, dict) and isinstance(value, dict):
                _deep_merge(current, value)
            else:
                self._blobs[name] = value

    def to_dict(self) -> dict[str, Any]:
        """Every shape decoded, as a plain dict (the decoded shapes are shared)."""
        return dict(self.items())


def _read_marshal(base: str, lazy_shapes: bool = False) -> Any | None:
    """``base.marshal`` if this interpreter can read it; ``lazy_shapes`` keeps a shapes-form
    model's shapes and operations as :class:`LazyBlobs` (else they are all decoded into
    plain dicts)."""
    try:
        with open(base + ".marshal", "rb") as fp:
            raw = fp.read()
    except OSError:
        return None
    if raw.startswith(MARSHAL_ZLIB_HEADER):
        import zlib

        try:
            raw = zlib.decompress(memoryview(raw)[len(MARSHAL_ZLIB_HEADER) :])
        except zlib.error:
            return None
    per_shape = raw.startswith(MARSHAL_SHAPES_HEADER)
    header = MARSHAL_SHAPES_HEADER if per_shape else MARSHAL_HEADER
    if not raw.startswith(header):
        return None
    import marshal

    try:
        value = marshal.loads(memoryview(raw)[len(header) :])
        if per_shape:
            for key in _BLOB_SECTIONS:
                if key in value:
                    section = LazyBlobs(value[key])
                    value[key] = section if lazy_shapes else section.to_dict()
    except (EOFError, ValueError, TypeError, KeyError):
        return None
    return value


def shipped_data(name: str) -> Any | None:
    """Data strato derives for itself at generation time (marshal only); None if absent."""
    return _read_marshal(os.path.join(_DATA_DIR, name))


def _read_json(base: str, shipped: bool = False, lazy_shapes: bool = False) -> Any | None:
    """Load ``base.json``, else ``base.json.gz``; None when neither file exists.

    ``shipped``: ``base`` is in strato's own data, so its marshal copy is tried first
    (``lazy_shapes`` as for :func:`_read_marshal`).
    """
    if shipped:
        found = _read_marshal(base, lazy_shapes)
        if found is not None:
            return found
    plain = base + ".json"
    if os.path.isfile(plain):
        with open(plain, "rb") as fp:
            raw = fp.read()
    elif os.path.isfile(base + ".json.gz"):
        import zlib

        with open(base + ".json.gz", "rb") as fp:
            raw = zlib.decompress(fp.read(), wbits=31)  # gzip framing, without the gzip module
    else:
        return None
    import json

    return json.loads(raw.decode("utf-8"))


def _exists(base: str) -> bool:
    return (
        os.path.isfile(base + ".json")
        or os.path.isfile(base + ".json.gz")
        or os.path.isfile(base + ".marshal")  # strato-models has no JSON
    )


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Merge ``extra`` into ``base`` in place; nested dicts merge, anything else replaces."""
    for key, value in extra.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _deep_merge(current, value)
        elif isinstance(current, LazyBlobs) and isinstance(value, dict):
            current.merge(value)
        else:
            base[key] = value


#: Models loaded in this process, by search paths and name: model files do not change
#: while a program runs, so sessions with the same data path share one parsed copy.
#: Treat what the loader returns as read-only.
_MODELS: dict[tuple[tuple[str, ...], str, str, str | None], Any] = {}
#: The same for :meth:`Loader.load_service_description` (shapes decoded on demand).
_DESCRIPTIONS: dict[tuple[tuple[str, ...], str, str, str | None], Any] = {}
_DATA: dict[tuple[tuple[str, ...], str], Any] = {}


class Loader:
    """Loads models from an ordered list of directories; results are shared per process."""

    def __init__(self, search_paths: Sequence[str]) -> None:
        self._search_paths = list(search_paths)
        self._key = tuple(self._search_paths)
        self._services: dict[str, list[str]] = {}
        self._versions: dict[tuple[str, str], list[str]] = {}

    @property
    def search_paths(self) -> list[str]:
        return self._search_paths

    def _existing_dirs(self) -> list[str]:
        return [path for path in self._search_paths if os.path.isdir(path)]

    def list_available_services(self, type_name: str) -> list[str]:
        """Sorted names of services with at least one API version holding ``type_name``."""
        cached = self._services.get(type_name)
        if cached is not None:
            return cached
        services: set[str] = set()
        for root in self._existing_dirs():
            for service in os.listdir(root):
                service_dir = os.path.join(root, service)
                if service in services or not os.path.isdir(service_dir):
                    continue
                if any(
                    _exists(os.path.join(service_dir, version, type_name))
                    for version in os.listdir(service_dir)
                ):
                    services.add(service)
        result = self._services[type_name] = sorted(services)
        return result

    def list_api_versions(self, service_name: str, type_name: str) -> list[str]:
        """Sorted API versions of a service holding ``type_name``, across all search paths."""
        key = (service_name, type_name)
        cached = self._versions.get(key)
        if cached is not None:
            return cached
        versions: set[str] = set()
        for root in self._existing_dirs():
            service_dir = os.path.join(root, service_name)
            if not os.path.isdir(service_dir):
                continue
            versions.update(
                version
                for version in os.listdir(service_dir)
                if _exists(os.path.join(service_dir, version, type_name))
            )
        if not versions:
            raise DataNotFoundError(data_path=service_name)
        result = self._versions[key] = sorted(versions)
        return result

    def determine_latest_version(self, service_name: str, type_name: str) -> str:
        """The lexicographically greatest API version, as botocore picks it."""
        return self.list_api_versions(service_name, type_name)[-1]

    def load_service_model(
        self, service_name: str, type_name: str, api_version: str | None = None
    ) -> Any:
        """A service's model of ``type_name`` (latest version by default), extras merged in."""
        key = (self._key, service_name, type_name, api_version)
        if key in _MODELS:
            return _MODELS[key]
        return self._load(service_name, type_name, api_version, lazy_shapes=False)

    def load_service_description(self, service_name: str, api_version: str | None) -> Any:
        """The ``service-2`` model for :class:`strato.model.ServiceModel`: as
        :meth:`load_service_model`, but its ``shapes`` and ``operations`` may be
        :class:`LazyBlobs`."""
        key = (self._key, service_name, "service-2", api_version)
        found = _DESCRIPTIONS.get(key) or _MODELS.get(key)
        if found is None:
            found = self._load(service_name, "service-2", api_version, lazy_shapes=True)
        return found

    def _load(
        self,
        service_name: str,
        type_name: str,
        api_version: str | None,
        lazy_shapes: bool,
    ) -> Any:
        """A fresh (or cached per resolved version) load for the two methods above: into
        ``_DESCRIPTIONS`` with ``lazy_shapes``, else ``_MODELS``."""
        key = (self._key, service_name, type_name, api_version)
        cache, other = (_DESCRIPTIONS, _MODELS) if lazy_shapes else (_MODELS, _DESCRIPTIONS)
        try:
            latest = self.determine_latest_version(service_name, type_name)
        except DataNotFoundError:
            latest = None
        if latest is None:
            # Only now list every service, for the error message (a scan of all paths).
            known = self.list_available_services(type_name)
            raise errors.UnknownServiceError(
                service_name=service_name, known_service_names=", ".join(known)
            )
        version = api_version or latest
        resolved = (self._key, service_name, type_name, version)
        if resolved in cache:
            cache[key] = cache[resolved]
            return cache[key]
        # The other form, once loaded, is not read again: a plain model serves as a
        # description, and a description gives the plain model its shapes decoded.
        loaded = other.get(resolved)
        if loaded is not None:
            if any(isinstance(value, LazyBlobs) for value in loaded.values()):
                loaded = {
                    key: value.to_dict() if isinstance(value, LazyBlobs) else value
                    for key, value in loaded.items()
                }
            cache[key] = cache[resolved] = loaded
            return loaded
        # A fresh parse: the extras are merged into it, and the result is what is shared.
        model = self._read(os.path.join(service_name, version, type_name), lazy_shapes)
        for extras_type in _EXTRAS_TYPES:
            extras_name = f"{type_name}.{extras_type}-extras"
            try:
                extras = self._read(os.path.join(service_name, version, extras_name))
            except DataNotFoundError:
                continue
            if "merge" in extras:
                _deep_merge(model, extras["merge"])
        cache[key] = cache[resolved] = model
        return model

    def load_data(self, name: str) -> Any:
        """Data at ``name`` (e.g. ``partitions``) from the first search path that has it."""
        key = (self._key, name)
        if key not in _DATA:
            _DATA[key] = self._read(name)
        return _DATA[key]

    def _read(self, name: str, lazy_shapes: bool = False) -> Any:
        """A fresh parse of ``name`` from the first search path that has it."""
        for root in self._existing_dirs():
            shipped = root == _DATA_DIR or root == models_data_dir()
            found = _read_json(os.path.join(root, name), shipped, lazy_shapes)
            if found is not None:
                return found
        raise DataNotFoundError(data_path=name)
