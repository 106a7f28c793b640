"""campaigns: comments waiting for a scan, and the detector's state between scans

Revision ID: campaign_detector_state
Revises: advocacy_daily
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "campaign_detector_state"
down_revision = "advocacy_daily"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaign_comments", sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=True))
    # Every comment stored before this revision was scanned by the request that stored it.
    op.execute("UPDATE campaign_comments SET scanned_at = received_at")
    op.create_index(op.f("ix_campaign_comments_scanned_at"), "campaign_comments", ["scanned_at"])
    op.create_table(
        "campaign_detector_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_detector_state")),
    )


def downgrade() -> None:
    op.drop_table("campaign_detector_state")
    op.drop_index(op.f("ix_campaign_comments_scanned_at"), table_name="campaign_comments")
    with op.batch_alter_table("campaign_comments") as batch:
        batch.drop_column("scanned_at")
