"""postguard's web interface: server-rendered pages in six languages and the live check.

The service mounts ``create_ui(UISettings(...))`` (see :mod:`postguard.webui.app`); alone,
``create_demo_app()`` runs it on the bundled demo policy.
"""
from __future__ import annotations

from .app import UISettings, create_demo_app, create_ui

__all__ = ["UISettings", "create_ui", "create_demo_app"]
