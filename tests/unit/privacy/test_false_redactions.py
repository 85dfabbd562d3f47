"""The false-redaction report (bot/privacy/false_redactions.py) and the rate on the training data."""
from bot.privacy.false_redactions import false_redaction_report, strip_markup, training_examples


def test_strip_markup():
    assert strip_markup("ik woon in [Ede](plaats)") == "ik woon in Ede"
    assert strip_markup('ik woon in [Ede]{"entity": "plaats"}') == "ik woon in Ede"


def test_training_examples_reads_both_yaml_forms(tmp_path):
    (tmp_path / "a.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "  - intent: greet\n    examples: |\n      - hoi\n      - ik woon in [Ede](plaats)\n"
        "  - intent: describe\n    examples:\n      - text: hij is 22\n        metadata: {rol: jongere}\n"
        "  - synonym: x\n    examples: |\n      - y\n",
        encoding="utf-8")
    assert training_examples(tmp_path) == ["hoi", "ik woon in Ede", "hij is 22"]


def test_report_counts_changed_texts_and_kinds():
    report = false_redaction_report(["hoi", "bel 0612345678", "ik ben Lisa"])
    assert report["texts"] == 3 and report["changed"] == 2
    assert report["kinds"] == {"telefoon": 1, "naam": 1}
    assert report["examples"][0]["redacted"] == "bel [telefoon]"


def test_false_redaction_rate_on_training_data_is_below_one_percent():
    texts = training_examples()
    assert len(texts) > 1000
    report = false_redaction_report(texts)
    assert report["rate"] < 0.01, [example["text"] for example in report["examples"]]
