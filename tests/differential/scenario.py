"""One generated situation (files, environment, Session arguments) and how to lay it out.

A scenario names file locations symbolically ("tilde", "dollar", ...) because the temp
directory is only known when the example runs; :func:`materialize` writes the files and
returns the isolated environment both libraries see.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

#: How ``AWS_CONFIG_FILE`` / ``AWS_SHARED_CREDENTIALS_FILE`` point at their file.
LOCATIONS = (
    "unset",  # not set: the file is written at the default ~/.aws/ path
    "absolute",
    "tilde",  # ~/alt/NAME
    "dollar",  # $STRATO_TEST_DIR/NAME
    "braces",  # ${STRATO_TEST_DIR}/NAME
    "undefined-var",  # $STRATO_TEST_UNDEFINED/NAME: stays literal, so a missing file
    "empty",  # "": treated as missing although the default file exists
    "missing",
    "directory",
    "config-file",  # credentials only: the config file's own path
)
#: Where ``BOTO_CONFIG`` / ``AWS_CREDENTIAL_FILE`` point.
AUX_LOCATIONS = ("unset", "absolute", "tilde", "missing", "empty")

_DEFAULT_NAMES = {"config": "config", "credentials": "credentials"}
_counter = itertools.count()


@dataclass(frozen=True)
class Scenario:
    """Everything one example varies. File contents are bytes (maybe not UTF-8)."""

    config: bytes | None = None
    credentials: bytes | None = None
    config_location: str = "unset"
    credentials_location: str = "unset"
    #: A boto2 file (``[Credentials]``); BOTO_CONFIG points at a missing file when unset.
    boto: bytes | None = None
    boto_location: str = "missing"
    #: A legacy EC2 tools ``key=value`` file for ``AWS_CREDENTIAL_FILE``.
    ec2: bytes | None = None
    ec2_location: str = "unset"
    env: dict[str, str] = field(default_factory=dict)
    kwargs: dict[str, str] = field(default_factory=dict)


def new_root(base: Path) -> Path:
    """A directory never used before, so strato's stat-keyed parse cache cannot hit."""
    root = base / f"ex{next(_counter)}"
    root.mkdir()
    return root


def materialize(scenario: Scenario, root: Path) -> dict[str, str]:
    """Write the scenario's files under ``root``; return the complete environment."""
    home = root / "home"
    (home / ".aws").mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(home),
        "AWS_EC2_METADATA_DISABLED": "true",  # never reach 169.254.169.254
        "STRATO_TEST_DIR": str(root / "dir"),
    }
    (root / "dir").mkdir(exist_ok=True)
    for kind, text, location, var in (
        ("config", scenario.config, scenario.config_location, "AWS_CONFIG_FILE"),
        (
            "credentials",
            scenario.credentials,
            scenario.credentials_location,
            "AWS_SHARED_CREDENTIALS_FILE",
        ),
    ):
        if location == "config-file":  # both variables name the config file
            env[var] = env.get("AWS_CONFIG_FILE", "~/.aws/config")
            continue
        name = _DEFAULT_NAMES[kind]
        value, path = _place(location, name, root, home, default=home / ".aws" / name)
        if value is not None:
            env[var] = value
        if text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            if location == "empty":  # also at the default place, which must be ignored
                (home / ".aws" / name).write_bytes(text)
    boto_value, boto_path = _place(scenario.boto_location, "boto.cfg", root, home, home / ".boto")
    env["BOTO_CONFIG"] = boto_value if boto_value is not None else str(root / "no-boto.cfg")
    if scenario.boto is not None:
        boto_path.parent.mkdir(parents=True, exist_ok=True)
        boto_path.write_bytes(scenario.boto)
    if scenario.ec2_location != "unset":
        ec2_value, ec2_path = _place(scenario.ec2_location, "ec2.txt", root, home, home)
        assert ec2_value is not None
        env["AWS_CREDENTIAL_FILE"] = ec2_value
        if scenario.ec2 is not None:
            ec2_path.parent.mkdir(parents=True, exist_ok=True)
            ec2_path.write_bytes(scenario.ec2)
    for key, value in scenario.env.items():
        env[key] = value.replace("{root}", str(root))
    return env


def _place(
    location: str, name: str, root: Path, home: Path, default: Path
) -> tuple[str | None, Path]:
    """(environment value or None for unset, path to write the file at)."""
    if location == "unset":
        return None, default
    if location == "absolute":
        path = root / "files" / name
        path.parent.mkdir(exist_ok=True)
        return str(path), path
    if location == "tilde":
        path = home / "alt" / name
        path.parent.mkdir(exist_ok=True)
        return f"~/alt/{name}", path
    if location == "dollar":
        return f"$STRATO_TEST_DIR/{name}", root / "dir" / name
    if location == "braces":
        return f"${{STRATO_TEST_DIR}}/{name}", root / "dir" / name
    if location == "undefined-var":
        return f"$STRATO_TEST_UNDEFINED/{name}", root / "unused" / name
    if location == "empty":
        return "", root / "unused" / name
    if location == "missing":
        return str(root / "nowhere" / name), root / "unused" / name
    if location == "directory":
        path = root / "dirs" / name
        path.mkdir(parents=True, exist_ok=True)
        return str(path), root / "unused" / name
    raise AssertionError(location)
