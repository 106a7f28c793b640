"""postguard: a company's social media policy as software that runs every day.

    >>> import postguard
    >>> report = postguard.check("Call me on +47 912 34 567", context=postguard.CheckContext(language="en"))
    >>> report.findings[0].category.value
    'personal_data'
"""
from __future__ import annotations

from .context import Attachment, CheckContext
from .engine import check
from .errors import InputError, PolicyError, PostguardError, UsageError
from .findings import Category, Finding, Report, Severity, Verdict

__version__ = "0.1.0"


def load_policy(path):  # noqa: ANN001 - thin re-export with a lazy import
    """Load and validate a policy file; raises :class:`PolicyError` listing every problem."""
    from .policy.loader import load_policy as _load

    return _load(path)


__all__ = [
    "Attachment", "Category", "CheckContext", "Finding", "InputError", "PolicyError", "PostguardError",
    "Report", "Severity", "UsageError", "Verdict", "check", "load_policy", "__version__",
]
