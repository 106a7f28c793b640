"""training: acknowledgements, reminders, quiz results, signing keys; users.department

Revision ID: training_acknowledgements
Revises: advocacy_tables
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "training_acknowledgements"
down_revision = "advocacy_tables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default works on SQLite and PostgreSQL alike.
    op.add_column("users", sa.Column("department", sa.String(length=100), nullable=False, server_default=""))
    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["policy_version"], ["policy_versions.number"],
                                name=op.f("fk_acknowledgements_policy_version_policy_versions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_acknowledgements_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgements")),
        sa.UniqueConstraint("user_id", "policy_version", name="uq_acknowledgements_user_version"),
    )
    op.create_index(op.f("ix_acknowledgements_user_id"), "acknowledgements", ["user_id"])
    op.create_index(op.f("ix_acknowledgements_policy_version"), "acknowledgements", ["policy_version"])
    op.create_table(
        "acknowledgement_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["policy_version"], ["policy_versions.number"],
                                name=op.f("fk_acknowledgement_reminders_policy_version_policy_versions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_acknowledgement_reminders_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgement_reminders")),
    )
    op.create_index("ix_acknowledgement_reminders_version_user_at", "acknowledgement_reminders",
                    ["policy_version", "user_id", "at"])
    op.create_table(
        "quiz_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("pass_mark", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("attempt_key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["policy_version"], ["policy_versions.number"],
                                name=op.f("fk_quiz_results_policy_version_policy_versions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_quiz_results_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_results")),
        sa.UniqueConstraint("attempt_key", name=op.f("uq_quiz_results_attempt_key")),
    )
    op.create_index(op.f("ix_quiz_results_user_id"), "quiz_results", ["user_id"])
    op.create_index(op.f("ix_quiz_results_policy_version"), "quiz_results", ["policy_version"])
    op.create_table(
        "signing_keys",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_signing_keys")),
    )


def downgrade() -> None:
    op.drop_table("signing_keys")
    op.drop_index(op.f("ix_quiz_results_policy_version"), table_name="quiz_results")
    op.drop_index(op.f("ix_quiz_results_user_id"), table_name="quiz_results")
    op.drop_table("quiz_results")
    op.drop_index("ix_acknowledgement_reminders_version_user_at", table_name="acknowledgement_reminders")
    op.drop_table("acknowledgement_reminders")
    op.drop_index(op.f("ix_acknowledgements_policy_version"), table_name="acknowledgements")
    op.drop_index(op.f("ix_acknowledgements_user_id"), table_name="acknowledgements")
    op.drop_table("acknowledgements")
    with op.batch_alter_table("users") as batch:  # SQLite cannot drop a column in place everywhere
        batch.drop_column("department")
