"""inbox: why a message's triage failed as a code with params (inbox_messages.triage_failure)

Revision ID: inbox_triage_failure
Revises: inbox_triage_error
Create Date: 2026-12-09

Messages that failed before this revision keep their ``triage_error`` text only (null here):
they are shown as stored.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "inbox_triage_failure"
down_revision = "inbox_triage_error"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: a plain ADD COLUMN on SQLite and PostgreSQL alike.
    op.add_column("inbox_messages", sa.Column("triage_failure", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_messages") as batch:
        batch.drop_column("triage_failure")
