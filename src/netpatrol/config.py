"""Settings, read from NETPATROL_* environment variables and validated on load."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
DEV_SECRET_KEY = "netpatrol-development-secret-change-me"


def default_database_url() -> str:
    return f"sqlite:///{Path('var/netpatrol.db').resolve()}"


class SettingsError(ValueError):
    """A configuration value is wrong; the message names the variable and the reason."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NETPATROL_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    secret_key: str = Field(default=DEV_SECRET_KEY, min_length=16)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # NATS with JetStream for scale-out (nats://127.0.0.1:4222); empty: patrol in process.
    # A cluster: its servers separated by commas, and the stream's replicas (3 survives the
    # loss of one server)
    nats_url: str = Field(default="", pattern=r"^(nats://[^\s,]+(,nats://[^\s,]+)*)?$")
    nats_replicas: int = Field(default=1, ge=1, le=5)
    # a unit's own copy of data/policy.json (severity, sharing, service levels, measures)
    policy: str = ""
    # base URL of the platforms' API gateway (the simulator: http://127.0.0.1:8100)
    platform_url: str = Field(default="", pattern=r"^(https?://[^\s]+)?$")
    # platform -> shared secret for signed pushes to /api/v1/ingest, as "weibo:s1,tieba:s2"
    ingest_keys: str = ""
    # Swagger UI at /docs and ReDoc at /redoc; they load their code from a CDN
    api_docs: bool = False
    # addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed,
    # separated by commas; empty: the connecting address is the client's
    trusted_proxies: str = ""
    public_url: str = Field(
        default="http://127.0.0.1:8000", pattern=r"^https?://[^\s/]+(/[^\s]*)?$"
    )
    # the audit chain's HMAC key, kept out of the database; empty: one generated in key_dir
    audit_key: str = Field(default="", repr=False)
    # the Ed25519 key (PEM) that signs audit checkpoints and evidence manifests; empty: one
    # generated in key_dir
    signing_key_file: str = ""
    key_dir: str = "var/keys"
    # signed checkpoints are also written here, one file each, never rewritten
    checkpoint_dir: str = "var/checkpoints"
    checkpoint_minutes: int = Field(default=60, ge=1)
    # a unit's own copy of data/retention.json (periods and end actions per class of data)
    retention_policy: str = ""
    # referral packages to partner agencies: e-mail through this SMTP server (none: not
    # mailed), webhooks signed with this key (none: not posted)
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "netpatrol@localhost"
    referral_webhook_key: str = Field(default="", repr=False)

    @field_validator("audit_key")
    @classmethod
    def _audit_key_long_enough(cls, value: str) -> str:
        if value and len(value) < 32:
            raise ValueError("at least 32 characters (e.g. `openssl rand -hex 32`)")
        return value

    @field_validator("signing_key_file")
    @classmethod
    def _signing_key_exists(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(f"no signing key at {value}")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _supported_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        if url.get_backend_name() not in SUPPORTED_BACKENDS:
            raise ValueError(
                f"unsupported database {url.get_backend_name()!r}; use sqlite:/// or postgresql://"
            )
        if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
            value = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return value

    @field_validator("ingest_keys")
    @classmethod
    def _keys_well_formed(cls, value: str) -> str:
        for pair in filter(None, (p.strip() for p in value.split(","))):
            platform, _, secret = pair.partition(":")
            if platform not in ("weibo", "wechat", "tieba") or len(secret) < 16:
                raise ValueError(
                    "expected platform:secret pairs (weibo, wechat or tieba; secrets of at "
                    "least 16 characters) separated by commas"
                )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"not an address or network: {item!r}") from None
        return value

    def proxies(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        items = (p.strip() for p in self.trusted_proxies.split(","))
        return tuple(ipaddress.ip_network(p, strict=False) for p in items if p)

    @field_validator("policy", "retention_policy")
    @classmethod
    def _policy_exists(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(f"no policy file at {value}")
        return value

    def ingest_secrets(self) -> dict[str, str]:
        pairs = (p.strip().partition(":") for p in self.ingest_keys.split(",") if p.strip())
        return {platform: secret for platform, _, secret in pairs}

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's errors into one readable SettingsError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            problems.append(f"NETPATROL_{field.upper()}: {error['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None
