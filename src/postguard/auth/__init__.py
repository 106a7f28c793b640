"""Identity: password hashing, secrets for sessions and tokens, roles and permissions, throttling."""
