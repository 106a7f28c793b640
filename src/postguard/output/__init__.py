"""Renderings of reports: text for people, JSON for machines, SARIF for code-scanning tools."""
