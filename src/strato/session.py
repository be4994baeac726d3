"""``strato.Session``: boto3's Session, for configuration and credentials."""

from __future__ import annotations

import os

from . import exceptions as errors
from .config.files import ConfigFile, load_full_config
from .config.ini import EMPTY_SECTION
from .credentials.objects import Credentials
from .settings.store import SettingsStore

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .clients.base import BaseClient
    from .clients.config import Config
    from .config.ini import Section, Value
    from .credentials.cache import CredentialCache
    from .credentials.explain import CredentialExplanation
    from .credentials.objects import ReadOnlyCredentials
    from .credentials.plan import ChainPlan
    from .credentials.providers import Context as CredentialContext
    from .loader import Loader
    from .resources.base import ServiceResource
    from .resources.factory import ResourceFactory
    from .settings.store import Explanation


class Session:
    """A set of configuration: profile, region, credentials, and every other setting.

    Behaves like ``boto3.Session``: it reads ``~/.aws/config`` and
    ``~/.aws/credentials`` (or the files named by ``AWS_CONFIG_FILE`` and
    ``AWS_SHARED_CREDENTIALS_FILE``) and the environment, and raises at construction
    where boto3 does (unknown profile, unparsable file).
    """

    def __init__(
        self,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        region_name: str | None = None,
        botocore_session: None = None,
        profile_name: str | None = None,
        aws_account_id: str | None = None,
        *,
        mfa_prompter: Callable[[str], str] | None = None,
        credential_cache: CredentialCache | str | os.PathLike[str] | bool | None = None,
    ) -> None:
        """``mfa_prompter`` answers ``Enter MFA code for <serial>: `` (default: getpass on
        the terminal); ``credential_cache`` replaces the in-memory cache of role
        credentials: a cache object, True or ``"cli"`` (the AWS CLI's ``~/.aws/cli/cache``),
        a directory, or False (in-memory, whatever the ``credential_cache`` setting says).
        ``botocore_session`` is boto3's parameter, in its place: only None is accepted."""
        if botocore_session is not None:
            raise TypeError("strato.Session cannot wrap a botocore session: pass None")
        self._mfa_prompter = mfa_prompter
        self._credential_cache = credential_cache
        self._client_region: str | None = None
        self._context: CredentialContext | None = None
        self._instance_vars: dict[str, Any] = {}
        self._environ = os.environ
        self._config: ConfigFile | None = None
        self._credentials: Credentials | None = None
        self._plan: ChainPlan | None = None
        self._profile: str | None = None
        self._data_loader: Loader | None = None
        self._resource_data_loader: Loader | None = None
        self._resource_factory: ResourceFactory | None = None
        self._settings = SettingsStore(self._instance_vars, self._environ, self._scoped_section)
        if profile_name is not None:
            self._instance_vars["profile"] = profile_name
        if aws_access_key_id or aws_secret_access_key or aws_session_token or aws_account_id:
            if aws_account_id is not None and (
                aws_access_key_id is None or aws_secret_access_key is None
            ):
                raise errors.NoCredentialsError()
            self._credentials = Credentials(
                aws_access_key_id,
                aws_secret_access_key,
                aws_session_token,
                "explicit",
                aws_account_id,
                source="Session() arguments",
            )
        if region_name is not None:
            self._instance_vars["region"] = region_name
        # boto3 resolves the model data path here, which reads the active profile:
        # a bad profile or file fails now, as it does with boto3.
        if isinstance(self._settings.get("data_path"), dict):
            # boto3 fails here too, with a raw AttributeError.
            raise errors.InvalidConfigError(
                error_msg=f"data_path from {self._settings.explain('data_path').source} is a "
                f"nested block; expected directories separated by {os.pathsep!r}"
            )

    def __repr__(self) -> str:
        return f"Session(region_name={self.region_name!r})"

    # --- profiles and settings ------------------------------------------------------

    @property
    def profile_name(self) -> str:
        if self._profile is None:
            self._profile = self._settings.get("profile") or "default"
        return self._profile

    @property
    def region_name(self) -> str | None:
        region: str | None = self._settings.get("region")
        return region

    @property
    def available_profiles(self) -> list[str]:
        return list(self._full_config().profiles)

    def get_config_variable(self, logical_name: str) -> Any:
        """A botocore session variable by logical name (``region``, ``retry_mode``, ...)."""
        return self._settings.get(logical_name)

    def explain(self, logical_name: str) -> Explanation:
        """The value of a setting, where it came from, and what it shadows."""
        return self._settings.explain(logical_name)

    def get_scoped_config(self) -> dict[str, Value]:
        """The active profile's values, both files merged (a copy)."""
        values = self._scoped_section().values
        return {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}

    def _full_config(self) -> ConfigFile:
        if self._config is None:
            self._config = load_full_config(
                self._settings.get("config_file"), self._settings.get("credentials_file")
            )
        return self._config

    def _scoped_section(self) -> Section:
        """The active profile; an explicitly named one must exist (spec 0.3)."""
        memo = self._settings.memo
        if memo is not None and "\0scoped" in memo:
            found: Section = memo["\0scoped"]
            return found
        section = self._find_scoped_section()
        if memo is not None:
            memo["\0scoped"] = section
        return section

    def _find_scoped_section(self) -> Section:
        name = self._settings.get("profile")
        profiles = self._full_config().profiles
        if name is None:
            return profiles.get("default", EMPTY_SECTION)
        if name not in profiles:
            raise errors.ProfileNotFound(profile=name)
        return profiles[name]

    # --- credentials ----------------------------------------------------------------

    def get_credentials(self) -> Credentials | None:
        """Credentials from the default chain, found once and then kept."""
        if self._credentials is None:
            from .credentials import providers

            plan = self.credential_plan()
            context = self._credential_context()
            context.trail.clear()
            self._credentials = providers.resolve(plan, context)
        return self._credentials

    def explain_credentials(self) -> CredentialExplanation:
        """Which providers ran, what each found or why it passed, and where the
        credentials came from (resolving them first if needed; no secrets shown)."""
        from .credentials.explain import CredentialExplanation

        credentials = self.get_credentials()
        if self._context is None:  # given to Session() itself: no chain ran
            steps = [("explicit", f"found: {credentials.source if credentials else None}")]
        else:
            steps = self._context.trail
        return CredentialExplanation(steps, credentials, self.credential_plan().describe())

    def _credential_context(self) -> CredentialContext:
        """What the providers use, made with the chain: like botocore, nested STS clients
        take the region of the client whose creation first needed credentials."""
        if self._context is None:
            from ._agent import default_agent
            from .credentials.providers import Context

            self._context = Context(
                self._environ,
                self._full_config,
                self._settings,
                self._credential_client,
                self._open_credential_cache(),
                self._mfa_prompter,
                default_agent(),
                client_region=self._client_region,
            )
        return self._context

    def _open_credential_cache(self) -> CredentialCache | None:
        """The cache the argument, else the ``credential_cache`` setting, names (None:
        the in-memory default, as botocore)."""
        spec = self._credential_cache
        source = "Session(credential_cache=...)"
        if spec is None:
            spec = self._settings.get("credential_cache")
            if spec is None:
                return None
            source = str(self._settings.explain("credential_cache").source)
        if spec is False:
            return None
        from .credentials.cache import open_cache

        return open_cache(spec, source)

    def _credential_client(
        self,
        service_name: str,
        *,
        region_name: str | None = None,
        credentials: ReadOnlyCredentials | None = None,
        unsigned: bool = False,
    ) -> BaseClient:
        """A client for a credential provider's own calls (STS, SSO, SSO-OIDC)."""
        from .clients.config import UNSIGNED, Config

        config = Config(signature_version=UNSIGNED) if unsigned else None
        if credentials is None:
            return self.client(service_name, region_name=region_name, config=config)
        return self.client(
            service_name,
            region_name=region_name,
            config=config,
            aws_access_key_id=credentials.access_key,
            aws_secret_access_key=credentials.secret_key,
            aws_session_token=credentials.token,
        )

    def credential_plan(self) -> ChainPlan:
        """The provider chain this session runs, as data (made once per session)."""
        if self._plan is None:
            from .credentials.plan import make_plan

            self._plan = make_plan(
                self._settings, "profile" in self._instance_vars, self._full_config
            )
        return self._plan

    # --- clients --------------------------------------------------------------------

    def client(
        self,
        service_name: str,
        region_name: str | None = None,
        api_version: str | None = None,
        use_ssl: bool = True,
        verify: bool | str | None = None,
        endpoint_url: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        config: Config | None = None,
        aws_account_id: str | None = None,
    ) -> BaseClient:
        """A client for ``service_name`` (``"s3"``, ``"sts"``, ...), as ``boto3.Session.client``."""
        from .clients.creator import create_client
        from .clients.endpoint_url import SERVICE_NAME_ALIASES

        if self._context is None:
            self._client_region = region_name
        with self._settings.snapshot():
            return create_client(
                self,
                SERVICE_NAME_ALIASES.get(service_name, service_name),
                region_name=region_name,
                api_version=api_version,
                use_ssl=use_ssl,
                verify=verify,
                endpoint_url=endpoint_url,
                aws_access_key_id=aws_access_key_id,
                aws_secret_access_key=aws_secret_access_key,
                aws_session_token=aws_session_token,
                config=config,
                aws_account_id=aws_account_id,
            )

    def get_available_services(self) -> list[str]:
        return self._loader().list_available_services("service-2")

    def get_available_regions(
        self, service_name: str, partition_name: str = "aws", allow_non_regional: bool = False
    ) -> list[str]:
        """The endpoint names endpoints.json lists for the service in the partition (boto3's;
        not every region the service works in)."""
        from .regions import available_regions

        return available_regions(self._loader(), service_name, partition_name, allow_non_regional)

    def get_available_partitions(self) -> list[str]:
        from .regions import available_partitions

        return available_partitions(self._loader())

    def get_partition_for_region(self, region_name: str) -> str:
        """The partition that lists the region or matches its name (``UnknownRegionError``
        when none does)."""
        from .regions import partition_for_region

        return partition_for_region(self._loader(), region_name)

    # --- resources (boto3's layer) --------------------------------------------------

    def resource(
        self,
        service_name: str,
        region_name: str | None = None,
        api_version: str | None = None,
        use_ssl: bool = True,
        verify: bool | str | None = None,
        endpoint_url: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        config: Config | None = None,
    ) -> ServiceResource:
        """A service resource (``s3``, ``dynamodb``, ``ec2``...), as ``boto3.Session.resource``."""
        from .resources.service import create_resource

        if self._resource_factory is None:
            from . import client as default_client
            from .resources.factory import ResourceFactory

            self._resource_factory = ResourceFactory(default_client)
        return create_resource(
            self._resources_loader(),
            self._resource_factory,
            self.client,
            self.get_available_services,
            service_name,
            api_version,
            config,
            {
                "region_name": region_name,
                "use_ssl": use_ssl,
                "verify": verify,
                "endpoint_url": endpoint_url,
                "aws_access_key_id": aws_access_key_id,
                "aws_secret_access_key": aws_secret_access_key,
                "aws_session_token": aws_session_token,
            },
        )

    def get_available_resources(self) -> list[str]:
        """Services with a resource model (boto3's, or one on the data path)."""
        return self._resources_loader().list_available_services("resources-1")

    def _resources_loader(self) -> Loader:
        """The model loader for resource models, made on first use: kept, as the client
        loader is, so its listings (the latest version of a model) are scanned once."""
        if self._resource_data_loader is None:
            from .resources.service import resource_loader

            self._resource_data_loader = resource_loader(self._loader())
        return self._resource_data_loader

    def _loader(self) -> Loader:
        """The model loader for this session's data path, made on first use."""
        if self._data_loader is None:
            from .loader import create_loader

            self._data_loader = create_loader(self._settings.get("data_path"))
        return self._data_loader
