"""``make demo``: resolve every profile of a sample sandbox and show where each value came from.

Runs in a throw-away home directory with its own ``~/.aws`` files and environment,
so it never reads or changes the real ones.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import strato

CONFIG = """\
[default]
region = us-east-1
output = json

[profile dev]
region = eu-west-1
retry_mode = adaptive
max_attempts = 5
s3 =
  addressing_style = path
  use_accelerate_endpoint = true

[profile "team analytics"]
region = ap-southeast-2
aws_access_key_id = AKIDANALYTICSEXAMPLE
aws_secret_access_key = analytics/secret/EXAMPLEKEY

[profile ci]
Region: us-west-2
"""

CREDENTIALS = """\
[default]
aws_access_key_id = AKIDDEFAULTEXAMPLE
aws_secret_access_key = default/secret/EXAMPLEKEY

[dev]
aws_access_key_id = AKIDDEVEXAMPLE
aws_secret_access_key = dev/secret/EXAMPLEKEY
aws_session_token = dev-session-token-EXAMPLE
region = eu-central-1
"""


def _mask(value: str | None) -> str:
    """Secrets are shown only as present or absent."""
    return "(set, hidden)" if value else repr(value)


def _show(title: str, session: strato.Session) -> None:
    print(f"\n== {title}")
    creds = session.get_credentials()
    if creds is None:
        print("  credentials: none found")
    else:
        frozen = creds.get_frozen_credentials()
        print(f"  credentials: {creds.method} from {creds.source}")
        print(f"    access key {frozen.access_key}, secret {_mask(frozen.secret_key)}, ", end="")
        print(f"token {_mask(frozen.token)}")
    for name in ("region", "retry_mode", "max_attempts", "s3"):
        print("  " + str(session.explain(name)).replace("\n", "\n  "))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_moto(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """moto's server on loopback, in its own process (a test dependency that ``make demo``
    installs); returns it and its URL. ``bench/cli.py`` starts its moto with this too."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1).close()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"moto_server did not start; see {log}")


def _requests(home: str) -> None:
    """Real signed requests, through a profile, to a local AWS emulator."""
    proc, url = start_moto(Path(home, "moto.log"))
    try:
        with open(Path(home, ".aws", "config"), "a") as fh:
            fh.write(
                f"\n[profile local]\nregion = eu-west-1\nendpoint_url = {url}\n"
                "aws_access_key_id = AKIDLOCALEXAMPLE\n"
                "aws_secret_access_key = local/secret/EXAMPLEKEY\n"
            )
        session = strato.Session(profile_name="local")
        print(f"\n== requests through profile 'local' to moto at {url.removeprefix('http://')}")
        sts = session.client("sts")
        print(f"  region {sts.meta.region_name!r}, endpoint {sts.meta.endpoint_url}", end="")
        print(" (endpoint_url in the profile)")
        who = sts.get_caller_identity()
        print(f"  sts.get_caller_identity(): Account={who['Account']} Arn={who['Arn']}")
        s3 = session.client("s3")
        s3.create_bucket(
            Bucket="strato-demo", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        s3.put_object(Bucket="strato-demo", Key="greeting.txt", Body=b"hello from strato")
        body = s3.get_object(Bucket="strato-demo", Key="greeting.txt")["Body"].read()
        print(f"  s3 put_object + get_object: {body!r}")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="strato-demo")["Contents"]]
        print(f"  s3 list_objects_v2: {keys}")
        _assume_role(home, url)
        _command(home)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _assume_role(home: str, url: str) -> None:
    """A role assumed through a source profile: the plan first, then what ran."""
    with open(Path(home, ".aws", "config"), "a") as fh:
        fh.write(
            "\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/demo-admin\n"
            "source_profile = local\nrole_session_name = strato-demo\n"
            f"region = eu-west-1\nendpoint_url = {url}\n"
        )
    session = strato.Session(profile_name="admin")
    print("\n== profile 'admin' assumes a role with the keys of profile 'local'")
    print(f"  plan, before any request: {session.credential_plan().profile_chain()}")
    who = session.client("sts").get_caller_identity()
    print(f"  sts.get_caller_identity(): Arn={who['Arn']}")
    print("  " + str(session.explain_credentials()).replace("\n", "\n  "))


PLANTED = """\
[default]
region = us-east-1 # production
output = json

[profile admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = defualt
"""


def _strato(*args: str, env: dict[str, str] | None = None) -> None:
    """Run the ``strato`` command as a user would, and show what it printed."""
    print(f"\n$ strato {' '.join(args)}")
    done = subprocess.run(
        [sys.executable, "-m", "strato", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if done.returncode == 2 and "invalid choice" in done.stderr:
        print("  (not in this build of strato)")
        return
    for line in (done.stdout + done.stderr).splitlines():
        print(f"  {line}")
    print(f"  (exit status {done.returncode})")


def _command(home: str) -> None:
    """The ``strato`` command: every setting with its source, a planted mistake found by
    ``doctor``, and ``whoami`` against the moto server that is still running."""
    print("\n== the strato command")
    _strato("configure", "list", "--all")
    planted = Path(home, "planted")
    planted.mkdir()
    for name, text in (("config", PLANTED), ("credentials", CREDENTIALS)):
        (planted / name).write_text(text)
        (planted / name).chmod(0o600)
    files = {
        "AWS_CONFIG_FILE": str(planted / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(planted / "credentials"),
    }
    print(f"\n  doctor on {planted}/config, with two planted mistakes:")
    print("  " + PLANTED.rstrip().replace("\n", "\n  "))
    _strato("doctor", env=files)
    _strato("whoami", "--profile", "local")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="strato-demo-") as home:
        aws = Path(home, ".aws")
        aws.mkdir()
        (aws / "config").write_text(CONFIG)
        (aws / "credentials").write_text(CREDENTIALS)
        os.environ.clear()
        os.environ.update(
            {
                "HOME": home,
                "PATH": "/usr/bin:/bin",
                "AWS_EC2_METADATA_DISABLED": "true",
                "BOTO_CONFIG": str(Path(home, "no-boto-config")),
                "AWS_ACCESS_KEY_ID": "AKIDENVIRONMENTEXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "env/secret/EXAMPLEKEY",
                "AWS_PROFILE": "dev",
            }
        )
        print(f"sandbox home: {home}")
        print("environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE=dev")
        session = strato.Session()
        print("available profiles:", session.available_profiles)
        print("credential chain for this session:")
        for line in session.credential_plan().describe():
            print("   ", line)
        _show("Session() with AWS_PROFILE=dev: environment keys beat the profile", session)
        for profile in session.available_profiles:
            _show(f"Session(profile_name={profile!r})", strato.Session(profile_name=profile))
        try:
            strato.Session(profile_name="missing")
        except strato.exceptions.ProfileNotFound as exc:
            print(f"\n== Session(profile_name='missing')\n  {type(exc).__name__}: {exc}")
        _requests(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
