"""A practice server's address: checked in words, never unverified across the network, never
remembered with its password, and its own certificate pinned after a person compared it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dermadesk.core.server_address import (
    REMEMBERED,
    ServerAddressError,
    forget_server,
    parse_address,
    remember_server,
    remembered_server,
)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://dermadesk@/practice?host=/run/postgresql",
        "postgres://dermadesk@localhost/practice",
        "postgresql+psycopg://dermadesk@127.0.0.1:5433/practice",
        "postgresql://dermadesk@[::1]/practice",
    ],
)
def test_a_server_on_this_computer_needs_no_tls(text: str) -> None:
    address = parse_address(text)
    assert address.is_local
    assert address.sqlalchemy_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://dermadesk@reception.local/practice",
        "postgresql://dermadesk@192.168.1.20/practice?sslmode=require",
        "postgresql://dermadesk@192.168.1.20/practice?sslmode=verify-ca",  # pinned to nothing
        "postgresql://dermadesk@localhost,192.168.1.20/practice",  # one host is not local
        # verify-ca checks no host name: only against the server's own pinned certificate
        "postgresql://dermadesk@192.168.1.20/practice?sslmode=verify-ca&sslrootcert=/etc/ca.pem",
    ],
)
def test_a_server_on_another_computer_is_refused_without_verified_tls(text: str) -> None:
    with pytest.raises(ServerAddressError, match=r"another computer.*Nothing was sent"):
        parse_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://dermadesk@reception.local/practice?sslmode=verify-full",
        "postgresql://dermadesk@192.168.1.20/practice"
        "?sslmode=verify-ca&sslrootcert=/x/server-certificate.pem",
    ],
)
def test_verified_tls_to_another_computer_is_accepted(text: str) -> None:
    assert not parse_address(text).is_local


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("mysql://dermadesk@localhost/practice", "starts with postgresql://"),
        ("sqlite:///practice.db", "starts with postgresql://"),
        ("postgresql://dermadesk@localhost", "names no database"),
        ("reception computer", "not a practice server's address"),
    ],
)
def test_an_address_that_is_not_a_practice_server_is_said_in_words(text: str, words: str) -> None:
    with pytest.raises(ServerAddressError, match=words):
        parse_address(text)


def test_the_server_is_remembered_per_computer_without_its_password(tmp_path: Path) -> None:
    remember_server(tmp_path, "postgresql://dermadesk:s3cret-Pa55@localhost/practice")
    written = (tmp_path / REMEMBERED).read_text()
    assert "s3cret" not in written
    assert remembered_server(tmp_path) == "postgresql://dermadesk@localhost/practice"
    assert stat.S_IMODE(os.stat(tmp_path / REMEMBERED).st_mode) == 0o600
    forget_server(tmp_path)
    assert remembered_server(tmp_path) is None


def test_a_password_is_never_shown(tmp_path: Path) -> None:
    address = parse_address("postgresql://dermadesk:s3cret-Pa55@localhost/practice")
    assert "s3cret" not in address.display
    assert "s3cret" in address.sqlalchemy_url  # used to connect, this once


@pytest.mark.parametrize("parameter", ["hostaddr=192.168.1.20", "service=practice"])
def test_parameters_that_lead_elsewhere_than_the_host_named_are_refused(parameter: str) -> None:
    with pytest.raises(ServerAddressError, match="another computer than the one named"):
        parse_address(f"postgresql://dermadesk@localhost/practice?{parameter}")


@pytest.mark.parametrize("variable", ["PGHOST", "PGHOSTADDR"])
def test_a_server_named_by_the_environment_is_judged_by_it(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "192.168.1.20")  # libpq would connect there
    with pytest.raises(ServerAddressError, match="another computer"):
        parse_address("postgresql://dermadesk@/practice")


def test_a_password_given_as_a_parameter_is_never_shown_nor_remembered(tmp_path: Path) -> None:
    text = "postgresql://dermadesk@localhost/practice?password=s3cret-Pa55&sslmode=disable"
    address = parse_address(text)
    assert "s3cret" not in address.display
    remember_server(tmp_path, text)
    assert "s3cret" not in (tmp_path / REMEMBERED).read_text()
    assert (
        remembered_server(tmp_path) == "postgresql://dermadesk@localhost/practice?sslmode=disable"
    )
