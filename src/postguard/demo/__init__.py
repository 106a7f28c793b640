"""The demo company's sample drafts and messages, bundled for `postguard demo`."""
