"""The audit key and the signing key: read from settings, or, in development, generated
once into the key directory (each write is atomic, so parallel starts agree on one key)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

log = logging.getLogger(__name__)
AUDIT_KEY_FILE = "audit.key"
SIGNING_KEY_FILE = "signing.pem"


def _create_once(path: Path, content: bytes) -> None:
    """Write `content` to `path` unless another process got there first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    temporary.write_bytes(content)
    os.chmod(temporary, 0o600)
    try:
        os.link(temporary, path)
        log.warning("generated %s: keep it safe and out of the database's backups", path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def audit_key(configured: str, key_dir: Path) -> bytes:
    """NETPATROL_AUDIT_KEY, or the generated development key in `key_dir`."""
    if configured:
        return configured.encode()
    path = key_dir / AUDIT_KEY_FILE
    if not path.is_file():
        _create_once(path, secrets.token_hex(32).encode())
    return path.read_bytes().strip()


def signing_key(configured: str, key_dir: Path) -> Ed25519PrivateKey:
    """The Ed25519 key in NETPATROL_SIGNING_KEY_FILE, or the generated development key."""
    path = Path(configured) if configured else key_dir / SIGNING_KEY_FILE
    if not configured and not path.is_file():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _create_once(path, pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded
