"""Runs after the other end-to-end modules (pytest collects files in name order): it stops the shared assistant."""
import signal

import requests


def test_ctrl_c_stops_both_servers(assistant):
    """Stops the shared assistant the way a person at the terminal would."""
    assistant.process.send_signal(signal.SIGINT)
    assert assistant.process.wait(60) == 0
    for url in (assistant.url + "/", assistant.action_url + "/health"):
        try:
            requests.get(url, timeout=2)
        except requests.ConnectionError:
            continue
        raise AssertionError(f"{url} still answers after Ctrl-C")
