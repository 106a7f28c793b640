"""Persistent state of the service: SQLAlchemy models, query functions, migrations, audit log."""
