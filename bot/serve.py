"""Starts the Rasa server in this process with the project's settings.

Run by the launcher as a child process. Starting Rasa from Python instead of `rasa run` keeps the
auth token off the command line (where `ps` would show it).
"""
from __future__ import annotations

import logging
from pathlib import Path

from bot.settings import MODEL_DIR, PROJECT_ROOT, Settings, load_settings


def latest_model(model_dir: Path) -> Path:
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit(f"No trained model in {model_dir}: run `make train` first.")
    return models[-1]


def serve(settings: Settings) -> None:
    import rasa.api
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    level = logging.getLevelName(settings.log_level)
    configure_logging_and_warnings(level)
    # Without this, structlog prints every debug event, message text included.
    configure_structlog(level)
    rasa.api.run(
        model=str(latest_model(MODEL_DIR)),
        endpoints=str(PROJECT_ROOT / "endpoints.yml"),
        credentials=str(PROJECT_ROOT / "credentials.yml"),
        interface=settings.rasa_host,
        port=settings.rasa_port,
        auth_token=settings.rasa_auth_token,
        enable_api=True,
        cors=None,
    )


if __name__ == "__main__":
    serve(load_settings())
