import stat

import pytest

from bot import settings as s


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_use_sqlite_under_var_and_loopback(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\n")
    settings = s.load_settings(env_file, environ={})
    assert settings.rasa_host == "127.0.0.1" and settings.action_host == "127.0.0.1"
    assert (settings.rasa_port, settings.action_port) == (5005, 5055)
    assert settings.var_dir == s.PROJECT_ROOT / "var"
    assert settings.tracker_db_url == f"sqlite:///{s.PROJECT_ROOT / 'var' / 'tracker.db'}"
    assert settings.directory_db_url.endswith("/var/opvang.db")
    assert settings.log_level == "INFO"


def test_process_environment_wins_over_env_file(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\nRASA_PORT=6000\nVAR_DIR=/tmp/elsewhere\n")
    settings = s.load_settings(env_file, environ={"RASA_PORT": "7000"})
    assert settings.rasa_port == 7000
    assert settings.var_dir.as_posix() == "/tmp/elsewhere"
    assert settings.tracker_db_url == "sqlite:////tmp/elsewhere/tracker.db"


def test_database_urls_can_point_at_postgresql(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\nTRACKER_DB_URL=postgresql://u:p@127.0.0.1/rasa\n")
    assert s.load_settings(env_file, environ={}).tracker_db_url == "postgresql://u:p@127.0.0.1/rasa"


def test_missing_token_is_a_clear_error(tmp_path):
    with pytest.raises(s.MissingSecret, match="python -m bot init"):
        s.load_settings(tmp_path / "absent.env", environ={})


def test_ensure_secrets_generates_once_and_keeps_other_lines(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_PORT=6000")  # no trailing newline on purpose
    assert s.ensure_secrets(env_file) == ["RASA_AUTH_TOKEN"]
    first = env_file.read_text(encoding="utf-8")
    assert first.startswith("RASA_PORT=6000\n")
    token = s.load_settings(env_file, environ={}).rasa_auth_token
    assert len(token) >= 32
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600

    assert s.ensure_secrets(env_file) == []
    assert env_file.read_text(encoding="utf-8") == first


def test_ensure_secrets_creates_the_file_and_fills_an_empty_value(tmp_path):
    assert s.ensure_secrets(tmp_path / "new.env") == ["RASA_AUTH_TOKEN"]
    empty = write(tmp_path / "empty.env", "RASA_AUTH_TOKEN=\n")
    assert s.ensure_secrets(empty) == ["RASA_AUTH_TOKEN"]
    assert s.load_settings(empty, environ={}).rasa_auth_token


def test_child_environment_disables_telemetry_and_passes_urls(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\nACTION_PORT=6055\n")
    settings = s.load_settings(env_file, environ={})
    env = s.child_environment(settings, base={"PATH": "/bin"})
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:6055/webhook"
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert env["TRACKER_DB_URL"] == settings.tracker_db_url
    assert env["PATH"] == "/bin"
    assert str(s.PROJECT_ROOT) in env["PYTHONPATH"]
    assert "RASA_AUTH_TOKEN" not in env


def test_env_example_documents_every_setting_read():
    documented = {
        line.split("=", 1)[0]
        for line in (s.PROJECT_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    }
    source = (s.PROJECT_ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    import re

    read = set(re.findall(r'(?<![.\w])get\("([A-Z_]+)"', source)) | set(s.GENERATED_SECRETS)
    assert read <= documented, f"not in .env.example: {sorted(read - documented)}"


def test_privacy_and_hardening_defaults(tmp_path):
    settings = s.load_settings(write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\n"), environ={})
    assert settings.retention_days == 30
    assert settings.cors_origins == () and settings.frame_ancestors == ()
    assert settings.max_message_chars == 4000 and settings.messages_per_minute == 20


def test_origin_lists_accept_spaces_and_commas(tmp_path):
    env_file = write(tmp_path / ".env", "RASA_AUTH_TOKEN=abc\nCORS_ORIGINS=https://a.nl, https://b.nl\n")
    assert s.load_settings(env_file, environ={}).cors_origins == ("https://a.nl", "https://b.nl")


@pytest.mark.parametrize("value", ["0", "-3", "dertig"])
def test_retention_must_be_a_positive_whole_number(tmp_path, value):
    env_file = write(tmp_path / ".env", f"RASA_AUTH_TOKEN=abc\nRETENTION_DAYS={value}\n")
    with pytest.raises(s.InvalidSetting, match="RETENTION_DAYS"):
        s.load_settings(env_file, environ={})
