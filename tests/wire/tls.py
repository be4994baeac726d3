"""A throwaway certificate authority that issues a leaf certificate per SNI name on demand.

The clients get the CA file as ``verify=``, so they check the chain and the host name as
they would against AWS, while every name is served by the loopback server.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_START = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
#: The frozen clock is 2024; the certificates must also be valid on the real one.
_END = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
_DEFAULT_NAME = "localhost"


class Authority:
    """The CA (``ca_file``) and a server ``context`` that picks the leaf by SNI."""

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._leaf_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "strato wire test CA")])
        public = self._key.public_key()
        self._name = name
        self._ca = (
            _builder(name, name, public)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        self.ca_file = directory / "ca.pem"
        self.ca_file.write_bytes(self._ca.public_bytes(serialization.Encoding.PEM))
        self._key_file = directory / "leaf-key.pem"
        self._key_file.write_bytes(
            self._leaf_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self._lock = threading.Lock()
        self._contexts: dict[str, ssl.SSLContext] = {}
        self.context = self._context_for(_DEFAULT_NAME)
        self.context.sni_callback = self._choose

    def _choose(self, connection: Any, server_name: str | None, _: ssl.SSLContext) -> None:
        """Set the leaf for the name the client asked for, and remember the name."""
        connection.strato_sni = server_name
        if server_name:
            connection.context = self._context_for(server_name)

    def _context_for(self, host: str) -> ssl.SSLContext:
        host = host.lower()
        with self._lock:
            found = self._contexts.get(host)
            if found is None:
                found = self._contexts[host] = self._new_context(host)
            return found

    def _new_context(self, host: str) -> ssl.SSLContext:
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host[:64])])
        public = self._leaf_key.public_key()
        names: list[x509.GeneralName] = [x509.DNSName(host)]
        if host == _DEFAULT_NAME:
            names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        leaf = (
            _builder(subject, self._name, public)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        cert_file = self._dir / f"leaf-{len(self._contexts)}.pem"
        cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, self._key_file)
        return context


def _builder(
    subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(_START)
        .not_valid_after(_END)
    )


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
