"""Opvangatlas-style directory of Dutch help services for the loverboy assistant.

Plain Python (stdlib, SQLAlchemy 1.4, PyYAML). Never imports rasa.
Submodules are imported on demand so that `opvang_directory.places` stays cheap.
"""

__all__ = ["places", "db", "models", "seed", "search", "hours"]
