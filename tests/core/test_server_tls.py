"""A practice server on another computer, over TLS: its certificate fetched and shown by
fingerprint, pinned, and every later connection verified against it; a server presenting
another certificate is refused."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from dermadesk.core.server_address import (
    CERTIFICATE_FILE,
    ServerAddressError,
    ServerCertificate,
    fetch_certificate,
    fingerprint_of,
    parse_address,
    trust_certificate,
)
from tests.tls_postgres import TlsServer, free_port, self_signed


def test_the_fetched_certificate_is_the_servers_own(tls_server: TlsServer) -> None:
    port, certificate = tls_server.port, tls_server.certificate
    fetched = fetch_certificate("127.0.0.1", port)
    expected = x509.load_pem_x509_certificate(certificate)
    assert fetched.fingerprint == fingerprint_of(expected.public_bytes(serialization.Encoding.DER))


def test_a_pinned_certificate_verifies_every_connection(
    tls_server: TlsServer, tmp_path: Path
) -> None:
    port = tls_server.port
    address = parse_address(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    pinned = trust_certificate(tmp_path, address, fetch_certificate("127.0.0.1", port))
    assert (tmp_path / CERTIFICATE_FILE).exists()
    conninfo = pinned.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection:
        assert connection.pgconn.ssl_in_use


def test_a_server_with_another_certificate_is_refused(
    tls_server: TlsServer, tmp_path: Path
) -> None:
    port = tls_server.port
    impostor, _key = self_signed("practice-server")  # same name, another key
    address = parse_address(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    pinned = trust_certificate(tmp_path, address, ServerCertificate(impostor.decode(), "-"))
    conninfo = pinned.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(conninfo)


def test_a_port_with_no_server_is_said_in_words() -> None:
    with pytest.raises(ServerAddressError, match="cannot be reached"):
        fetch_certificate("127.0.0.1", free_port(), timeout=2)
