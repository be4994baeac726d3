"""``strato doctor``: check the config and credentials files and the environment.

Findings come from :mod:`strato.config.lint`; this module only prints them and
chooses the exit status (1 when an error is found, or any finding with ``--strict``).
"""

from __future__ import annotations

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..config.lint import Finding


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check the config and credentials files and the AWS_* environment",
        description="Check ~/.aws/config, ~/.aws/credentials, the SSO token cache and the "
        "AWS_* environment for mistakes botocore would trip over or silently ignore. Each "
        "finding names its file and line. Exit status: 1 when an error is found (with "
        "--strict, any finding), else 0.",
    )
    add_common_options(parser)
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--strict", action="store_true", help="warnings count as errors too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..config.lint import ERROR, lint

    findings = lint(profile=getattr(args, "profile", None))
    if args.json:
        import json

        print(json.dumps([_shown(f) for f in findings], indent=2))
    else:
        _print(findings)
    failing = [f for f in findings if args.strict or f.severity == ERROR]
    return 1 if failing else 0


def _shown(finding: Finding) -> dict[str, str | int | None]:
    """The finding with its path shown as ``~/.aws/config``."""
    from ._common import display_path

    fields = finding.as_dict()
    if finding.path is not None:
        fields["path"] = display_path(finding.path)
    return fields


def _print(findings: list[Finding]) -> None:
    from ._common import display_path

    for finding in findings:
        where = "environment" if finding.path is None else display_path(finding.path, finding.line)
        subject = [f"[{finding.section}]"] if finding.section else []
        subject += [finding.key] if finding.key else []
        label = f" {' '.join(subject)}:" if subject else ""
        print(f"{where}: {finding.severity}:{label} {finding.message}")
        print(f"    hint: {finding.hint}")
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        print("no problems found")
    else:
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
