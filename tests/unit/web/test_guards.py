import pytest

from bot.web.guards import (WINDOW_SECONDS, MessageGuard, RateLimiter, channel_messages, clean_message,
                            valid_conversation_id)
from bot.web.headers import security_headers


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_rate_limiter_allows_the_limit_per_window_then_refuses():
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b"), "another conversation has its own budget"
    clock.now += WINDOW_SECONDS
    assert limiter.allow("a"), "after a minute the oldest messages no longer count"


def test_refused_messages_do_not_use_up_the_budget():
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    limiter.allow("a"), limiter.allow("a")
    clock.now += 10
    assert not limiter.allow("a")
    clock.now += WINDOW_SECONDS - 10
    assert limiter.allow("a") and limiter.allow("a")


def test_rate_limiter_forgets_the_least_recent_conversations_beyond_its_bound():
    limiter = RateLimiter(1, max_conversations=2, clock=Clock())
    for conversation in ("a", "b", "c"):
        limiter.allow(conversation)
    assert len(limiter._recent) == 2
    assert limiter.allow("a"), "a was forgotten, so it starts afresh"


def test_guard_refuses_long_messages_kindly_and_accepts_the_limit():
    guard = MessageGuard(max_chars=10, messages_per_minute=100)
    assert guard.refusal("a", "x" * 10) is None
    assert guard.refusal("a", "x" * 11) == channel_messages()["te_lang"]


def test_guard_refuses_a_flood_with_the_wait_message():
    guard = MessageGuard(max_chars=100, messages_per_minute=2)
    assert [guard.refusal("a", "hoi") for _ in range(3)][-1] == channel_messages()["te_snel"]


@pytest.mark.parametrize("key", ["te_lang", "te_snel", "geen_json", "verkeerd_bericht", "gewist"])
def test_channel_messages_exist_and_are_dutch_sentences(key):
    text = channel_messages()[key]
    assert text.endswith((".", "?")) and len(text.split()) >= 4


def test_security_headers_forbid_framing_and_inline_script_by_default():
    headers = security_headers(())
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"


def test_partner_sites_may_frame_the_chat_when_configured():
    csp = security_headers(("https://www.partner.nl",))["Content-Security-Policy"]
    assert "frame-ancestors https://www.partner.nl" in csp


@pytest.mark.parametrize("payload", ["/greet", '/affirm{"crisis": "suicide"}', '/state_role{"rol": "ouder"}'])
def test_real_button_payloads_pass_unchanged(payload):
    assert clean_message(payload) == payload


@pytest.mark.parametrize("typed, read_as", [
    ("/restart", "restart"), ("/nlu_fallback{broken", "nlu_fallback{broken"),
    ('/find_help{"gemeente": "<script>"}', 'find_help{"gemeente": "<script>"}'),
    ('/greet{"rol": {"nested": 1}}', 'greet{"rol": {"nested": 1}}'), ("//", ""),
])
def test_anything_else_starting_with_a_slash_is_read_as_text(typed, read_as):
    assert clean_message(typed) == read_as


def test_surrogates_and_control_characters_are_neutralised_but_new_lines_stay():
    assert clean_message("\ud800hoi\x00\x1b[0m\nhoe\tgaat") == "\ufffdhoi  [0m\nhoe\tgaat"


@pytest.mark.parametrize("value, ok", [
    ("0f3a9c", True), ("a" * 255, True), ("", False), ("a" * 256, False), ("a\nb", False),
    ("\ud800", False), (5, False), (None, False), ({"$ne": 1}, False),
])
def test_conversation_ids_must_be_short_printable_text(value, ok):
    assert valid_conversation_id(value) is ok
