"""gallery on a practice server (--database-url): the Photos tab's first screen on the server
practice's 1,000-photo client, its thumbnails in this computer's cache (sealed), against the
same bare thumbnail reads as `gallery`."""

from __future__ import annotations

from gallery import measure_first_screen
from harness import Result
from server_practice import gallery_client, server_practice
from workspace import Workspace


def bench_server_gallery(workspace: Workspace) -> Result:
    """`gallery` on the server: the rows from the server, the thumbnails from the cache."""
    with server_practice(workspace) as practice:
        client_id = gallery_client(practice, workspace.photos, workspace.root / "server-pictures")
        return measure_first_screen(practice, client_id)
