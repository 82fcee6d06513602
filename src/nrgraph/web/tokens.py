"""Who may edit through the API: named bearer tokens, compared in constant time.

Tokens come from ``NRGRAPH_EDIT_TOKEN`` (one, as ``NAME:TOKEN`` or just ``TOKEN``, named
``editor``) and ``NRGRAPH_EDIT_TOKEN_FILE`` (one ``NAME:TOKEN`` per line, ``#`` comments).
There is no default: with neither, the API is read-only. A request authenticates with
``Authorization: Bearer <token>``; the name of its token is recorded in the audit log.

>>> tokens = EditTokens.parse("alice:s3cret-token-of-alice")
>>> tokens.authenticate("Bearer s3cret-token-of-alice")
'alice'
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from nrgraph.config import Settings
from nrgraph.errors import AccessDenied, AuthenticationRequired, EditingDisabled, InvalidInput

__all__ = ["MIN_TOKEN_LENGTH", "EditTokens"]

MIN_TOKEN_LENGTH = 16
"""Shorter tokens are refused when the settings are read: they could be guessed."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_BEARER = re.compile(r"^Bearer +(\S+) *$", re.IGNORECASE)


@dataclass(frozen=True)
class EditTokens:
    """The configured tokens by name; empty when editing is disabled."""

    tokens: tuple[tuple[str, bytes], ...] = ()

    @property
    def enabled(self) -> bool:
        """Whether any token is configured (otherwise the API is read-only)."""
        return bool(self.tokens)

    @classmethod
    def parse(cls, text: str, origin: str = "NRGRAPH_EDIT_TOKEN") -> EditTokens:
        """Tokens from lines of ``NAME:TOKEN`` (or a bare ``TOKEN``, named ``editor``)."""
        tokens: list[tuple[str, bytes]] = []
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, token = line.partition(":")
            if not sep:
                name, token = "editor", line
            where = f"{origin}, line {number}" if "\n" in text.strip() else origin
            if not _NAME.match(name):
                raise InvalidInput(f"{where}: token name {name!r} must be letters, digits, '.', '_', '@' or '-'")
            if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() for c in token):
                raise InvalidInput(
                    f"{where}: the token of {name!r} must be at least {MIN_TOKEN_LENGTH} characters without "
                    "spaces (for example: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
                )
            if any(existing == name for existing, _ in tokens):
                raise InvalidInput(f"{where}: the token name {name!r} is used twice")
            tokens.append((name, token.encode()))
        return cls(tuple(tokens))

    @classmethod
    def from_settings(cls, settings: Settings) -> EditTokens:
        """The tokens of ``edit_token`` and ``edit_token_file``; :class:`InvalidInput` if unreadable."""
        found = list(cls.parse(settings.edit_token).tokens) if settings.edit_token else []
        if settings.edit_token_file:
            path = Path(settings.edit_token_file)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise InvalidInput(f"NRGRAPH_EDIT_TOKEN_FILE {path}: cannot read it ({error.strerror})") from None
            for name, token in cls.parse(text, str(path)).tokens:
                if any(existing == name for existing, _ in found):
                    raise InvalidInput(f"{path}: the token name {name!r} is also in NRGRAPH_EDIT_TOKEN")
                found.append((name, token))
        return cls(tuple(found))

    def authenticate(self, authorization: str | None) -> str:
        """The name of the token in an ``Authorization`` header value.

        Raises :class:`EditingDisabled` if no token is configured,
        :class:`AuthenticationRequired` if the header is missing or not ``Bearer``, and
        :class:`AccessDenied` if the token matches none. Every configured token is compared,
        each with :func:`hmac.compare_digest`, so the time taken does not tell which
        characters or which token came close.
        """
        if not self.enabled:
            raise EditingDisabled("editing is disabled: no edit token is configured, so the API is read-only")
        match = _BEARER.match(authorization or "")
        if match is None:
            raise AuthenticationRequired("editing needs an edit token: send 'Authorization: Bearer <token>'")
        given = match[1].encode()
        found: str | None = None
        for name, token in self.tokens:
            if hmac.compare_digest(token, given) and found is None:
                found = name
        if found is None:
            raise AccessDenied("the edit token is not valid")
        return found
