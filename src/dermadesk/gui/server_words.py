"""A practice server as the window names it: its computer and database, never a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


def server_host(database_url: str) -> str:
    """The server's computer as a person names it ("this computer" for a local one)."""
    from dermadesk.core.server_address import ServerAddressError, parse_address

    try:
        address = parse_address(database_url, verified=False)
    except ServerAddressError:  # said on the screen once it tries to connect
        return "a practice server"
    return "this computer" if address.is_local else ", ".join(address.hosts)


def server_words(database_url: str) -> str:
    """The server as a person reads it: its database and computer, never a password."""
    from dermadesk.core.server_address import ServerAddressError, parse_address

    try:
        database = parse_address(database_url, verified=False).database
    except ServerAddressError:
        return "the address given"
    return f"database “{database}” on {server_host(database_url)}"


def practice_server(practice: Practice) -> str | None:
    """The address of the server `practice` is on (no password); None for a folder practice."""
    if practice.store.is_sqlite:
        return None
    return practice.store.engine.url.render_as_string(hide_password=True)


def where_words(practice: Practice) -> tuple[str, str]:
    """The status bar's words for where the practice is, and their tooltip."""
    url = practice_server(practice)
    if url is None:
        return str(practice.data_dir), "The practice's data folder on this computer"
    return (
        f"Practice server: {server_words(url)}",
        f"The practice is on a practice server; this computer's own files are in "
        f"{practice.data_dir.parent.parent}",
    )
