"""The inbox as a running service: group-committed acceptance and the background triage worker.

The pure logic is :mod:`postguard.inbound`; the tables and query functions are in
``store/inbox_*.py``; the API is ``web/routes/inbox.py`` and ``web/routes/inbound.py``.
"""
