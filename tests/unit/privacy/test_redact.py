"""Redaction of personal data in chat text (bot/privacy/redact.py): every kind in several notations, lowercase
chat, ordinary sentences from the domain that must stay, the help services' own contact details, hostile input."""
import subprocess
import sys
from pathlib import Path

import pytest

from bot.privacy.redact import KINDS, PLACEHOLDER, Finding, find_personal_data, public_numbers, redact_text


def kinds_in(text):
    return [finding.kind for finding in find_personal_data(text)]


def assert_redacted(text, kind, value):
    """`value` (a part of `text`) is found, whole, as `kind`."""
    found = [(f.kind, f.text) for f in find_personal_data(text)]
    assert (kind, value) in found, found
    assert value not in redact_text(text)


# --- API --------------------------------------------------------------------------------------------------


def test_placeholders_cover_every_kind():
    assert set(PLACEHOLDER) == set(KINDS)
    assert PLACEHOLDER["telefoon"] == "[telefoon]" and PLACEHOLDER["naam"] == "[naam]"


def test_findings_are_sorted_non_overlapping_and_point_into_the_text():
    text = "ik ben Sanne, bel 06-12345678 of mail sanne@hotmail.com, ik woon op de Kerkstraat 12, 3011 AB"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["naam", "telefoon", "email", "adres", "postcode"]
    for finding in findings:
        assert isinstance(finding, Finding)
        assert text[finding.start:finding.end] == finding.text
    for before, after in zip(findings, findings[1:]):
        assert before.end <= after.start


def test_redact_text_replaces_each_finding_by_its_placeholder():
    assert redact_text("bel me op 0612345678 :)") == "bel me op [telefoon] :)"
    assert redact_text("ik ben sanne en mn vriend heet mo") == "ik ben [naam] en mn vriend heet [naam]"


def test_longest_finding_wins():
    # a URL that holds a phone number is one URL, an address holding a first name is one address
    assert redact_text("wa.me/31612345678") == "[url]"
    assert redact_text("2e Jan Steenstraat 4a") == "[adres]"


def test_keep_leaves_listed_values_case_and_whitespace_insensitive():
    text = "Lisa  de Vries belde 0612345678"
    assert redact_text(text, keep=["lisa de vries"]) == "Lisa  de Vries belde [telefoon]"
    assert redact_text(text, keep=[]) == "[naam] belde [telefoon]"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "hoi", "😭" * 10, "@", "+", "0"])
def test_trivial_input(text):
    assert redact_text(text) == text


# --- telefoon ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [
    "0612345678", "06-12345678", "06 12 34 56 78", "06.12.34.56.78", "+31 6 1234 5678", "0031612345678",
    "(020) 123 4567", "010-1234567", "085 123 4567", "06-1234 5678", "+31 (0)6 12 34 56 78", "06 - 123 456 78",
    "06-1234-5678", "+316 12345678", "+44 7911 123456", "+32 470 12 34 56", "+1 415 555 2671",
])
def test_phone_notations(number):
    assert_redacted(f"mijn nummer is {number} bel me", "telefoon", number)


def test_phone_glued_to_words():
    assert redact_text("belme0612345678") == "belme[telefoon]"
    assert redact_text("tel:0612345678!") == "tel:[telefoon]!"


def test_phone_hidden_by_zero_width_characters():
    assert redact_text("06\u200b12345678") == "[telefoon]"


@pytest.mark.parametrize("text", [
    "bel 113 of 0800-0113", "bel 112", "de Kindertelefoon: 0800-0432", "Veilig Thuis 0800-2000",
    "0800-7000", "0900-8844", "bel 0800 0113", "088-0767 000", "+31 70 333 44 44", "033-448 11 86",
])
def test_public_help_numbers_stay(text):
    assert redact_text(text) == text


def test_public_numbers_include_the_directory_seed():
    numbers = public_numbers()
    assert {"112", "113", "08000113", "08007000", "08000432", "09008844", "08002000"} <= numbers
    assert "0334481186" in numbers  # CoMensha, from opvang_directory/seed/mensenhandel.yml
    assert "0703334444" in numbers  # "+31 70 333 44 44" in national notation


# --- email, url, iban, bsn -----------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["lisa.devries@gmail.com", "sanne_2009@hotmail.nl", "x+y@school.example.org",
                                     "lisa (at) gmail.com", "lisa[at]hotmail[dot]com"])
def test_email(address):
    assert_redacted(f"mail me op {address} ok", "email", address)


def test_help_service_email_and_bare_domains_stay():
    for text in ["mail info@fier.nl", "kijk op fier.nl", "www.113.nl", "https://www.fier.nl", "https://www.fier.nl/",
                 "https://slachtofferwijzer.nl/seksueel-geweld/loverboy/naaste"]:
        assert redact_text(text) == text


@pytest.mark.parametrize("url", [
    "https://instagram.com/lisa", "instagram.com/lisa_x", "wa.me/31612345678", "t.me/lisa",
    "snapchat.com/add/lisa2009", "https://www.tiktok.com/@lisa", "http://bit.ly/3xYz",
    "www.google.com/search?q=loverboy", "youtube.com/watch?v=abc",
])
def test_url_with_path_or_query(url):
    assert_redacted(f"kijk {url} nu", "url", url)


def test_url_trailing_punctuation_stays_outside():
    assert redact_text("(zie https://example.com/chat/123).") == "(zie [url])."


@pytest.mark.parametrize("value", [
    "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "nl91abna0417164300", "NL91-ABNA-0417-1643-00",
    "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR76 3000 6000 0112 3456 7890 189",
])
def test_iban(value):
    assert_redacted(f"mijn rekening is {value}.", "iban", value)


def test_iban_with_wrong_checksum_is_no_iban():
    assert "iban" not in kinds_in("NL92 ABNA 0417 1643 00")


@pytest.mark.parametrize("value", ["123456782", "1234.56.782", "123.456.782", "123 456 782"])
def test_bsn(value):
    assert_redacted(f"mijn bsn is {value}", "bsn", value)


def test_numbers_failing_the_eleven_test_are_no_bsn():
    assert "bsn" not in kinds_in("nummer 123456789")


# --- postcode, adres ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["3011 AB", "3011AB", "3011ab", "3011 ab", "1017 xn"])
def test_postcode(value):
    assert_redacted(f"postcode {value} toch", "postcode", value)


def test_postcode_takes_the_house_number():
    assert_redacted("ik woon op 1234 AB 12", "postcode", "1234 AB 12")


@pytest.mark.parametrize("text", ["ik woon in 3011", "tussen 2012 en 2014", "in 2010 en 2011", "1200 km verderop",
                                  "3011 SS", "ik heb 1500 volgers", "2023 is voorbij"])
def test_no_postcode(text):
    assert "postcode" not in kinds_in(text)


@pytest.mark.parametrize("text, value", [
    ("ik woon op de dorpsstraat 4", "dorpsstraat 4"),
    ("Kerkstraat 12a", "Kerkstraat 12a"),
    ("Burgemeester de Vlugtlaan 12-II", "Burgemeester de Vlugtlaan 12-II"),
    ("Burg. de Vlugtlaan 8", "Burg. de Vlugtlaan 8"),
    ("2e Jan Steenstraat 4a", "2e Jan Steenstraat 4a"),
    ("Van Ostadestraat 12 bis", "Van Ostadestraat 12 bis"),
    ("Laan van Meerdervoort 55", "Laan van Meerdervoort 55"),
    ("Kerkstraat 45-1", "Kerkstraat 45-1"),
    ("Markt 12", "Markt 12"),
    ("hoofdweg 3", "hoofdweg 3"),
    ("ik woon op de Dorpsstraat", "Dorpsstraat"),
    ("hij woont aan de Zeedijk", "Zeedijk"),
    ("mijn adres is Oudegracht 12, 3511 AB Utrecht", "Oudegracht 12"),
])
def test_address(text, value):
    assert_redacted(text, "adres", value)


def test_address_with_postcode_keeps_the_place():
    assert redact_text("Kerkstraat 12, 3011 AB Rotterdam") == "[adres], [postcode] Rotterdam"


@pytest.mark.parametrize("text", [
    "de markt", "we waren onderweg 2 uur", "ik heb een bijbaan 3 dagen per week", "op de kerkstraat 10 minuten lopen",
    "ik was 3 keer in de supermarkt", "ik woon op een woonboot", "ik woon aan de rand van de stad",
    "het was een vergadering 2 uur lang", "hij wacht op de parkeerplaats 2", "ik woon in Amsterdam 3 jaar",
])
def test_no_address(text):
    assert "adres" not in kinds_in(text)


# --- social ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("volg @lisa.x_ op insta", "@lisa.x_"),
    ("mijn snap is lisa2009", "lisa2009"),
    ("mn insta is xxlisa_", "xxlisa_"),
    ("zijn tiktok is @dekingvanrdam", "@dekingvanrdam"),
    ("mijn tiktok is lisadevries", "lisadevries"),
    ("snap: lisa_x", "lisa_x"),
    ("sc lisa.x", "lisa.x"),
    ("add me op snap: xxlisa", "xxlisa"),
    ("voeg me toe: sanne.2008", "sanne.2008"),
    ("op snap lisa_2009", "lisa_2009"),
    ("tg: @mo_010", "@mo_010"),
    ("discord: jayden#1234", "jayden#1234"),
    ("snap me op lisa.x", "lisa.x"),
])
def test_social_handle(text, value):
    assert_redacted(text, "social", value)


@pytest.mark.parametrize("text", [
    "Snapchat is gevaarlijk voor jongeren", "mijn insta is privé", "zijn snap is gehackt", "ik snap het niet",
    "haar insta is vol met foto's", "hij stuurde me een snap van zijn nieuwe auto", "ik zit de hele dag op tiktok",
    "snap je wat ik bedoel", "hij heeft me op insta geblokkeerd",
])
def test_no_social_handle(text):
    assert redact_text(text) == text


# --- geboortedatum, kenteken ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("geboren op 12-03-2010", "12-03-2010"), ("12/03/2010", "12/03/2010"), ("1/2/09", "1/2/09"),
    ("12.03.2010", "12.03.2010"), ("2010-03-12", "2010-03-12"), ("12 maart 2010", "12 maart 2010"),
    ("3 mei '11", "3 mei '11"), ("ik ben jarig op 3 mei", "3 mei"), ("mijn verjaardag is 12-3", "12-3"),
    ("ik ben van 3 mei", "3 mei"), ("geb. 12 maart", "12 maart"), ("ik ben 3 mei jarig", "3 mei"),
    ("geboren in maart 2010", "maart 2010"),
])
def test_date_of_birth(text, value):
    assert_redacted(text, "geboortedatum", value)


@pytest.mark.parametrize("text", ["ik ben 15", "ik ben 15 jaar", "om 21:30", "om 12.30 uur", "in 2023",
                                  "ik ben van 2010", "op 12-03 heb ik een toets", "de score was 3-1",
                                  "ik word 16 in mei", "versie 2.1.3"])
def test_no_date_of_birth(text):
    assert redact_text(text) == text


@pytest.mark.parametrize("value", ["AB-12-CD", "12-ABC-3", "1-ABC-23", "ab-12-34", "12-ab-34", "XX-999-X",
                                   "9-XX-999", "999-XX-9", "X-99-XXX"])
def test_licence_plate_with_dashes(value):
    assert_redacted(f"een auto met {value} erop", "kenteken", value)


def test_licence_plate_without_dashes_only_after_kenteken():
    assert_redacted("het kenteken is ab12cd", "kenteken", "ab12cd")
    assert_redacted("nummerbord: 12 ABC 3", "kenteken", "12 ABC 3")
    assert "kenteken" not in kinds_in("code ab12cd")


# --- naam -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("Ik heet Lisa de Vries", "Lisa de Vries"),
    ("ik heet lisa hendriksma", "lisa hendriksma"),
    ("mijn naam is Kevin van der Berg", "Kevin van der Berg"),
    ("mn naam is jaylano", "jaylano"),
    ("mijn naam: Noor", "Noor"),
    ("hij heet Ahmed El Amrani", "Ahmed El Amrani"),
    ("ze noemt zich Bella", "Bella"),
    ("een man genaamd Rico", "Rico"),
    ("ik ben Roos", "Roos"),
    ("mijn beste vriendin Fatima", "Fatima"),
    ("mijn vriendje Dylan is 19", "Dylan"),
    ("mijn zus roos", "roos"),
    ("meneer de Vries zei dat", "de Vries"),
    ("mevrouw Jansen", "Jansen"),
    ("juf anna", "anna"),
    ("dhr. Yılmaz belde", "Yılmaz"),
    ("mevr. J. de Vries", "J. de Vries"),
    ("IK HEET LISA", "LISA"),
])
def test_name_in_naming_context(text, value):
    assert_redacted(text, "naam", value)


def test_names_in_lowercase_chat():
    assert redact_text("ik ben sanne en mn vriend heet mo") == "ik ben [naam] en mn vriend heet [naam]"
    assert redact_text("ik ga met ahmed en fatima naar de stad") == "ik ga met [naam] en [naam] naar de stad"
    assert redact_text("sanne de jong") == "[naam]"
    assert redact_text("mo el amrani") == "[naam]"


@pytest.mark.parametrize("text, value", [
    ("Lisa en Emma gingen samen", "Lisa"), ("ik zag Sanne Bakker gisteren", "Sanne Bakker"),
    ("J. de Vries", "J. de Vries"), ("A.B. Jansen", "A.B. Jansen"), ("Jan-Willem van Dijk", "Jan-Willem van Dijk"),
    ("Zoë", "Zoë"), ("Groetjes, Daan", "Daan"), ("Mohammed zegt dat ik moet gaan", "Mohammed"),
])
def test_name_without_context(text, value):
    assert_redacted(text, "naam", value)


def test_ordinary_word_name_counts_when_capitalised_mid_sentence():
    assert redact_text("ik zag Roos gisteren") == "ik zag [naam] gisteren"
    assert redact_text("een rode roos") == "een rode roos"
    assert redact_text("Roos is een bloem") == "Roos is een bloem"  # sentence start: no evidence


@pytest.mark.parametrize("text", [
    "ik woon in Anna Paulowna", "ik woon in Linde", "ik woon in Best", "Lisse", "ik woon in Den Bosch",
    "ik woon in Ede", "ik kom uit Erica",
])
def test_place_names_stay(text):
    assert redact_text(text) == text


@pytest.mark.parametrize("text", [
    "ik ben bij Fier geweest en bij Veilig Thuis", "ik heb de Kindertelefoon gebeld", "CoMensha helpt",
    "ik wil iets melden bij Meld Misdaad Anoniem", "Slachtofferhulp heeft me geholpen", "de Politie kwam",
    "ik heb met Centrum Seksueel Geweld gepraat", "Jeugdzorg is ingeschakeld", "bij Sterk Huis", "chat met Asja",
])
def test_help_services_stay(text):
    assert redact_text(text) == text


@pytest.mark.parametrize("text", [
    "ik kreeg een hugo boss jas", "ik kreeg een Louis Vuitton tas", "ik spreek frans", "ik ben Nederlands",
    "ik hoop het", "Hoop doet leven", "mijn moeder mag dit niet weten", "ik ben max 3 dagen weg",
    "hoe heet jij", "het is heet vandaag", "de juf zei dat het niet normaal is", "meneer van de winkel",
    "ik ben bang", "Mijn vriend is ouder", "lieve schat", "we gingen naar de Albert Heijn",
])
def test_ordinary_words_that_look_like_names_stay(text):
    assert redact_text(text) == text


# --- the domain: ordinary sentences stay -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "mijn vriend geeft me cadeaus en wil dat ik naar rotterdam kom",
    "ik ben 15", "bel 113 of 0800-0113", "ik woon in 3011", "om 21:30", "in 2023", "ik heb 3 broers", "den bosch",
    "de markt", "Ik ben bang dat mijn dochter in handen is gevallen van een loverboy.",
    "hij zegt dat hij van me houdt maar ik moet wel dingen voor hem doen", "Hij is 23 en ik ben 14",
    "ik krijg 50 euro per keer", "hij zei dat ik 2.500 euro schuld heb", "ik heb 1200 volgers op tiktok",
    "mijn zoon van 14 dealt voor iemand", "ik ging met hem naar Scheveningen", "tussen 2012 en 2014",
    "ik ben om 3 uur thuis", "ik heb een iPhone 14 gekregen", "Hij is Marokkaans en zij is Turks",
    "kijk op fier.nl", "ik heb 2-3 keer per week contact", "het gebeurde op 12 maart",
])
def test_domain_sentences_stay(text):
    assert redact_text(text) == text


# --- hostile input -----------------------------------------------------------------------------------------


HOSTILE = {
    "chat_100kb": ("hoi ik ben Sanne uit Rotterdam, bel 06-12345678, snap: lisa_2009, Kerkstraat 12, 3011 AB. "
                   * 1200)[:100_000],
    "letters": "a" * 100_000,
    "digits": "1" * 100_000,
    "digit_groups": ("12 " * 34_000)[:100_000],
    "phone_flood": ("0612345678 " * 10_000)[:100_000],
    "dots": "1." * 50_000,
    "plus": "+3" * 50_000,
    "emoji": "😭🔥💯" * 33_333,
    "rtl": ("\u202eمرحبا \u200f" * 12_500)[:100_000],
    "control": "".join(chr(i % 32) for i in range(100_000)),
    "html": ('<div class="x"><a href="https://example.com/p?q=1">Lisa</a></div>' * 1600)[:100_000],
    "at_signs": "@a" * 50_000,
    "initials": "A. " * 33_000,
    "tussenvoegsels": "van de " * 14_000,
    "url": "https://" + "a/" * 50_000,
    "www": "www." + "a." * 50_000,
    "dates": "12-03-2010 " * 9_000,
    "streets": "Kerkstraat " * 9_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_handled(name):
    text = HOSTILE[name]
    findings = find_personal_data(text)
    for before, after in zip(findings, findings[1:]):
        assert before.end <= after.start
    assert isinstance(redact_text(text), str)


def test_phone_flood_is_redacted_completely():
    # past the phone-matcher budget every phone-shaped number is still redacted
    redacted = redact_text(HOSTILE["phone_flood"])
    assert not any(ch.isdigit() for ch in redacted.replace("[telefoon]", ""))


def test_no_rasa_or_tensorflow_import():
    code = ("import sys; import bot.privacy.redact as r; r.redact_text('ik ben Lisa'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'tensorflow')))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=str(Path(__file__).resolve().parents[3]))
    assert output.stdout.strip() == "[]"
