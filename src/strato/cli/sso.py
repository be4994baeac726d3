"""``strato sso login`` / ``sso logout``: IAM Identity Center sign-in without the AWS CLI.

Login runs the OAuth device authorization flow through SSO-OIDC (``RegisterClient``,
``StartDeviceAuthorization``, then ``CreateToken`` polled at the service's interval,
5 s more after each ``slow_down``) and writes the token cache entry botocore and the
AWS CLI v2 read, under the same file name and with the same fields. The client
registration is cached beside it under the CLI v2's key, so both tools reuse it.
"""

from __future__ import annotations

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from datetime import datetime
    from typing import Any

    from ..clients.base import BaseClient
    from ..config.files import ConfigFile
    from ..session import Session

#: RFC 8628: the default polling interval, and what each ``slow_down`` adds to it.
DEFAULT_INTERVAL = 5
SLOW_DOWN_DELAY = 5
#: A cached registration is reused while more than this many seconds remain (CLI v2).
REGISTRATION_WINDOW = 15 * 60
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sso",
        help="sign in to IAM Identity Center (login) or sign out (logout)",
        description="Sign in to IAM Identity Center and cache the token botocore and the "
        "AWS CLI v2 use, or remove cached tokens.",
    )
    add_common_options(parser)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    login = actions.add_parser(
        "login",
        help="sign in with the device code flow and cache the access token",
        description="Sign in to the profile's sso-session (or legacy sso_start_url) with "
        "the OAuth device authorization flow, and write ~/.aws/sso/cache.",
    )
    add_common_options(login)
    login.add_argument(
        "--sso-session", help="the sso-session to sign in to (default: the profile's)"
    )
    login.add_argument(
        "--no-browser", action="store_true", help="print the URL and code; open no browser"
    )
    login.add_argument(
        "--use-device-code",
        action="store_true",
        help="accepted for the AWS CLI's sake: strato always uses the device code flow",
    )
    login.set_defaults(run=_run_login)
    logout = actions.add_parser(
        "logout",
        help="remove cached SSO tokens and the SSO role credentials cached from them",
        description="Without options: every cached SSO token (each signed out at the "
        "service first) and every cached SSO role credential, as the AWS CLI v2 does. With "
        "--sso-session or --profile: that session's token only.",
    )
    add_common_options(logout)
    logout.add_argument("--sso-session", help="sign out of this sso-session only")
    logout.set_defaults(run=_run_logout)


# --- configuration ---------------------------------------------------------------------


class SSOConfig:
    """What a sign-in needs: start URL, region, and for an sso-session its name and scopes."""

    __slots__ = ("region", "scopes", "session_name", "start_url")

    def __init__(
        self, start_url: str, region: str, session_name: str | None, scopes: list[str] | None
    ) -> None:
        self.start_url = start_url
        self.region = region
        self.session_name = session_name
        self.scopes = scopes

    @property
    def token_name(self) -> str:
        """The token cache's name: the session's, else (legacy) the start URL."""
        return self.session_name if self.session_name is not None else self.start_url


def sso_config(session: Session, args: argparse.Namespace) -> SSOConfig:
    """The sso-session named by ``--sso-session`` or the profile, else the profile's own
    ``sso_start_url`` / ``sso_region`` (legacy), with the CLI v2's messages."""
    from ._common import CommandError

    profile = session.get_scoped_config()
    found = args.sso_session or profile.get("sso_session")
    name = found if isinstance(found, str) and found else None
    values: dict[str, Any] = dict(profile)
    suffix = " Set sso_session (or sso_start_url and sso_region) in the profile."
    if found:
        sessions = _config_file(session).sso_sessions
        if name is None or name not in sessions:
            raise CommandError(f'The specified sso-session does not exist: "{found}"')
        values, suffix = dict(sessions[name].values), ""
    missing = [key for key in ("sso_start_url", "sso_region") if key not in values]
    if missing:
        raise CommandError(
            "Missing the following required SSO configuration values: "
            f"{', '.join(missing)}.{suffix}"
        )
    start_url, region = (_text(values, key) for key in ("sso_start_url", "sso_region"))
    scopes = None
    if name and "sso_registration_scopes" in values:
        raw = _text(values, "sso_registration_scopes")
        scopes = [scope.strip() for scope in raw.split(",") if scope.strip()]
    return SSOConfig(start_url, region, name, scopes)


def _config_file(session: Session) -> ConfigFile:
    from ..config.files import load_config_file
    from ..exceptions import ConfigNotFound

    try:
        return load_config_file(session.get_config_variable("config_file"))
    except ConfigNotFound:
        from ..config.files import ConfigFile

        return ConfigFile()


def _text(values: dict[str, Any], key: str) -> str:
    from ._common import CommandError

    value = values[key]
    if not isinstance(value, str):
        raise CommandError(f"{key} is a nested block; expected a value")
    return value


# --- login -----------------------------------------------------------------------------


def _run_login(args: argparse.Namespace) -> int:
    from ..session import Session

    session = Session(profile_name=getattr(args, "profile", None))
    config = sso_config(session, args)
    client = _oidc_client(session, config.region)
    registration = _registration(client, config)
    token = device_flow(client, config, registration, _announce(args.no_browser))
    from ..credentials import sso_token

    with sso_token.locked(config.token_name):
        sso_token.write_token(config.token_name, token)
    print(f"Successfully logged into Start URL: {config.start_url}")
    return 0


def _oidc_client(session: Session, region: str) -> BaseClient:
    from ..clients.config import UNSIGNED, Config

    return session.client("sso-oidc", region_name=region, config=Config(signature_version=UNSIGNED))


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def registration_key(config: SSOConfig) -> str:
    """The CLI v2's registration cache input: its SHA-1 names the file, which is what
    :func:`sso_token.cache_file` makes of any name, so the token helpers serve it too."""
    import json

    args = {
        "tool": "botocore",
        "startUrl": config.start_url,
        "region": config.region,
        "scopes": config.scopes,
        "session_name": config.session_name,
    }
    return json.dumps(args, sort_keys=True)


def _registration(client: BaseClient, config: SSOConfig) -> dict[str, Any]:
    """A cached registration still valid for 15 minutes (and made for the device flow),
    else a new one from ``RegisterClient``, cached."""
    from datetime import UTC, datetime

    from ..credentials import sso_token

    key = registration_key(config)
    cached = _json(sso_token.cache_file(key)) or {}
    try:
        expires = datetime.strptime(cached["expiresAt"], sso_token.TIMESTAMP_FORMAT)
        if (
            (expires.replace(tzinfo=UTC) - _now()).total_seconds() > REGISTRATION_WINDOW
            and "authorization_code" not in cached.get("grantTypes", ())
            and isinstance(cached.get("clientId"), str)
            and isinstance(cached.get("clientSecret"), str)
        ):
            cached["expiresAt"] = expires.replace(tzinfo=UTC)
            return dict(cached)
    except (ValueError, KeyError, TypeError):
        pass  # none, or unreadable: register again and replace it
    name = config.session_name or str(int(_now().timestamp()))
    request: dict[str, Any] = {"clientName": f"botocore-client-{name}", "clientType": "public"}
    if config.scopes:
        request["scopes"] = config.scopes
    answer = client.register_client(**request)
    registration: dict[str, Any] = {
        "clientId": answer["clientId"],
        "clientSecret": answer["clientSecret"],
        "expiresAt": datetime.fromtimestamp(answer["clientSecretExpiresAt"], UTC),
    }
    if config.scopes:
        registration["scopes"] = config.scopes
    sso_token.write_token(key, registration)
    return registration


def _sleep(seconds: float) -> None:
    """The wait between polls (tests replace it to drive the flow without waiting)."""
    import time

    time.sleep(seconds)


def device_flow(
    client: BaseClient,
    config: SSOConfig,
    registration: dict[str, Any],
    announce: Any,
) -> dict[str, Any]:
    """Authorize the device, show the user the URL and code, and poll ``CreateToken``
    until the user approves (the token entry is returned) or the flow fails."""
    authorization = client.start_device_authorization(
        clientId=registration["clientId"],
        clientSecret=registration["clientSecret"],
        startUrl=config.start_url,
    )
    interval = authorization.get("interval") or DEFAULT_INTERVAL
    announced = False
    while True:
        interval, answer = _poll(client, registration, authorization, interval)
        if answer is not None:
            break
        if not announced:  # one attempt first: a pre-authorized client needs no prompt
            announce(authorization)
            announced = True
        _sleep(interval)
    from ..credentials.sso_token import token_entry

    return token_entry(
        config.start_url,
        config.region,
        answer,
        registration["clientId"],
        registration["clientSecret"],
        registration["expiresAt"],
    )


def _poll(
    client: BaseClient,
    registration: dict[str, Any],
    authorization: dict[str, Any],
    interval: int,
) -> tuple[int, dict[str, Any] | None]:
    """One ``CreateToken``: the token, or None with the interval to wait next."""
    from ..exceptions import ClientError
    from ._common import CommandError

    try:
        answer: dict[str, Any] = client.create_token(
            grantType=DEVICE_GRANT,
            clientId=registration["clientId"],
            clientSecret=registration["clientSecret"],
            deviceCode=authorization["deviceCode"],
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code == "SlowDownException":
            return interval + SLOW_DOWN_DELAY, None
        if code == "AuthorizationPendingException":
            return interval, None
        if code == "ExpiredTokenException":
            raise CommandError(
                "The pending authorization to retrieve an SSO token has expired. The device "
                "authorization flow to retrieve an SSO token must be restarted."
            ) from None
        if code == "AccessDeniedException":
            raise CommandError("The sign-in request was denied; no token was cached") from None
        raise
    if "accessToken" not in answer or "expiresIn" not in answer:
        raise CommandError("CreateToken answered without accessToken or expiresIn")
    return interval, answer


def _announce(no_browser: bool) -> Any:
    """What the user is shown (the AWS CLI v2's words), and a browser opened unless
    ``--no-browser``."""

    def show(authorization: dict[str, Any]) -> None:
        uri, code = authorization["verificationUri"], authorization["userCode"]
        complete = authorization.get("verificationUriComplete", uri)
        opened = False
        if not no_browser:
            import webbrowser

            try:
                opened = webbrowser.open_new_tab(complete)
            except webbrowser.Error:
                opened = False
        head = (
            "Attempting to open your default browser.\nIf the browser does not open or you "
            "wish to use a different device to authorize this request, open the following "
            "URL:\n"
            if opened
            else "Browser will not be automatically opened.\nPlease visit the following URL:\n"
        )
        print(
            f"{head}\n{uri}\n\nThen enter the code:\n\n{code}\n\nAlternatively, you may visit "
            f"the following URL which will autofill the code upon loading:\n{complete}",
            flush=True,
        )

    return show


# --- logout ----------------------------------------------------------------------------


def _run_logout(args: argparse.Namespace) -> int:
    import os

    from ..credentials import sso_token
    from ..credentials.cache import CLI_CACHE_DIR
    from ..session import Session

    session = Session(profile_name=getattr(args, "profile", None))
    if args.sso_session or getattr(args, "profile", None):
        paths = [sso_token.cache_file(sso_config(session, args).token_name)]
    else:
        folder = sso_token.cache_dir()
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        paths = [os.path.join(folder, name) for name in names if name.endswith(".json")]
    for path in paths:
        contents = _json(path)
        if contents is not None and "accessToken" in contents:
            _sign_out(session, contents)
            os.remove(path)
    role_cache = os.path.expanduser(CLI_CACHE_DIR)
    if os.path.isdir(role_cache):
        for name in sorted(os.listdir(role_cache)):
            path = os.path.join(role_cache, name)
            contents = _json(path)
            if contents is not None and contents.get("ProviderType") == "sso":
                os.remove(path)
    return 0


def _json(path: str) -> dict[str, Any] | None:
    """A cache file's JSON object, or None (never its content in an error message)."""
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sign_out(session: Session, token: dict[str, Any]) -> None:
    """Invalidate the token at the portal first (``Logout``), as the CLI v2 does; a
    token the service no longer knows, or a network failure, does not stop the sweep."""
    from ..clients.config import UNSIGNED, Config
    from ..exceptions import StratoError

    region = token.get("region")
    if not isinstance(region, str) or not isinstance(token["accessToken"], str):
        return
    try:
        client = session.client(
            "sso", region_name=region, config=Config(signature_version=UNSIGNED)
        )
        client.logout(accessToken=token["accessToken"])
    except StratoError:
        pass
