"""The launcher's supervision, with real child processes (small HTTP servers instead of Rasa)."""
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from bot import launcher
from bot.settings import load_settings

SERVER = "import http.server, sys; http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def run_launcher_in_subprocess(tmp_path, child_commands):
    """Runs launcher.run in its own process so signals behave as they do for `make run`."""
    script = tmp_path / "launch.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(launcher.PROJECT_ROOT)!r})
        from bot import launcher
        from bot.settings import load_settings
        env_file = Path({str(tmp_path / '.env')!r})
        def make_children(settings):
            return [launcher.Child(name, command, url) for name, command, url in {child_commands!r}]
        sys.exit(launcher.run(load_settings(env_file, environ={{}}), make_children=make_children))
    """))
    (tmp_path / ".env").write_text(f"RASA_AUTH_TOKEN=t\nVAR_DIR={tmp_path / 'var'}\n")
    return subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


@pytest.fixture
def two_servers():
    ports = [free_port(), free_port()]
    commands = [
        (f"server {i}", [sys.executable, "-c", SERVER, str(port)], f"http://127.0.0.1:{port}/")
        for i, port in enumerate(ports)
    ]
    return ports, commands


def test_announces_when_every_child_is_ready_and_stops_all_on_sigint(tmp_path, two_servers):
    ports, commands = two_servers
    proc = run_launcher_in_subprocess(tmp_path, commands)
    try:
        seen = []
        for line in proc.stdout:  # blocks until the launcher says something
            seen.append(line)
            if "The assistant is running" in line:
                break
        assert all(port_open(p) for p in ports), "announced before the children were up"
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    output = "".join(seen) + rest
    assert proc.returncode == 0, output
    assert "The assistant is running" in output
    assert "Stopped." in output
    assert wait_for(lambda: not any(port_open(p) for p in ports), timeout=10), "a child outlived the launcher"


def test_a_crashing_child_stops_the_others_with_a_clear_message(tmp_path, two_servers):
    ports, commands = two_servers
    crasher = ("crasher", [sys.executable, "-c", "import time, sys; time.sleep(1.5); sys.exit(3)"],
               "http://127.0.0.1:1/")
    proc = run_launcher_in_subprocess(tmp_path, [*commands, crasher])
    try:
        output, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 3
    assert "The crasher stopped unexpectedly (exit code 3). Stopping the other processes." in output
    assert wait_for(lambda: not any(port_open(p) for p in ports), timeout=10)


def test_children_are_the_action_server_and_rasa_on_configured_ports(tmp_path):
    (tmp_path / ".env").write_text("RASA_AUTH_TOKEN=t\nRASA_PORT=6005\nACTION_PORT=6055\n")
    settings = load_settings(tmp_path / ".env", environ={})
    action, rasa = launcher.children(settings)
    assert "rasa_sdk" in action.command and "6055" in action.command
    assert action.ready_url == "http://127.0.0.1:6055/health"
    assert rasa.command[-1] == "bot.serve" and rasa.ready_url == "http://127.0.0.1:6005/"
    assert "t" not in rasa.command, "the token must not be on a command line"
