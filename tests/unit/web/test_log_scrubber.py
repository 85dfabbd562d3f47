import json

import structlog

from bot.privacy.log_scrubber import OMITTED, install_log_scrubber, scrub_event


def test_message_fields_and_frame_locals_are_blanked():
    event = {"event": "rest.message.received.failure", "text": "ik heet Sanne", "level": "error",
             "exception": [{"exc_type": "KeyError", "frames": [{"name": "f", "locals": {"text": "ik heet Sanne"}}]}]}
    scrubbed = scrub_event(None, "error", event)
    assert "Sanne" not in json.dumps(scrubbed)
    assert scrubbed["text"] == OMITTED and scrubbed["event"] == "rest.message.received.failure"


def test_installed_before_the_renderer_and_only_once(capsys):
    structlog.configure(processors=[structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()],
                        logger_factory=structlog.PrintLoggerFactory(), cache_logger_on_first_use=False)
    install_log_scrubber()
    install_log_scrubber()
    processors = structlog.get_config()["processors"]
    assert processors.count(scrub_event) == 1 and processors[-2] is scrub_event
    structlog.get_logger().error("message.parsing.failed", user_text="mijn nummer is 0612345678")
    assert "0612345678" not in capsys.readouterr().out
    structlog.reset_defaults()
