"""``strato configure get/set/unset/import`` and the prompts: where they differ from the
AWS CLI v1 on purpose (each difference asserted against it), and how files are written
(permissions, refusal of unparsable files, concurrent writers, links, CRLF, BOM)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.configloader import raw_config_parse  # type: ignore[import-untyped]

from .conftest import Home


def _other(home: Home) -> Home:
    """A second, empty home beside ``home`` (one tool in each)."""
    (home.root / "ours").mkdir()
    return Home(home.root / "ours")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the AWS CLI v1 is wrong here ------------------------------------------------------


def test_prompts_for_the_default_profile_never_write_profile_default(home: Home) -> None:
    """v1 appends an empty [profile default], which hides [default]'s region."""
    config = "[default]\nregion = us-west-2\n"
    answers = "AKIAIOSFODNN7EXAMPLE\nsecret\n\n\n"
    ours = _other(home)
    for h in (home, ours):
        h.write(config=config)
    theirs = home.aws_cli("configure", "--profile", "default", input=answers)
    assert theirs.returncode == 0
    assert home.read()[0] == config + "[profile default]\n"
    assert home.aws_cli("configure", "get", "region").returncode == 1
    result = ours.strato("configure", "--profile", "default", input=answers)
    assert (result.returncode, result.stdout) == (0, theirs.stdout)
    assert ours.read() == (config, home.read()[1])
    assert ours.strato("configure", "get", "region").stdout == "us-west-2\n"


def test_end_of_input_writes_nothing_in_one_line(home: Home) -> None:
    home.write(config="[default]\nregion = us-west-2\n")
    theirs = home.aws_cli("configure", input="AKIAIOSFODNN7EXAMPLE\n")
    assert theirs.returncode == 255 and "EOF when reading a line" in theirs.stderr
    ours = home.strato("configure", input="AKIAIOSFODNN7EXAMPLE\n")
    assert ours.returncode == 1
    assert ours.stderr == "strato: input ended before the last answer; nothing was written\n"
    assert home.read() == ("[default]\nregion = us-west-2\n", None)


@pytest.mark.parametrize(
    ("name", "written_by_v1"),
    [
        ("profile.team.prod.region", "[profile team]\nprod =\n    region = x\n"),
        ("profile.team.prod.s3.addressing_style", "[profile team]\nprod = x\n"),
    ],
)
def test_dotted_profile_names_are_refused(home: Home, name: str, written_by_v1: str) -> None:
    assert home.aws_cli("configure", "set", name, "x").returncode == 0
    assert home.read()[0] == written_by_v1
    other = _other(home)
    result = other.strato("configure", "set", name, "x")
    assert result.returncode == 2
    assert "ambiguous" in result.stderr and "--profile team.prod" in result.stderr
    assert other.read() == (None, None)
    assert other.strato("configure", "get", name).returncode == 2


@pytest.mark.parametrize(
    ("name", "written_by_v1"),
    [
        ("sso_session.foo.sso_region", "[default]\nsso_session = x\n"),
        ("foo.bar.baz.qux", "[default]\nfoo = x\n"),
        ("default.a.b.c", "[default]\na = x\n"),
        ("preview.a.b", "[default]\npreview.a.b = x\n"),
    ],
)
def test_names_with_too_many_parts_are_refused(home: Home, name: str, written_by_v1: str) -> None:
    assert home.aws_cli("configure", "set", name, "x").returncode == 0
    assert home.read()[0] == written_by_v1
    other = _other(home)
    result = other.strato("configure", "set", name, "x")
    assert result.returncode == 2 and "more than two parts" in result.stderr
    assert other.read() == (None, None)


def test_profile_name_without_a_key(home: Home) -> None:
    theirs = home.aws_cli("configure", "set", "profile.dev", "x")
    assert (theirs.returncode, theirs.stderr.strip()) == (255, "list index out of range")
    result = home.strato("configure", "set", "profile.dev", "x")
    assert result.returncode == 2 and "expected profile.NAME.KEY" in result.stderr


def test_a_profile_name_with_a_quote_is_quoted_for_botocore(home: Home) -> None:
    """v1 writes [profile it's], which botocore's shell-word split drops."""
    assert home.aws_cli("configure", "set", "region", "x", "--profile", "it's").returncode == 0
    assert home.read()[0] == "[profile it's]\nregion = x\n"
    assert "it's" not in home.aws_cli("configure", "list-profiles").stdout
    other = _other(home)
    assert other.strato("configure", "set", "region", "x", "--profile", "it's").returncode == 0
    assert other.read()[0] == "[profile 'it'\"'\"'s']\nregion = x\n"
    assert other.strato("configure", "get", "region", "--profile", "it's").stdout == "x\n"


def test_unparsable_file_is_refused_with_its_line(home: Home) -> None:
    broken = "[default]\nregion = a\n[default]\noutput = json\n"
    home.write(config=broken)
    theirs = home.aws_cli("configure", "set", "region", "b")
    assert theirs.returncode != 0 and "Traceback" in theirs.stderr
    result = home.strato("configure", "set", "region", "b")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{home.config_path}:3" in result.stderr and "duplicate section" in result.stderr
    assert home.read()[0] == broken


def test_values_with_line_breaks_are_refused(home: Home) -> None:
    result = home.strato("configure", "set", "region", "a\nb")
    assert result.returncode == 1 and "newline" in result.stderr
    assert "a\nb" not in result.stderr  # the value may be a secret
    assert home.read() == (None, None)


def test_get_of_more_parts_than_v1_reads(home: Home) -> None:
    """v1 ignores parts after the nested key and prints the top value."""
    home.write(config="[profile dev]\nregion = r\n")
    assert home.aws_cli("configure", "get", "profile.dev.region.x.y").stdout == "r\n"
    assert home.strato("configure", "get", "profile.dev.region.x.y").returncode == 2


# -- get, set, unset, --sso-session, --services ----------------------------------------


def test_get_reads_files_not_the_environment(home: Home) -> None:
    home.write(
        config="[default]\nregion = from-config\n",
        credentials="[default]\nregion = from-credentials\naws_access_key_id = AKID\n",
    )
    env = {"AWS_DEFAULT_REGION": "from-env", "AWS_ACCESS_KEY_ID": "ENVKEY"}
    for name, value in (("region", "from-credentials"), ("aws_access_key_id", "AKID")):
        ours, theirs = (
            home.strato("configure", "get", name, env=env),
            home.aws_cli("configure", "get", name, env=env),
        )
        assert ours.stdout == theirs.stdout == value + "\n"


def test_missing_profile(home: Home) -> None:
    home.write(config="[default]\nregion = r\n")
    theirs = home.aws_cli("configure", "get", "region", "--profile", "nope")
    assert theirs.returncode == 255
    ours = home.strato("configure", "get", "region", "--profile", "nope")
    assert ours.returncode == 1 and ours.stderr.strip() == ("strato: " + theirs.stderr.strip())


def test_sso_session_and_services_sections(home: Home) -> None:
    s = home.strato
    assert (
        s("configure", "set", "sso_region", "us-east-1", "--sso-session", "my sso").returncode == 0
    )
    assert (
        s(
            "configure", "set", "s3.endpoint_url", "http://localhost:4566", "--services", "local"
        ).returncode
        == 0
    )
    assert home.read()[0] == (
        "[sso-session 'my sso']\nsso_region = us-east-1\n"
        "[services local]\ns3 =\n    endpoint_url = http://localhost:4566\n"
    )
    assert s("configure", "get", "sso_region", "--sso-session", "my sso").stdout == "us-east-1\n"
    assert s("configure", "get", "s3.endpoint_url", "--services", "local").stdout == (
        "http://localhost:4566\n"
    )
    missing = s("configure", "get", "sso_region", "--sso-session", "nope")
    assert missing.returncode == 1
    assert "The config sub-section (nope) could not be found" in missing.stderr
    both = s("configure", "set", "a", "b", "--sso-session", "x", "--profile", "dev")
    assert both.returncode == 2
    deep = s("configure", "set", "a.b.c", "1", "--services", "local")
    assert deep.returncode == 2 and "more than two parts" in deep.stderr
    parsed = raw_config_parse(str(home.config_path))
    assert parsed["services local"]["s3"] == {"endpoint_url": "http://localhost:4566"}


def test_unset(home: Home) -> None:
    home.write(
        config="# keep\n[profile dev]\nregion = r\ns3 =\n    addressing_style = path\n"
        "output = json\n",
        credentials="[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n",
    )
    s = home.strato
    assert s("configure", "unset", "s3.addressing_style", "--profile", "dev").returncode == 0
    assert s("configure", "unset", "region", "--profile", "dev").returncode == 0
    assert s("configure", "unset", "aws_access_key_id", "--profile", "dev").returncode == 0
    assert home.read() == (
        "# keep\n[profile dev]\noutput = json\n",
        "[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n".replace(
            "aws_access_key_id = AKID\n", ""
        ),
    )
    again = s("configure", "unset", "region", "--profile", "dev")
    assert again.returncode == 1
    assert again.stderr == "strato: region is not set in ~/.aws/config [profile dev]\n"


def test_environment_names_the_profile_in_botocore_order(home: Home) -> None:
    env = {"AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b"}
    other = _other(home)
    assert home.aws_cli("configure", "set", "region", "x", env=env).returncode == 0
    assert other.strato("configure", "set", "region", "x", env=env).returncode == 0
    assert other.read() == home.read() == ("[profile b]\nregion = x\n", None)


def test_files_named_by_the_environment(home: Home) -> None:
    config, credentials = home.root / "c" / "cfg", home.root / "c" / "creds"
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(credentials)}
    r = home.strato("configure", input="AKID\nSECRET\nus-east-2\n\n", env=env)
    assert r.returncode == 0
    assert config.read_text() == "[default]\nregion = us-east-2\n"
    assert credentials.read_text() == (
        "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n"
    )
    assert home.strato("configure", "get", "region", env=env).stdout == "us-east-2\n"
    assert not home.aws.exists()


# -- import ---------------------------------------------------------------------------

CSV = (
    "\ufeffUser name,Password,Access key ID,Secret access key,Console login link\n"
    "alice,pw,AKIAALICE,secretA,https://x\n"
    "bob,pw,AKIABOB,secretB,https://x\n"
)


def test_import_console_csv(home: Home) -> None:
    home.write(credentials="# mine\n[alice]\naws_access_key_id = OLD\n")
    path = home.root / "keys.csv"
    path.write_text(CSV)
    r = home.strato("configure", "import", "--csv", f"file://{path}", "--profile-prefix", "p-")
    assert (r.returncode, r.stdout) == (0, "Successfully imported 2 profile(s)\n")
    assert home.read()[1] == (
        "# mine\n[alice]\naws_access_key_id = OLD\n"
        "[p-alice]\naws_access_key_id = AKIAALICE\naws_secret_access_key = secretA\n"
        "[p-bob]\naws_access_key_id = AKIABOB\naws_secret_access_key = secretB\n"
    )
    assert _mode(home.credentials_path) == 0o600


def test_import_bad_rows(home: Home) -> None:
    path = home.root / "keys.csv"
    path.write_text("User Name,Access Key ID,Secret Access Key\nalice,AKIA,s\nbob,,\n")
    strict = home.strato("configure", "import", "--csv", str(path))
    assert strict.returncode == 1
    assert 'Failed to parse entry #2: Row missing value for header "Access Key ID"' in strict.stderr
    assert home.read() == (None, None)
    lenient = home.strato("configure", "import", "--csv", str(path), "--skip-invalid")
    assert lenient.stdout == "Successfully imported 1 profile(s)\n"
    headers = home.root / "h.csv"
    headers.write_text("Name,Key\n")
    missing = home.strato("configure", "import", "--csv", str(headers))
    assert missing.returncode == 1 and 'Expected header "User Name" not found' in missing.stderr


# -- how files are written ------------------------------------------------------------


def test_new_directory_and_files_are_private(home: Home) -> None:
    assert home.strato("configure", "set", "aws_access_key_id", "AKID").returncode == 0
    assert home.strato("configure", "set", "region", "r").returncode == 0
    assert _mode(home.aws) == 0o700
    assert _mode(home.config_path) == _mode(home.credentials_path) == 0o600


def test_existing_mode_and_symlink_target_are_kept(home: Home) -> None:
    target = home.root / "dotfiles" / "config"
    target.parent.mkdir()
    target.write_text("[default]\nregion = a\n")
    target.chmod(0o640)
    home.aws.mkdir()
    home.config_path.symlink_to(target)
    assert home.strato("configure", "set", "region", "b").returncode == 0
    assert home.config_path.is_symlink()
    assert target.read_text() == "[default]\nregion = b\n"
    assert _mode(target) == 0o640
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_bom_and_crlf_are_kept(home: Home) -> None:
    home.aws.mkdir()
    home.config_path.write_bytes(b"\xef\xbb\xbf[default]\r\nregion = a\r\n")
    assert home.strato("configure", "set", "output", "json").returncode == 0
    assert home.config_path.read_bytes() == (
        b"\xef\xbb\xbf[default]\r\nregion = a\r\noutput = json\r\n"
    )


_WRITER = """
import sys
from strato.cli import main
for i in range(50):
    assert main(["configure", "set", f"k{sys.argv[1]}_{i}", str(i), "--profile", "p"]) == 0
"""


def test_concurrent_writers_lose_no_update(home: Home) -> None:
    home.write(config="# shared\n[default]\nregion = r\n")
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(n)], env=home.env, cwd=home.root)
        for n in range(8)
    ]
    assert [w.wait(timeout=300) for w in writers] == [0] * 8
    parsed = raw_config_parse(str(home.config_path))
    assert parsed["profile p"] == {f"k{n}_{i}": str(i) for n in range(8) for i in range(50)}
    assert parsed["default"] == {"region": "r"}
    assert home.config_path.read_text().startswith("# shared\n[default]\nregion = r\n")
    leftovers = [p.name for p in home.aws.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert os.path.exists(home.aws / ".config.lock")


def test_a_profile_named_preview_gets_a_profile_section(home: Home) -> None:
    """v1 writes [preview], a section botocore never reads as a profile."""
    assert home.aws_cli("configure", "set", "region", "x", "--profile", "preview").returncode == 0
    assert home.read()[0] == "[preview]\nregion = x\n"
    other = _other(home)
    assert other.strato("configure", "set", "region", "x", "--profile", "preview").returncode == 0
    assert other.read()[0] == "[profile preview]\nregion = x\n"
