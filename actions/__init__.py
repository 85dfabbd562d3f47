"""Custom actions, one module per capability. Actions stay thin: they read the tracker, call plain
Python logic and answer with responses from domain.yml (no user-facing text in Python)."""
