"""inbox: why a message's triage failed (inbox_messages.triage_error)

Revision ID: inbox_triage_error
Revises: draft_finding_counts
Create Date: 2026-12-08

Messages that failed before this revision keep a null reason: it went only to the log.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "inbox_triage_error"
down_revision = "draft_finding_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: a plain ADD COLUMN on SQLite and PostgreSQL alike.
    op.add_column("inbox_messages", sa.Column("triage_error", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_messages") as batch:
        batch.drop_column("triage_error")
