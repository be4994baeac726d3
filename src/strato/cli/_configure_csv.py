"""The AWS console's access key CSV, read as the AWS CLI v2's ``configure import`` reads it.

Columns are found by header, case and surrounding blanks ignored (the console has
written both ``User Name`` and ``User name``); fields are split at every comma, with
no quoting, exactly as the AWS CLI splits them.
"""

from __future__ import annotations

from ._common import CommandError

_USER, _KEY_ID, _SECRET = "User Name", "Access Key ID", "Secret Access key"
_BOM = "\ufeff"


def _header(text: str) -> str:
    return text.removeprefix(_BOM).lower().strip()


def parse_csv(text: str, strict: bool = True) -> list[tuple[str, str, str]]:
    """(user name, access key id, secret) per row; ``strict``: a bad row is an error."""
    if not text.strip():
        raise CommandError("Provided CSV contains no contents")
    lines = text.splitlines()
    headers = [_header(h) for h in lines[0].split(",")]
    columns = []
    for wanted in (_USER, _KEY_ID, _SECRET):
        if _header(wanted) not in headers:
            raise CommandError(f'Expected header "{wanted}" not found')
        columns.append((wanted, headers.index(_header(wanted))))
    rows = []
    for number, line in enumerate(lines[1:], start=1):
        fields = line.split(",")
        row = []
        for wanted, index in columns:
            value = fields[index].strip() if index < len(fields) else ""
            if not value:
                if strict:
                    raise CommandError(
                        f'Failed to parse entry #{number}: Row missing value for header "{wanted}"'
                    )
                break
            row.append(value)
        else:
            rows.append((row[0], row[1], row[2]))
    return rows
