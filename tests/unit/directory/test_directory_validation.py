import datetime as dt
import textwrap

import pytest

from opvang_directory.seed import seed_files
from opvang_directory.sources import read_files
from opvang_directory.validate import add_months, validate_files

GOOD_ENTRY = """\
organisaties:
  - id: test-org
    naam: Test Organisatie
    diensten:
      - id: test-dienst
        naam: Testdienst
        soort: hulplijn
        beschrijving: Een testdienst.
        onderwerpen: [luisterend_oor]
        doelgroep:
          rollen: [jongere]
        dekking: landelijk
        kanalen:
          - soort: telefoon
            waarde: "0800-2000"
            tijden: ma-vr 09:00-17:00
        bron: https://example.org/bron
        gecontroleerd_op: 2026-11-30
        geverifieerd: true
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def messages(report):
    return [str(issue) for issue in report.errors]


def test_seed_files_are_valid():
    report = validate_files(seed_files(), today=dt.date(2026, 11, 30))
    assert report.errors == []
    assert report.stale == []
    assert len(report.entries) >= 25


def test_good_entry_passes(tmp_path):
    report = validate_files([write(tmp_path, "goed.yml", GOOD_ENTRY)], today=dt.date(2026, 11, 30))
    assert report.ok and len(report.entries) == 1


@pytest.mark.parametrize("number", ["0900-88", "0800 20000", "12345", "06-1234"])
def test_bad_phone_number_is_reported_with_its_line(tmp_path, number):
    path = write(tmp_path, "fout.yml", GOOD_ENTRY.replace('"0800-2000"', f'"{number}"'))
    report = validate_files([path])
    assert len(report.errors) == 1
    issue = report.errors[0]
    assert issue.line == 15  # the line of `waarde:`
    assert f"{path}:15:" in str(issue) and number in str(issue) and "telefoonnummer" in str(issue)


def test_unquoted_phone_number_is_reported(tmp_path):
    path = write(tmp_path, "fout.yml", GOOD_ENTRY.replace('"0800-2000"', "020"))
    [issue] = validate_files([path]).errors
    assert issue.line == 15 and "aanhalingstekens" in issue.message


def test_bad_url_unknown_field_and_bad_date_each_get_their_line(tmp_path):
    text = (
        GOOD_ENTRY.replace("https://example.org/bron", "www.example.org")
        .replace("gecontroleerd_op: 2026-11-30", "gecontroleerd_op: 2026-13-01")
        .replace("        soort: hulplijn\n", "        soort: hulplijn\n        kleur: rood\n")
    )
    report = validate_files([write(tmp_path, "fout.yml", text)])
    lines = {issue.line: issue.message for issue in report.errors}
    assert "kleur" in lines[8]
    assert "bron" in lines[18] and "URL" in lines[18]
    assert "gecontroleerd_op" in lines[19]


def test_bad_vocabulary_and_hours(tmp_path):
    text = (
        GOOD_ENTRY.replace("[luisterend_oor]", "[luisterend_oor, roddels]")
        .replace("ma-vr 09:00-17:00", "ma-vr 9-17")
        .replace("rollen: [jongere]", "rollen: [jongere]\n          leeftijd_min: 20\n          leeftijd_max: 10")
    )
    joined = "\n".join(messages(validate_files([write(tmp_path, "fout.yml", text)])))
    assert "roddels" in joined and "9-17" in joined and "leeftijd_min 20" in joined


def test_verified_entry_with_unconfirmed_hours_is_a_contradiction(tmp_path):
    text = GOOD_ENTRY.replace("tijden: ma-vr 09:00-17:00", "tijden: ma-vr 09:00-17:00\n            tijden_geverifieerd: false")
    [issue] = validate_files([write(tmp_path, "fout.yml", text)]).errors
    assert "geverifieerd: false" in issue.message and issue.line == 20


def test_unverified_entry_must_say_what_is_unconfirmed(tmp_path):
    text = GOOD_ENTRY.replace("geverifieerd: true", "geverifieerd: false")
    [issue] = validate_files([write(tmp_path, "fout.yml", text)]).errors
    assert "onzeker" in issue.message
    fixed = text + "        onzeker: [tijden]\n"
    assert validate_files([write(tmp_path, "goed.yml", fixed)]).ok


def test_unknown_region_is_rejected(tmp_path):
    text = GOOD_ENTRY.replace("dekking: landelijk", "dekking:\n          provincie: [Atlantis]")
    [issue] = validate_files([write(tmp_path, "fout.yml", text)]).errors
    assert "Atlantis" in issue.message and issue.line == 13


def test_duplicate_ids_across_files(tmp_path):
    first = write(tmp_path, "a.yml", GOOD_ENTRY)
    second = write(tmp_path, "b.yml", GOOD_ENTRY)
    [issue] = validate_files([first, second]).errors
    assert issue.file == str(second) and "a.yml:5" in issue.message


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = write(tmp_path, "kapot.yml", GOOD_ENTRY.replace("        naam: Testdienst\n", "        naam: [Testdienst\n"))
    [issue] = validate_files([path]).errors
    assert issue.line > 0 and "YAML" in issue.message


def test_csv_errors_point_at_the_row_line(tmp_path):
    entries, issues = read_files([write(tmp_path, "goed.yml", GOOD_ENTRY)])
    from opvang_directory.sources import records_to_csv

    csv_text = records_to_csv([entries[0].record])
    good_row = csv_text.splitlines()[1]
    bad_row = good_row.replace("0800-2000", "0800-20")
    text = "\n".join([csv_text.splitlines()[0], good_row.replace("test-dienst", "een"), good_row.replace("test-dienst", "twee"),
                      bad_row.replace("test-dienst", "drie")]) + "\n"
    report = validate_files([write(tmp_path, "lijst.csv", text)])
    [issue] = report.errors
    assert issue.line == 4 and "0800-20" in issue.message and "'drie'" in issue.message
    assert len(report.entries) == 2


def test_stale_entries_older_than_n_months(tmp_path):
    path = write(tmp_path, "goed.yml", GOOD_ENTRY)
    assert validate_files([path], max_months=12, today=dt.date(2027, 11, 30)).stale == []
    [issue] = validate_files([path], max_months=12, today=dt.date(2027, 12, 1)).stale
    assert "test-dienst" in issue.message and issue.line == 5
    assert len(validate_files([path], max_months=3, today=dt.date(2027, 3, 1)).stale) == 1


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 12) == dt.date(2027, 11, 30)
