from bot.handoff.crisis_reply import crisis_texts


def test_crisis_during_handoff_gets_112_or_113_from_the_domain():
    assert any("112" in text for text in crisis_texts("hij staat voor de deur en slaat me, help"))
    assert any("113" in text for text in crisis_texts("ik wil niet meer leven"))
    assert crisis_texts("mijn moeder vermoordt me als ze dit ziet") == []
    assert crisis_texts("hoi") == []
