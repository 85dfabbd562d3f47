"""Starts the Rasa server in this process with the project's settings.

Run by the launcher as a child process. Starting Rasa from Python instead of `rasa run` keeps the
auth token off the command line (where `ps` would show it) and lets bot/web/app.py add the project's
security headers, guards and privacy routes to Rasa's web app.
"""
from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from bot.settings import MODEL_DIR, Settings, child_environment, load_settings


def latest_model(model_dir: Path) -> Path:
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit(f"No trained model in {model_dir}: run `make train` first.")
    return models[-1]


def serve(settings: Settings) -> None:
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from bot.privacy.log_scrubber import install_log_scrubber
    from bot.web.app import build_app

    level = logging.getLevelName(settings.log_level)
    configure_logging_and_warnings(level)
    # Without this, structlog prints every debug event, message text included.
    configure_structlog(level)
    install_log_scrubber()
    # Rasa warns with the whole message when a "/intent{...}" payload does not parse (bot/web/guards.py
    # already turns such messages into plain text; this is the second line of defence).
    warnings.filterwarnings("ignore", message=r"(?s).*Failed to parse arguments in line")
    app = build_app(settings, latest_model(MODEL_DIR))
    logging.getLogger(__name__).info("Starting the Rasa server on %s", settings.rasa_url)
    # No access log: it would record IP addresses. One worker per process (socket.io sessions live in the
    # process); to scale out, run more processes behind a proxy with REDIS_URL set (docs/deployment.md).
    app.run(host=settings.rasa_host, port=settings.rasa_port, workers=1, access_log=False)


if __name__ == "__main__":
    current = load_settings()
    # endpoints.yml's ${...} values, also when a service manager (deploy/systemd/) starts this without the launcher.
    os.environ.update(child_environment(current))
    serve(current)
