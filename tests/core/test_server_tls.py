"""A practice server on another computer, over TLS: its certificate fetched and shown by
fingerprint, pinned, and every later connection verified against it; a server presenting
another certificate is refused.

A cluster of its own is started for this module (the shared test server has no TCP), with
TLS on, on a free loopback port, run by the postgres user."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dermadesk.core.server_address import (
    CERTIFICATE_FILE,
    ServerAddressError,
    ServerCertificate,
    fetch_certificate,
    fingerprint_of,
    parse_address,
    trust_certificate,
)
from tests.postgres_server import server_socket

VALID_FROM = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _self_signed(name: str) -> tuple[bytes, bytes]:
    """A self-signed certificate (PEM) and its key (PEM), as a practice's server might have."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_FROM + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.skip("no PostgreSQL server programs installed")
    return found[-1].parent


def _as_postgres(*command: str) -> None:
    # No pipes: a started server would hold them open, and this would wait for ever.
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.fixture(scope="module")
def tls_server() -> Iterator[tuple[int, bytes]]:
    """A PostgreSQL with TLS on 127.0.0.1: its port and its certificate (PEM)."""
    if server_socket() is None or os.geteuid() != 0:
        pytest.skip("the TLS server test needs the test PostgreSQL (./dev test as root)")
    programs = _bin()
    # /tmp, not pytest's tmp dir: the postgres user must be able to reach its cluster.
    root = Path(tempfile.mkdtemp(prefix="dermadesk-tls-"))
    os.chmod(root, 0o755)
    data = root / "data"
    certificate, key = _self_signed("practice-server")
    try:
        data.mkdir()
        shutil.chown(data, "postgres")
        _as_postgres(str(programs / "initdb"), "--no-sync", "-A", "trust", "-D", str(data))
        (data / "server.crt").write_bytes(certificate)
        (data / "server.key").write_bytes(key)
        for name in ("server.crt", "server.key"):
            shutil.chown(data / name, "postgres")
            os.chmod(data / name, 0o600)
        port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c ssl=on -c fsync=off"
        _as_postgres(
            str(programs / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-s",
            "-o",
            options,
            "-l",
            str(data / "log"),
            "start",
        )
        try:
            yield port, certificate
        finally:
            _as_postgres(str(programs / "pg_ctl"), "-D", str(data), "-w", "-s", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_fetched_certificate_is_the_servers_own(tls_server: tuple[int, bytes]) -> None:
    port, certificate = tls_server
    fetched = fetch_certificate("127.0.0.1", port)
    expected = x509.load_pem_x509_certificate(certificate)
    assert fetched.fingerprint == fingerprint_of(expected.public_bytes(serialization.Encoding.DER))


def test_a_pinned_certificate_verifies_every_connection(
    tls_server: tuple[int, bytes], tmp_path: Path
) -> None:
    port, _certificate = tls_server
    address = parse_address(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    pinned = trust_certificate(tmp_path, address, fetch_certificate("127.0.0.1", port))
    assert (tmp_path / CERTIFICATE_FILE).exists()
    conninfo = pinned.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection:
        assert connection.pgconn.ssl_in_use


def test_a_server_with_another_certificate_is_refused(
    tls_server: tuple[int, bytes], tmp_path: Path
) -> None:
    port, _certificate = tls_server
    impostor, _key = _self_signed("practice-server")  # same name, another key
    address = parse_address(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    pinned = trust_certificate(tmp_path, address, ServerCertificate(impostor.decode(), "-"))
    conninfo = pinned.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(conninfo)


def test_a_port_with_no_server_is_said_in_words() -> None:
    with pytest.raises(ServerAddressError, match="cannot be reached"):
        fetch_certificate("127.0.0.1", _free_port(), timeout=2)
