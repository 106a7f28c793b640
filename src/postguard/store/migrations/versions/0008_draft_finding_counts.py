"""dashboard: per-draft finding counts (draft_finding_counts, drafts.finding_count), drafts by time;
inbox_conversations.first_reply_at

Revision ID: draft_finding_counts
Revises: campaign_detector_state
Create Date: 2026-12-07

The counts are filled in here for every draft already stored, from its report, in batches
(the same function the store uses when it writes a draft), and each conversation's first
reply from its sent replies, inside the migration's transaction: a database is never at this
revision with drafts or conversations that lack them.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "draft_finding_counts"
down_revision = "campaign_detector_state"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default works on SQLite and PostgreSQL alike.
    op.add_column("drafts", sa.Column("finding_count", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_drafts_created_summary", "drafts", ["created_at", "language", "status", "finding_count"])
    op.create_index("ix_drafts_status_id", "drafts", ["status", "id"])
    op.create_index("ix_drafts_author_id_id", "drafts", ["author_id", "id"])
    op.create_table(
        "draft_finding_counts",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_draft_finding_counts_draft_id_drafts")),
        sa.PrimaryKeyConstraint("draft_id", "category", "severity", name=op.f("pk_draft_finding_counts")),
    )
    op.add_column("inbox_conversations", sa.Column("first_reply_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_inbox_conversations_response", "inbox_conversations",
                    ["received_at", "situation", "status", "deadline", "first_reply_at"])
    _backfill(op.get_bind())
    # The first reply a person sent (inbox_replies.send sets it from now on).
    op.execute("UPDATE inbox_conversations SET first_reply_at = (SELECT min(r.sent_at) FROM inbox_replies AS r "
               "WHERE r.conversation_id = inbox_conversations.id AND r.status = 'sent' "
               "AND r.kind IN ('reply', 'redirect'))")


def _backfill(connection: sa.Connection) -> None:
    from postguard.store.draft_summary import rows as count_rows

    # Table stubs of this revision (not the models, which move on with later revisions).
    drafts = sa.table("drafts", sa.column("id", sa.Integer()), sa.column("report", sa.JSON()),
                      sa.column("finding_count", sa.Integer()))
    counts = sa.table("draft_finding_counts", sa.column("draft_id", sa.Integer()), sa.column("category", sa.String()),
                      sa.column("severity", sa.String()), sa.column("findings", sa.Integer()))
    set_count = drafts.update().where(drafts.c.id == sa.bindparam("draft")).values(finding_count=sa.bindparam("total"))
    last_id = 0
    while True:
        batch = connection.execute(sa.select(drafts.c.id, drafts.c.report).where(drafts.c.id > last_id)
                                   .order_by(drafts.c.id).limit(BATCH)).all()
        if not batch:
            break
        new_rows, totals = [], []
        for draft_id, report in batch:
            found = count_rows(draft_id, report)
            new_rows += found
            if found:
                totals.append({"draft": draft_id, "total": sum(row["findings"] for row in found)})
        if new_rows:
            connection.execute(counts.insert(), new_rows)
        if totals:
            connection.execute(set_count, totals)
        last_id = batch[-1][0]


def downgrade() -> None:
    op.drop_index("ix_inbox_conversations_response", table_name="inbox_conversations")
    with op.batch_alter_table("inbox_conversations") as batch:
        batch.drop_column("first_reply_at")
    op.drop_table("draft_finding_counts")
    op.drop_index("ix_drafts_created_summary", table_name="drafts")
    op.drop_index("ix_drafts_status_id", table_name="drafts")
    op.drop_index("ix_drafts_author_id_id", table_name="drafts")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("finding_count")
