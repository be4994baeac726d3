"""A stand-in for ``awscrt.crypto.EC`` built on ``cryptography``, so botocore's login
provider runs as it does with ``botocore[crt]`` (awscrt is not installed here, and
installing it would change botocore's behaviour for every other test).

Only the four calls botocore's login provider makes are provided.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed,
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import load_der_private_key


class _Key:
    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        self._key = key

    def get_public_coords(self) -> tuple[bytes, bytes]:
        numbers = self._key.public_key().public_numbers()
        return numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")

    def sign(self, digest: bytes) -> bytes:
        return self._key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))


class EC:
    """``awscrt.crypto.EC``'s static methods that botocore uses."""

    @staticmethod
    def new_key_from_der_data(data: bytes) -> _Key:
        key = load_der_private_key(data, password=None)  # ValueError when not a key
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("not an EC key")
        return _Key(key)

    @staticmethod
    def decode_der_signature_to_padded_pair(signature: bytes, pad_to: int) -> bytes:
        r, s = decode_dss_signature(signature)
        return r.to_bytes(pad_to, "big") + s.to_bytes(pad_to, "big")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_dpop(proof: str, url: str) -> dict[str, Any]:
    """Check a DPoP proof's signature against its own key and its target; returns the
    header and payload without the per-proof ``iat`` and ``jti``."""
    head, body, signature = proof.split(".")
    header, payload = json.loads(_unb64(head)), json.loads(_unb64(body))
    jwk = header["jwk"]
    x, y = (int.from_bytes(_unb64(jwk[c]), "big") for c in ("x", "y"))
    public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    raw = _unb64(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if bad
    assert payload["htu"] == url and payload["htm"] == "POST"
    assert isinstance(payload.pop("iat"), int) and len(payload.pop("jti")) == 36
    return {"header": header, "payload": payload}
