"""Outgoing notifications: signed JSON POSTed to configured webhook URLs, through a durable queue.

Anything that must tell the outside world something (an inbox escalation, an SLA alert, a
campaign incident) calls :meth:`Notifier.publish` inside its own database transaction: the
notification is a row of ``notify_queue`` committed together with the state change, so it
is never lost on a restart. :class:`Dispatcher` delivers the queue in the background with
the signing, retries and back-off of :mod:`postguard.connectors.webhooks`.
"""
from .dispatcher import Dispatcher
from .queue import Notifier, SqlQueue

__all__ = ["Dispatcher", "Notifier", "SqlQueue"]
