"""``strato whoami``: STS ``GetCallerIdentity`` with the resolved credentials, and where
those credentials came from (provider and file:line), so one command answers both
"who am I" and "why"."""

from __future__ import annotations

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "whoami",
        help="the account, ARN and user id the credentials belong to, and their source",
        description="Call STS GetCallerIdentity with the profile's credentials and print "
        "Account, Arn and UserId, then the provider and file:line the credentials came from.",
    )
    add_common_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import sys

    from ..exceptions import NoCredentialsError
    from ..session import Session

    session = Session(profile_name=getattr(args, "profile", None))
    credentials = session.get_credentials()
    if credentials is None:
        raise NoCredentialsError()
    answer = session.client("sts").get_caller_identity()
    identity = {key: answer.get(key) for key in ("Account", "Arn", "UserId")}
    method, source = credentials.method, credentials.source
    if args.json:
        import json

        document = {**identity, "CredentialsMethod": method, "CredentialsSource": source}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return 0
    lines = [f"{key}: {value}" for key, value in identity.items()]
    lines.append(f"Credentials: {method} from {source}" if source else f"Credentials: {method}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
