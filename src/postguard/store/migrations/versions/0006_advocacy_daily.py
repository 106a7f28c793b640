"""advocacy: advocacy_daily, what each share did each day, for reports over a year (issue 8)

Reports per campaign, team, employee and week joined up to a million daily click counts and
engagement rows to their shares; this table keeps shares, clicks and engagement per share and
day with the share's item, team and person copied on, so a report is one grouped read of one
covering index. Filled here from the tables it sums (the same as ``store.advocacy_daily.rebuild``).

Revision ID: advocacy_daily
Revises: training_acknowledgements
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "advocacy_daily"
down_revision = "training_acknowledgements"
branch_labels = None
depends_on = None

METRICS = ("shares", "clicks", "bot_clicks", "likes", "comments", "reshares", "impressions")


def upgrade() -> None:
    op.create_table(
        "advocacy_daily",
        sa.Column("share_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in METRICS),
        sa.ForeignKeyConstraint(["share_id"], ["shares.id"], name=op.f("fk_advocacy_daily_share_id_shares")),
        sa.PrimaryKeyConstraint("share_id", "day", name=op.f("pk_advocacy_daily")),
    )
    for key in ("item_id", "team", "user_id"):
        op.create_index(f"ix_advocacy_daily_{key}", "advocacy_daily", [key, "day", *METRICS])
    op.create_index("ix_advocacy_daily_day", "advocacy_daily", ["day", *METRICS])
    op.execute(backfill_sql(op.get_bind().dialect.name == "postgresql"))


def backfill_sql(postgres: bool) -> str:
    """Every share's day, daily click counts and matched engagement, summed per share and day
    (a test runs it against a table kept up to date as the service goes)."""
    share_day = "CAST(timezone('UTC', created_at) AS DATE)" if postgres else "date(created_at)"
    zeros = ", ".join(f"0 AS {name}" for name in METRICS[1:])
    return f"""
        INSERT INTO advocacy_daily (share_id, day, item_id, team, user_id, {", ".join(METRICS)})
        SELECT s.id, u.day, s.item_id, s.team, s.user_id, {", ".join(f"SUM(u.{name})" for name in METRICS)}
        FROM (
            SELECT id AS share_id, {share_day} AS day, 1 AS shares, {zeros} FROM shares
            UNION ALL
            SELECT share_id, day, 0, clicks, bot_clicks, 0, 0, 0, 0 FROM link_clicks_daily
            UNION ALL
            SELECT s.id, e.day, 0, 0, 0, e.likes, e.comments, e.reshares, e.impressions
            FROM engagement e JOIN shares s ON s.post_url = e.post_url
        ) u JOIN shares s ON s.id = u.share_id
        GROUP BY s.id, u.day, s.item_id, s.team, s.user_id
    """


def downgrade() -> None:
    op.drop_table("advocacy_daily")
