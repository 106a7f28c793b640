"""Coordinated campaigns: a streaming detector over comments, incidents, and evidence bundles.

``CampaignDetector`` (``detector.py``) takes :class:`Comment` values in time order and hands
back :class:`CampaignEvidence`; ``IncidentBook`` (``incidents.py``) turns evidence into
incidents under the policy's thresholds, owner and playbook; ``export_bundle``
(``bundle.py``) and ``render_report`` (``report.py``) produce what a lawyer receives.
"""
from __future__ import annotations

from .bundle import export_bundle, verify_bundle
from .detector import CampaignDetector, detect
from .evidence import AccountEvidence, CampaignEvidence, CommentEvidence, Reason, WaveEvidence
from .incidents import Incident, IncidentBook, IncidentStore, MemoryIncidentStore
from .model import Comment, comment_from_dict
from .report import render_report
from .settings import DetectorSettings

__all__ = [
    "AccountEvidence", "CampaignDetector", "CampaignEvidence", "Comment", "CommentEvidence", "DetectorSettings",
    "Incident", "IncidentBook", "IncidentStore", "MemoryIncidentStore", "Reason",
    "WaveEvidence", "comment_from_dict", "detect", "export_bundle", "render_report", "verify_bundle",
]
