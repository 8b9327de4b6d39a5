"""Sealing reporters' contacts (M7): Fernet (AES-128-CBC with an HMAC) under a key derived
from NETPATROL_SECRET_KEY, so a copy of the database alone does not reveal them."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from netpatrol.domain.errors import RuleViolation


class Sealer:
    def __init__(self, secret_key: str) -> None:
        material = hashlib.sha256(b"netpatrol-contact-seal:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(material))
        self._client = hashlib.sha256(b"netpatrol-client:" + secret_key.encode()).digest()

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode() if plain else ""

    def open(self, sealed: str) -> str:
        if not sealed:
            return ""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise RuleViolation("the contact was sealed under another secret key") from None

    def client_key(self, address: str) -> str:
        """A keyed digest of the client's address: enough to count its reports, without
        keeping the address."""
        return hashlib.blake2b(address.encode(), key=self._client, digest_size=16).hexdigest()
