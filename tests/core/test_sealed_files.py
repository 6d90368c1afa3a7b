"""Sealed files (chunked AES-256-GCM): what is sealed reads back whole, and every attack on
the file (cut short, chunks dropped, reordered or edited, a header swapped, a file copied over
another's name, another key) is refused as damage, never read as other plaintext."""

from __future__ import annotations

import io
import secrets

import pytest

from dermadesk.core.sealed_files import (
    HEADER_BYTES,
    TAG_BYTES,
    SealedFileDamaged,
    SealedWriter,
    open_sealed,
    read_all,
    seal_bytes,
)

KEY = bytes(range(32))
CHUNK = 64  # small chunks: the same code paths as 1 MiB ones, with small test data


def sealed(data: bytes, binding: bytes = b"", key: bytes = KEY, pieces: int = 7) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, key, chunk_size=CHUNK)
    for start in range(0, len(data), pieces):  # written in odd pieces, as a stream
        writer.write(data[start : start + pieces])
    writer.close(binding)
    return out.getvalue()


def unseal(blob: bytes, binding: bytes = b"", key: bytes = KEY) -> bytes:
    return read_all(io.BytesIO(blob), key, binding)


def chunks_of(blob: bytes) -> list[bytes]:
    body = blob[HEADER_BYTES:]
    size = CHUNK + TAG_BYTES
    return [body[i : i + size] for i in range(0, len(body), size)]


@pytest.mark.parametrize("length", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5])
def test_what_is_sealed_reads_back_whole(length: int) -> None:
    data = secrets.token_bytes(length)
    blob = sealed(data, b"name")
    assert unseal(blob, b"name") == data
    assert len(chunks_of(blob)) == max(1, -(-length // CHUNK))
    assert length < 16 or data[:16] not in blob


def test_the_stream_gives_authenticated_chunks_one_by_one() -> None:
    data = secrets.token_bytes(2 * CHUNK + 10)
    parts = list(open_sealed(io.BytesIO(sealed(data)), KEY))
    assert [len(p) for p in parts] == [CHUNK, CHUNK, 10]


def test_one_mib_chunks_by_default() -> None:
    data = secrets.token_bytes(2 * 1024 * 1024 + 3)
    blob = seal_bytes(data, KEY, b"x")
    assert len(blob) == HEADER_BYTES + len(data) + 3 * TAG_BYTES
    assert read_all(io.BytesIO(blob), KEY, b"x") == data


def test_the_same_plaintext_seals_differently_each_time() -> None:
    data = b"a face" * 40
    assert sealed(data) != sealed(data)


DATA = bytes(range(256)) * 2  # 8 chunks of 64


def refused(blob: bytes, binding: bytes = b"", key: bytes = KEY) -> None:
    with pytest.raises(SealedFileDamaged):
        unseal(blob, binding, key)


def test_a_file_cut_inside_a_chunk_is_refused() -> None:
    blob = sealed(DATA)
    for cut in (1, TAG_BYTES, CHUNK, len(blob) - HEADER_BYTES - 1):
        refused(blob[:-cut])


def test_a_file_cut_at_a_chunk_boundary_is_refused() -> None:
    """Dropping whole last chunks leaves a file that ends on a chunk sealed as not the last."""
    blob = sealed(DATA)
    chunks = chunks_of(blob)
    for kept in range(len(chunks)):
        refused(blob[:HEADER_BYTES] + b"".join(chunks[:kept]))


def test_reordered_or_repeated_chunks_are_refused() -> None:
    blob = sealed(DATA)
    header, chunks = blob[:HEADER_BYTES], chunks_of(blob)
    swapped = chunks[:]
    swapped[1], swapped[2] = swapped[2], swapped[1]
    refused(header + b"".join(swapped))
    refused(header + b"".join(chunks[:3] + chunks[2:]))  # one chunk twice


def test_a_chunk_dropped_from_the_middle_is_refused() -> None:
    blob = sealed(DATA)
    chunks = chunks_of(blob)
    refused(blob[:HEADER_BYTES] + b"".join(chunks[:2] + chunks[3:]))


def test_every_flipped_bit_is_refused() -> None:
    blob = sealed(DATA[:100])
    for position in range(len(blob)):
        for bit in (0x01, 0x80):
            edited = bytearray(blob)
            edited[position] ^= bit
            refused(bytes(edited))


def test_bytes_added_after_the_last_chunk_are_refused() -> None:
    blob = sealed(DATA)
    refused(blob + b"\x00")
    refused(blob + chunks_of(blob)[-1])


def test_a_header_swapped_from_another_file_is_refused() -> None:
    """Another file sealed under the same key: its header brings its own file key."""
    mine, theirs = sealed(DATA), sealed(DATA)
    refused(theirs[:HEADER_BYTES] + mine[HEADER_BYTES:])


def test_another_files_chunk_is_refused() -> None:
    mine, theirs = sealed(DATA), sealed(DATA)
    chunks = chunks_of(mine)
    chunks[3] = chunks_of(theirs)[3]
    refused(mine[:HEADER_BYTES] + b"".join(chunks))


def test_a_file_copied_over_another_name_is_refused() -> None:
    """The binding (the vault's file name) is sealed into the last chunk."""
    blob = sealed(DATA, b"photo a")
    assert unseal(blob, b"photo a") == DATA
    refused(blob, b"photo b")
    refused(blob, b"")


def test_another_key_is_refused() -> None:
    refused(sealed(DATA), key=secrets.token_bytes(32))


def test_what_is_no_sealed_file_is_refused_in_words() -> None:
    with pytest.raises(SealedFileDamaged, match="not a sealed"):
        unseal(b"\xff\xd8\xff\xe0 a plain JPEG")
    with pytest.raises(SealedFileDamaged, match="not a sealed"):
        unseal(b"")
    with pytest.raises(SealedFileDamaged, match="format"):
        blob = bytearray(sealed(DATA))
        blob[4] = 9
        unseal(bytes(blob))
