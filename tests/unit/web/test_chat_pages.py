import json

from bot.web.chat_routes import json_for_html
from bot.web.privacy_page import markdown_to_html, privacy_html
from bot.web.transcript import transcript


def test_transcript_shows_texts_and_buttons_in_order_with_button_titles_for_clicks():
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hoi"},
        {"event": "bot", "text": "Hoi! Ik ben een chatbot.", "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]}},
        {"event": "user", "text": "/affirm"},
        {"event": "bot", "text": "Fijn.", "metadata": {}},
        {"event": "user", "text": "/greet"},
        {"event": "bot", "text": "Ik ben Anna van de hulplijn.", "metadata": {"van": "medewerker"}},
        {"event": "slot", "name": "rol", "value": "jongere"},
    ]
    assert transcript(events) == [
        {"van": "jij", "tekst": "hoi", "knoppen": []},
        {"van": "chatbot", "tekst": "Hoi! Ik ben een chatbot.", "knoppen": [{"titel": "Ja", "payload": "/affirm"}]},
        {"van": "jij", "tekst": "Ja", "knoppen": []},
        {"van": "chatbot", "tekst": "Fijn.", "knoppen": []},
        {"van": "medewerker", "tekst": "Ik ben Anna van de hulplijn.", "knoppen": []},
    ]


def test_json_for_html_cannot_close_the_script_block():
    data = {"x": "</script><script>alert(1)</script> & more"}
    text = json_for_html(data)
    assert "<" not in text and ">" not in text and json.loads(text) == data


def test_markdown_subset_is_escaped_and_structured():
    html = markdown_to_html("## Kop\n**Vet** en <b>niet</b>\n\n- een\n  twee\n- drie")
    assert html == ("<h3>Kop</h3>\n<p><strong>Vet</strong> en &lt;b&gt;niet&lt;/b&gt;</p>\n"
                    "<ul><li>een twee</li><li>drie</li></ul>")


def test_privacy_page_shows_the_user_part_only():
    title, body = privacy_html()
    assert title.startswith("Privacy")
    assert "30 dagen" in body and "Wis dit gesprek" in body
    assert "Data flows" not in body and "RETENTION_DAYS" not in body
