"""Training (R8): a quiz generated from the policy itself, in the person's language."""
