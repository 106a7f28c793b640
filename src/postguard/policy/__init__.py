"""The policy: schema, loading with file positions, templates and the handbook.

- ``schema.py`` the pydantic models (schema ``version``; unknown keys are errors);
- ``loader.py`` ``load_policy(path)``, ``load_policy_text(text, filename)``,
  ``default_policy()`` (the bundled demo, cached) and ``check_policy(path)`` (with warnings);
  every problem raised at once as ``PolicyError`` with ``file:line:column: key.path``;
- ``upgrade.py`` step functions from schema version N to N+1, applied on load;
- ``crosscheck.py`` rule codes, owners, placeholders, translations;
- ``handbook.py`` / ``render.py`` the employee handbook (Markdown, HTML) in six languages;
- ``diff.py`` ``policy_diff(old, new)``: the key paths that changed.

Kept free of imports so that ``import postguard.policy.schema`` stays cheap.
"""
