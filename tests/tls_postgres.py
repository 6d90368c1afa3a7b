"""A PostgreSQL with TLS on, started for the tests that cross the network (the shared test
server has no TCP): a throwaway cluster on a free port, run by the postgres user, listening on
loopback and on this computer's own network address when it has one (a server "on another
computer", as DermaDesk sees it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.postgres_server import server_socket


@dataclass(frozen=True)
class TlsServer:
    port: int
    certificate: bytes  # PEM
    network_host: str | None  # this computer's non-loopback address, if it has one


def network_address() -> str | None:
    """This computer's own IPv4 address on a network (not loopback), if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.123", 9))  # no packet is sent: only a route is chosen
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


VALID_FROM = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def self_signed(name: str) -> tuple[bytes, bytes]:
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


def free_port() -> int:
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


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    """A PostgreSQL with TLS on 127.0.0.1: its port and its certificate (PEM)."""
    if server_socket() is None or os.geteuid() != 0:
        pytest.skip("the TLS server test needs the test PostgreSQL (./dev test as root)")
    programs = _bin()
    # /tmp, not pytest's tmp dir: the postgres user must be able to reach its cluster.
    root = Path(tempfile.mkdtemp(prefix="dermadesk-tls-"))
    os.chmod(root, 0o755)
    data = root / "data"
    certificate, key = self_signed("practice-server")
    try:
        data.mkdir()
        shutil.chown(data, "postgres")
        _as_postgres(str(programs / "initdb"), "--no-sync", "-A", "trust", "-D", str(data))
        (data / "server.crt").write_bytes(certificate)
        (data / "server.key").write_bytes(key)
        with (data / "pg_hba.conf").open("a") as rules:  # TLS only from the network
            rules.write("hostssl all all samenet trust\n")
        for name in ("server.crt", "server.key"):
            shutil.chown(data / name, "postgres")
            os.chmod(data / name, 0o600)
        port = free_port()
        host = network_address()
        listen = "127.0.0.1" + (f",{host}" if host else "")
        options = f"-c listen_addresses={listen} -p {port} -k {data} -c ssl=on -c fsync=off"
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
            yield TlsServer(port, certificate, host)
        finally:
            _as_postgres(str(programs / "pg_ctl"), "-D", str(data), "-w", "-s", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
