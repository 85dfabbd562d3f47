"""The one place that reads configuration: `.env` (python-dotenv) and the process environment.

Values in the process environment win over `.env`, so tests and operators can override a single value
without editing the file. Every variable is documented in `.env.example`; nothing else in the project
reads environment variables (child processes get theirs from `child_environment`).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = PROJECT_ROOT / ".env"
# Fixed paths: config.yml (SpacyNLP) and the Makefile name them too.
MODEL_DIR = PROJECT_ROOT / "models"
SPACY_PIPELINE_DIR = PROJECT_ROOT / "build" / "spacy_nl"

# Secrets that are generated into `.env` on first run when missing.
GENERATED_SECRETS = ("RASA_AUTH_TOKEN",)
DEFAULT_DB_RETRY_SECONDS = 10


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    rasa_host: str
    rasa_port: int
    action_host: str
    action_port: int
    rasa_auth_token: str
    tracker_db_url: str
    directory_db_url: str
    log_level: str
    # Privacy and hardening (issue #6); see .env.example.
    retention_days: int = 30
    cors_origins: tuple[str, ...] = ()
    frame_ancestors: tuple[str, ...] = ()
    max_message_chars: int = 4000
    messages_per_minute: int = 20
    quick_exit_url: str = "https://www.buienradar.nl/"
    # Handoff to staff (issue #5); see docs/handoff.md.
    handoff_db_url: str = ""
    handoff_opening_hours: str = "ma-zo 00:00-24:00"
    staff_idle_minutes: int = 30
    staff_cookie_secure: bool = False
    minutes_per_conversation: int = 15
    # Faults (docs/faults.md); see .env.example.
    db_retry_seconds: int = DEFAULT_DB_RETRY_SECONDS
    handoff_claim_timeout_seconds: int = 300
    # Several Rasa server processes (docs/deployment.md): Redis for the lock store and socket.io rooms.
    redis_url: str = ""

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def action_endpoint_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _resolve(value: str, default: Path) -> Path:
    path = Path(value) if value else default
    return path if path.is_absolute() else PROJECT_ROOT / path


def read_values(env_file: Path = DEFAULT_ENV_FILE, environ: Mapping[str, str] | None = None) -> dict:
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file.exists() else {}
    values.update(os.environ if environ is None else environ)
    return values


def load_settings(env_file: Path = DEFAULT_ENV_FILE, environ: Mapping[str, str] | None = None) -> Settings:
    values = read_values(env_file, environ)

    def get(name: str, default: str = "") -> str:
        return str(values.get(name, "") or default).strip()

    var_dir = _resolve(get("VAR_DIR"), PROJECT_ROOT / "var")
    token = get("RASA_AUTH_TOKEN")
    if not token:
        raise MissingSecret("RASA_AUTH_TOKEN is not set: run `python -m bot init` (make run does this) to create it.")
    return Settings(
        var_dir=var_dir,
        rasa_host=get("RASA_HOST", "127.0.0.1"),
        rasa_port=int(get("RASA_PORT", "5005")),
        action_host=get("ACTION_HOST", "127.0.0.1"),
        action_port=int(get("ACTION_PORT", "5055")),
        rasa_auth_token=token,
        tracker_db_url=get("TRACKER_DB_URL") or _sqlite_url(var_dir / "tracker.db"),
        directory_db_url=get("DIRECTORY_DB_URL") or _sqlite_url(var_dir / "opvang.db"),
        log_level=get("LOG_LEVEL", "INFO").upper(),
        retention_days=_positive_int(get("RETENTION_DAYS", "30"), "RETENTION_DAYS"),
        cors_origins=_list(get("CORS_ORIGINS")),
        frame_ancestors=_list(get("FRAME_ANCESTORS")),
        max_message_chars=_positive_int(get("MAX_MESSAGE_CHARS", "4000"), "MAX_MESSAGE_CHARS"),
        messages_per_minute=_positive_int(get("MESSAGES_PER_MINUTE", "20"), "MESSAGES_PER_MINUTE"),
        quick_exit_url=_web_url(get("QUICK_EXIT_URL", "https://www.buienradar.nl/"), "QUICK_EXIT_URL"),
        handoff_db_url=get("HANDOFF_DB_URL") or _sqlite_url(var_dir / "handoff.db"),
        handoff_opening_hours=_opening_hours(get("HANDOFF_OPENING_HOURS", "ma-zo 00:00-24:00")),
        staff_idle_minutes=_positive_int(get("STAFF_IDLE_MINUTES", "30"), "STAFF_IDLE_MINUTES"),
        staff_cookie_secure=get("STAFF_COOKIE_SECURE", "false").lower() in ("1", "true", "ja", "yes"),
        minutes_per_conversation=_positive_int(get("HANDOFF_MINUTES_PER_CONVERSATION", "15"),
                                               "HANDOFF_MINUTES_PER_CONVERSATION"),
        db_retry_seconds=_positive_int(get("DB_RETRY_SECONDS", str(DEFAULT_DB_RETRY_SECONDS)), "DB_RETRY_SECONDS"),
        handoff_claim_timeout_seconds=_positive_int(get("HANDOFF_CLAIM_TIMEOUT_SECONDS", "300"),
                                                    "HANDOFF_CLAIM_TIMEOUT_SECONDS"),
        redis_url=_redis_url(get("REDIS_URL")),
    )


def _list(value: str) -> tuple[str, ...]:
    return tuple(item for item in (part.strip() for part in value.replace(",", " ").split()) if item)


def _opening_hours(value: str) -> str:
    from bot.handoff.hours import InvalidOpeningHours, parse

    try:
        parse(value)
    except InvalidOpeningHours as error:
        raise InvalidSetting(f"HANDOFF_OPENING_HOURS: {error}") from None
    return value


def _redis_url(value: str) -> str:
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        # Not echoed: the URL may hold a password.
        raise InvalidSetting("REDIS_URL must start with redis://, rediss:// or unix://.")
    return value


def _web_url(value: str, name: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise InvalidSetting(f"{name} must be an http(s) address, not {value!r}.")
    return value


def _positive_int(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise InvalidSetting(f"{name} must be a whole number, not {value!r}.") from None
    if number < 1:
        raise InvalidSetting(f"{name} must be at least 1, not {number}.")
    return number


class MissingSecret(RuntimeError):
    pass


class InvalidSetting(ValueError):
    pass


def ensure_secrets(env_file: Path = DEFAULT_ENV_FILE) -> list[str]:
    """Appends a freshly generated value to `.env` for every missing secret; returns their names."""
    existing = dotenv_values(env_file) if env_file.exists() else {}
    missing = [name for name in GENERATED_SECRETS if not (existing.get(name) or "").strip()]
    if not missing:
        return []
    lines = [f"{name}={secrets.token_urlsafe(32)}" for name in missing]
    prefix = ""
    if env_file.exists():
        text = env_file.read_text(encoding="utf-8")
        prefix = "" if text.endswith("\n") or not text else "\n"
    with env_file.open("a", encoding="utf-8") as handle:
        handle.write(prefix + "# Generated on first run.\n" + "\n".join(lines) + "\n")
    env_file.chmod(0o600)
    return missing


def child_environment(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for the Rasa and action server processes.

    endpoints.yml refers to TRACKER_DB_URL and ACTION_ENDPOINT_URL; SANIC_HOST makes the action server bind
    to the configured interface instead of rasa_sdk's default 0.0.0.0.
    """
    env = dict(os.environ if base is None else base)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TRACKER_DB_URL": settings.tracker_db_url,
            "DIRECTORY_DB_URL": settings.directory_db_url,
            "HANDOFF_DB_URL": settings.handoff_db_url,
            "ACTION_ENDPOINT_URL": settings.action_endpoint_url,
            "SANIC_HOST": settings.action_host,
            "LOG_LEVEL": settings.log_level,
            "LOG_LEVEL_LIBRARIES": "ERROR",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH", "")])),
            # TensorFlow's start-up chatter would hide the launcher's own messages.
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
    )
    return env
