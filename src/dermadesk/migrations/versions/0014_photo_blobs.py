"""Photo originals in the practice server's database: `photo_blob`, keyed by vault name.

On a practice server (PostgreSQL) there is no shared folder: each original is kept here,
sealed by the computer that imported it (core.sealed_files, the practice's key) exactly as
the folder vault would keep it, so nothing readable ever reaches the server. A SQLite
practice keeps its folder vault (its database and photos are on one computer, and a photo
in its file would make every copy and backup of the database carry it), so the table is
made on PostgreSQL only. Sealed bytes do not compress: EXTERNAL storage keeps them out of
line without trying, and lets a photo be read in slices (substring) as it is decrypted.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE photo_blob ("
        " vault_name text PRIMARY KEY,"
        " sealed bytea NOT NULL,"
        " size bigint NOT NULL CHECK (size = octet_length(sealed)))"
    )
    op.execute("ALTER TABLE photo_blob ALTER COLUMN sealed SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE photo_blob")
