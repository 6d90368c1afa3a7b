"""Where a practice server is, and whether DermaDesk may talk to it: the address checked,
remembered per computer, and a server on another computer reached only over verified TLS.

Health data crosses the practice's network when the server is on another computer, so
DermaDesk refuses a connection there that is not encrypted AND verified: `sslmode=verify-full`
(the server's certificate signed by an authority this computer trusts, and naming the host),
or `verify-ca` against the server's own certificate pinned in the data dir after the
practitioner compared its fingerprint (`trust_certificate`). A server on this computer (a unix
socket, localhost) needs no TLS. A password is never written to the data dir: the address is
remembered without it, and libpq reads it from ~/.pgpass (README, "A practice server").
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import ssl
import struct
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from dermadesk.core.errors import DatabaseError
from dermadesk.core.files import write_atomically, write_private_file

DATABASE_URL_ENV = "DERMADESK_DATABASE_URL"
REMEMBERED = "practice-server.json"  # this computer's practice server, in its data dir
CERTIFICATE_FILE = "server-certificate.pem"  # the server's certificate, pinned
DRIVER = "postgresql+psycopg"
_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}
_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
# Parameters that make libpq connect elsewhere than the host named (hostaddr skips the name,
# service reads a whole address from a file): the TLS rule could not see where it goes.
_ROUTING_PARAMETERS = frozenset({"hostaddr", "service"})
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
_SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # PostgreSQL's "may we speak TLS?" message


class ServerAddressError(DatabaseError):
    """A practice server's address that cannot be used as it is, said in words."""


@dataclass(frozen=True)
class ServerAddress:
    """A checked practice-server address: the URL to connect with, and its hosts."""

    url: URL

    @property
    def hosts(self) -> list[str]:
        """Every host the connection may reach (libpq allows several): the URL's, else the
        PGHOST and PGHOSTADDR that libpq reads from the environment; '' for the default
        socket."""
        host = self.url.host or str(self.url.query.get("host", "") or "")
        if not host:
            host = os.environ.get("PGHOST", "")
        named = [part.strip() for part in host.split(",")]
        address = os.environ.get("PGHOSTADDR", "")  # overrides the name when libpq connects
        return named + [part.strip() for part in address.split(",") if part.strip()]

    @property
    def is_local(self) -> bool:
        """True when every host is this computer: a unix socket folder or a loopback name."""
        return all(host.startswith("/") or host in _LOCAL_HOSTS for host in self.hosts)

    @property
    def display(self) -> str:
        """The address to show a person: no password, ever (nor one given as a parameter)."""
        return _without_secrets(self.url).render_as_string(hide_password=True)

    @property
    def sqlalchemy_url(self) -> str:
        """The URL for SQLAlchemy's create_engine, password included when one was given."""
        return self.url.render_as_string(hide_password=False)

    @property
    def database(self) -> str:
        return self.url.database or ""

    @property
    def port(self) -> int:
        return self.url.port or int(str(self.url.query.get("port", "") or 5432))


def parse_address(text: str, verified: bool = True) -> ServerAddress:
    """Check a practice server's address as a person typed it; ServerAddressError in words.
    `verified=False` skips only the TLS rule, to fetch the certificate that would satisfy it."""
    text = text.strip()
    try:
        url = make_url(text)
    except ArgumentError:
        raise ServerAddressError(
            f"“{text[:200]}” is not a practice server's address. It looks like "
            "postgresql://USER@HOST/DATABASE (ask whoever set up the server)."
        ) from None
    if url.drivername not in _SCHEMES:
        raise ServerAddressError(
            f"A practice server is a PostgreSQL database, so its address starts with "
            f"postgresql:// (this one starts with {url.drivername}://)."
        )
    if not url.database:
        raise ServerAddressError(
            "The address names no database: add it after the host, as in "
            "postgresql://USER@HOST/DATABASE."
        )
    if routed := sorted(_ROUTING_PARAMETERS.intersection(url.query)):
        raise ServerAddressError(
            f"DermaDesk does not take {' or '.join(routed)} in a practice server's address: it "
            "could lead the connection to another computer than the one named. Name the "
            "server's computer after the @, as in postgresql://USER@HOST/DATABASE."
        )
    address = ServerAddress(url.set(drivername=DRIVER))
    if verified:
        refuse_unverified(address)
    return address


def needs_pinning(address: ServerAddress) -> bool:
    """True for a server on another computer that nothing verifies yet."""
    try:
        refuse_unverified(address)
    except ServerAddressError:
        return True
    return False


def refuse_unverified(address: ServerAddress) -> None:
    """A server on another computer only over TLS that proves who the server is."""
    if address.is_local:
        return
    mode = str(address.url.query.get("sslmode", "") or "")
    pinned = Path(str(address.url.query.get("sslrootcert", "") or "")).name == CERTIFICATE_FILE
    # verify-ca checks no host name: safe only against the server's own certificate, pinned.
    if mode == "verify-full" or (mode == "verify-ca" and pinned):
        return
    host = ", ".join(h for h in address.hosts if h) or "the address given"
    raise ServerAddressError(
        f"The practice server at {host} is on another computer, so DermaDesk only talks to it "
        "over an encrypted connection that proves it is the practice's server. Add "
        "sslmode=verify-full to the address (with the server's certificate), or compare and "
        "pin the server's certificate in DermaDesk's window (Connect to a practice server…). "
        "Nothing was sent."
    )


# --- this computer's server, remembered -------------------------------------------------


def _without_secrets(url: URL) -> URL:
    """`url` without its password, in the user part or given as a parameter."""
    query = {name: value for name, value in url.query.items() if name not in _SECRET_PARAMETERS}
    return url.set(query=query)._replace(password=None)  # set() takes None as "unchanged"


def without_password(database_url: str) -> str:
    """The address as it may be written down: no password, nor one given as a parameter."""
    url = _without_secrets(make_url(database_url))
    return url.render_as_string(hide_password=False)


def remembered_server(data_dir: Path) -> str | None:
    """The practice server this computer was last connected to from `data_dir`, if any."""
    try:
        content = json.loads((data_dir / REMEMBERED).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = content.get("database_url") if isinstance(content, dict) else None
    return found if isinstance(found, str) and found else None


def remember_server(data_dir: Path, database_url: str) -> None:
    """Remember `database_url` (without its password) as this computer's practice server."""
    address = without_password(database_url)
    if remembered_server(data_dir) == address:
        return
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = json.dumps({"database_url": address}, indent=2) + "\n"
    write_atomically(data_dir / REMEMBERED, text.encode("utf-8"))


def forget_server(data_dir: Path) -> None:
    """This computer uses its own folder practice again."""
    (data_dir / REMEMBERED).unlink(missing_ok=True)


def chosen_server(explicit: str | None, data_dir: Path) -> tuple[str | None, bool]:
    """The practice server to use: `explicit` (--database-url), else DERMADESK_DATABASE_URL,
    else the one remembered in `data_dir`; and whether it was given rather than remembered."""
    given = explicit or os.environ.get(DATABASE_URL_ENV) or None
    if given:
        return given, True
    return remembered_server(data_dir), False


# --- the server's own certificate, compared and pinned ----------------------------------


@dataclass(frozen=True)
class ServerCertificate:
    """The certificate a server presented: PEM text and its SHA-256 fingerprint."""

    pem: str
    fingerprint: str  # "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it


def fingerprint_of(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def fetch_certificate(host: str, port: int = 5432, timeout: float = 5.0) -> ServerCertificate:
    """Ask the server at host:port for its certificate, unverified, to show its fingerprint
    to the practitioner; nothing of the practice is sent."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            raw.sendall(_SSL_REQUEST)
            if raw.recv(1) != b"S":
                raise ServerAddressError(
                    f"The server at {host}:{port} does not offer encrypted connections. Ask "
                    "whoever set it up to turn TLS on (ssl = on); nothing was sent."
                )
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # only looked at; pinned once compared
            with context.wrap_socket(raw, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError) as error:  # ValueError: a host name that cannot be one
        words = getattr(error, "strerror", None) or error
        raise ServerAddressError(
            f"The server at {host}:{port} cannot be reached ({words})."
        ) from None
    if not der:
        raise ServerAddressError(f"The server at {host}:{port} presented no certificate.")
    return ServerCertificate(ssl.DER_cert_to_PEM_cert(der), fingerprint_of(der))


def trust_certificate(
    data_dir: Path, address: ServerAddress, certificate: ServerCertificate
) -> ServerAddress:
    """Pin `certificate` (its fingerprint compared by a person) for this computer; returns
    the address that verifies the server against it on every connection."""
    path = data_dir / CERTIFICATE_FILE
    write_private_file(path, certificate.pem.encode("ascii"))
    query = {**address.url.query, "sslmode": "verify-ca", "sslrootcert": str(path)}
    return ServerAddress(address.url.set(query=query))
