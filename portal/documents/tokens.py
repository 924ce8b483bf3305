"""Signed verification tokens: what a pass's QR code carries.

A token names the document (kind and id) and when it expires, signed with the site's
secret key under its own salt, so it cannot be forged or altered without the key, and a
signature made for anything else in the site never passes for a pass. Compact, because a
shorter URL makes a coarser QR code that scans from a crumpled paper.
"""

import math
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing

SALT = "portal.documents.verify"


class BadToken(Exception):
    """The token was not signed by this site, or was altered."""


@dataclass(frozen=True)
class Claims:
    kind: str
    document_id: int
    expires_at: datetime | None


def make_token(kind: str, document_id: int, expires_at: datetime | None) -> str:
    expiry = math.ceil(expires_at.timestamp()) if expires_at is not None else 0
    return signing.Signer(salt=SALT).sign_object([kind, document_id, expiry], compress=True)


def read_token(token: str) -> Claims:
    """The claims of a genuine token; :class:`BadToken` for anything else."""
    try:
        kind, document_id, expiry = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, zlib.error) as error:
        raise BadToken(str(error)) from None
    if not (isinstance(kind, str) and isinstance(document_id, int) and isinstance(expiry, int)):
        raise BadToken("Malformed claims.")
    expires_at = datetime.fromtimestamp(expiry, tz=UTC) if expiry else None
    return Claims(kind=kind, document_id=document_id, expires_at=expires_at)
