"""Finds and redacts personal data in Dutch chat text before anything is stored.

The people writing are minors and victims of crime, so the redactor leans towards redacting: a phone number,
e-mail address, IBAN, BSN, postcode, street address, social-media handle, personal URL, date of birth, licence
plate or name is replaced by a placeholder ("[telefoon]", "[naam]"). What the assistant itself needs or
publishes stays: 4-digit postcodes and place names (to find the municipality), the help services' own phone
numbers, e-mail addresses and web sites, ages, times and years.

Pure Python (phonenumbers, python-stdnum, the word lists of names.py); no Rasa. Every regular expression is
anchored at a token boundary and has bounded repetition, so hostile input (100 KB, control characters,
emoji floods, HTML) is handled in linear time.

    find_personal_data(text) -> [Finding(kind, start, end, text), ...]   sorted, non-overlapping
    redact_text(text, keep=()) -> text with every finding replaced by PLACEHOLDER[kind]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.nl import bsn as stdnum_bsn

from bot.privacy import names

KINDS = ("telefoon", "email", "iban", "bsn", "postcode", "adres", "social", "url", "geboortedatum", "kenteken",
         "naam")
PLACEHOLDER = {kind: "[" + kind + "]" for kind in KINDS}

# Help numbers the assistant publishes itself (besides every phone number in opvang_directory/seed/*.yml).
PUBLIC_NUMBERS = ("112", "113", "0800-0113", "0800-7000", "0800-0432", "0900-8844", "0800-2000")

# A span the assistant published itself: it blocks overlapping findings and is then dropped.
_PUBLIC = "_publiek"
# On equal length the earlier kind wins.
_PRIORITY = {kind: rank for rank, kind in enumerate(
    (_PUBLIC, "email", "url", "iban", "telefoon", "bsn", "kenteken", "geboortedatum", "postcode", "adres",
     "social", "naam"))}


@dataclass(frozen=True)
class Finding:
    kind: str      # one of KINDS
    start: int
    end: int
    text: str


class _Span(NamedTuple):
    start: int
    end: int
    kind: str


# ----------------------------------------------------------------------------------------------------------
# API


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`: sorted by position, non-overlapping (the longest span wins)."""
    if not text:
        return []
    clean, offsets = _without_invisible(text)
    findings = []
    for span in _resolve(_with_repeated_names(clean, list(_candidates(clean)))):
        if span.kind == _PUBLIC:
            continue
        start, end = (offsets[span.start], offsets[span.end - 1] + 1) if offsets else (span.start, span.end)
        findings.append(Finding(span.kind, start, end, text[start:end]))
    return findings


def redact_text(text: str, keep: Iterable[str] = ()) -> str:
    """`text` with every finding replaced by its placeholder. A finding whose text is in `keep` (compared
    case-insensitively with whitespace normalised) stays, e.g. a name the assistant itself uses."""
    if not text:
        return text
    kept = {_normalise_keep(value) for value in keep}
    parts, position = [], 0
    for finding in find_personal_data(text):
        if kept and _normalise_keep(finding.text) in kept:
            continue
        parts.append(text[position:finding.start])
        parts.append(PLACEHOLDER[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _normalise_keep(value: str) -> str:
    return " ".join(value.split()).casefold()


def _candidates(text: str) -> Iterator[_Span]:
    tokens = _Tokens(text)
    yield from _find_phones(text)
    yield from _find_emails(text)
    yield from _find_urls(text)
    yield from _find_ibans(text)
    yield from _find_bsns(text)
    yield from _find_postcodes(text)
    yield from _find_addresses(text, tokens)
    yield from _find_social(text)
    yield from _find_dates(text)
    yield from _find_plates(text)
    yield from _find_names(tokens)


def _with_repeated_names(text: str, spans: list[_Span]) -> list[_Span]:
    """A name found once in a text is a name everywhere in it ("de moeder van Elif. Elif is 14.")."""
    found = {names.name_key(word) for span in spans if span.kind == "naam"
             for word in _TOKEN.findall(text[span.start:span.end])}
    found = {key for key in found if len(key) >= 3 and key not in names.TUSSENVOEGSELS}
    if not found:
        return spans
    repeats = [_Span(match.start(), match.end(), "naam") for match in _TOKEN.finditer(text)
               if names.name_key(match.group()) in found]
    return spans + repeats


def _resolve(spans: Iterable[_Span]) -> list[_Span]:
    """Non-overlapping spans, longest first, then by kind priority; returned in text order."""
    ordered = sorted({s for s in spans if s.end > s.start},
                     key=lambda s: (s.start - s.end, _PRIORITY[s.kind], s.start))
    starts: list[int] = []
    chosen: list[_Span] = []
    for span in ordered:
        index = bisect.bisect_right(starts, span.start)
        if index > 0 and chosen[index - 1].end > span.start:
            continue
        if index < len(chosen) and chosen[index].start < span.end:
            continue
        starts.insert(index, span.start)
        chosen.insert(index, span)
    return chosen


# Zero-width and direction-control characters could hide a number or a name from every pattern
# ("06\u200b12345678"); they are left out while searching and the offsets mapped back.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _without_invisible(text: str) -> tuple[str, list[int] | None]:
    if not _INVISIBLE.search(text):
        return text, None
    offsets = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    return "".join(text[i] for i in offsets), offsets


# ----------------------------------------------------------------------------------------------------------
# Public contact details of the help services


def _national_digits(number: phonenumbers.PhoneNumber) -> str:
    national = phonenumbers.national_significant_number(number)
    return "0" + national if number.country_code == 31 else "00" + str(number.country_code) + national


def _phone_key(raw: str) -> str:
    """"+31 70 333 44 44" -> "0703334444"; "0800-0113" -> "08000113"; "112" -> "112"."""
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        number = None
    return _national_digits(number) if number and phonenumbers.is_valid_number(number) else re.sub(r"\D", "", raw)


@lru_cache(maxsize=None)
def public_numbers() -> frozenset[str]:
    """Digit strings (national notation) of the help numbers the assistant publishes; these stay."""
    numbers = set(PUBLIC_NUMBERS)
    for entry in names.walk_seed(names.seed_documents()):
        if entry.get("soort") == "telefoon" and entry.get("waarde") is not None:
            numbers.add(str(entry["waarde"]))
    return frozenset(_phone_key(number) for number in numbers)


def _url_key(url: str) -> str:
    key = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return key.rstrip("/")


@lru_cache(maxsize=None)
def _public_addresses() -> frozenset[str]:
    """E-mail addresses and web addresses in the seed files (info@fier.nl, https://www.113.nl/...)."""
    values = set()
    for entry in names.walk_seed(names.seed_documents()):
        for value in entry.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and re.fullmatch(r"\S+@\S+\.\S+|https?://\S+", item.strip()):
                    values.add(_url_key(item))
    return frozenset(values)


# ----------------------------------------------------------------------------------------------------------
# telefoon

# Runs of digits and phone separators; PhoneNumberMatcher only reads these, in windows of at most 64 characters.
_DIGIT_RUN = re.compile(r"[0-9+(][0-9 .\-/()+\u00a0]*[0-9]")
_WINDOW, _OVERLAP = 64, 24
# The matcher costs up to ~1 ms a window. Past this many windows (only hostile input gets there) every
# phone-shaped digit sequence is redacted without validation: bounded time, and nothing slips through.
_MATCHER_BUDGET = 64
_PHONE_SHAPE = re.compile(r"(?<![0-9])(?:\+|00|0)[0-9](?:[ .\-/]?[0-9]){7,14}(?![0-9])")


def _phone_span(start: int, end: int, number: phonenumbers.PhoneNumber) -> _Span:
    return _Span(start, end, _PUBLIC if _national_digits(number) in public_numbers() else "telefoon")


def _phone_windows(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, window, last) for every digit run with at least 7 digits; a long run in windows that overlap
    by more than the length of a written phone number."""
    for match in _DIGIT_RUN.finditer(text):
        run = match.group()
        if sum(ch.isdigit() for ch in run) < 7:
            continue
        offsets = range(0, max(1, len(run) - _OVERLAP), _WINDOW - _OVERLAP)
        for offset in offsets:
            yield match.start() + offset, run[offset:offset + _WINDOW], offset == offsets[-1]


def _validated_phones(offset: int, window: str) -> Iterator[_Span]:
    found = False
    for match in PhoneNumberMatcher(window, "NL", leniency=Leniency.VALID):
        found = True
        yield _phone_span(offset + match.start, offset + match.end, match.number)
    digits = re.sub(r"[^0-9+]", "", window)
    if not found and 9 <= len(digits) <= 16 and digits[:1] in "0+":  # "06-1234-5678", odd separators
        try:
            number = phonenumbers.parse(digits, "NL")
        except phonenumbers.NumberParseException:
            return
        if phonenumbers.is_valid_number(number):
            yield _phone_span(offset, offset + len(window), number)


def _unvalidated_phones(offset: int, window: str) -> Iterator[_Span]:
    for match in _PHONE_SHAPE.finditer(window):
        digits = re.sub(r"[^0-9+]", "", match.group())
        national = "0" + digits[3:] if digits.startswith("+31") else "0" + digits[4:] \
            if digits.startswith("0031") else digits
        kind = _PUBLIC if national in public_numbers() else "telefoon"
        yield _Span(offset + match.start(), offset + match.end(), kind)


def _find_phones(text: str) -> Iterator[_Span]:
    for count, (offset, window, last) in enumerate(_phone_windows(text)):
        spans = _validated_phones if count < _MATCHER_BUDGET else _unvalidated_phones
        for span in spans(offset, window):
            # A number that starts in the overlap is read whole by the next window; here it may be cut off.
            if last or span.start - offset < _WINDOW - _OVERLAP:
                yield span


# ----------------------------------------------------------------------------------------------------------
# email

_EMAIL = re.compile(
    r"(?<![\w.+\-@])[\w.+\-]{1,64}"
    r"(?:@|[ ]?[\[(](?:at|@)[\])][ ]?)"
    r"(?:[A-Za-z0-9\-]{1,63}(?:\.|[ ]?[\[(](?:dot|punt)[\])][ ]?)){1,6}[A-Za-z]{2,24}(?![\w\-])",
    re.IGNORECASE)


def _find_emails(text: str) -> Iterator[_Span]:
    if "@" not in text and "at" not in text.lower():
        return
    for match in _EMAIL.finditer(text):
        value = match.group().rstrip(".-")
        local = value.split("@")[0].split("[")[0].split("(")[0].strip()
        if not local.strip(".+-"):
            continue
        kind = _PUBLIC if _url_key(value) in _public_addresses() else "email"
        yield _Span(match.start(), match.start() + len(value), kind)


# ----------------------------------------------------------------------------------------------------------
# url

_URL_CHARS = r"[^\s<>\"'`{}|\\^\[\]]"
_TLDS = ("com|nl|be|org|net|me|io|co|de|eu|info|app|tv|gg|ly|link|page|to|uk|fr|es|it|us|ca|biz|xyz|site|"
         "online|live|shop|store|club|ma|tr|sr|cw|aw|pl|ru|ch|at|dk|se|no|fi|ie|pt|gr|au|in|cn|jp|ai|so|sh|fm|"
         "am|cc|ws|bio|social|chat|gl|gd|ms|lol|blog|nu|cz|ro|bg|hu|ua|id|br|mx|ar|za|ng|gh|sy|iq|ir|af|er")
_TLD_SET = frozenset(_TLDS.split("|"))
_URL = re.compile(
    r"(?<![\w@.\-/])(?:"
    r"(?:https?://|ftp://|www\.)" + _URL_CHARS + r"{1,2000}"
    r"|(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}\.){1,5}(?:" + _TLDS + r")(?=[/?#])" + _URL_CHARS + r"{1,2000}"
    r")", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)'\"’”"


def _find_urls(text: str) -> Iterator[_Span]:
    if "." not in text:
        return
    for match in _URL.finditer(text):
        url = match.group()
        while url and url[-1] in _URL_TRAILING and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        rest = re.sub(r"^(?:https?://|ftp://)?[^/?#]*", "", url, flags=re.IGNORECASE)
        if not rest.strip("/"):
            continue  # a bare domain ("fier.nl", "https://www.113.nl/") names an organisation, not a person
        kind = _PUBLIC if _url_key(url) in _public_addresses() else "url"
        yield _Span(match.start(), match.start() + len(url), kind)


# ----------------------------------------------------------------------------------------------------------
# iban

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?=[ \-]?[A-Za-z0-9])")
_IBAN_DB = numdb.get("iban")


@lru_cache(maxsize=None)
def _iban_length(country: str) -> int:
    """Total IBAN length for a country code, 0 when the country has no IBAN."""
    info = _IBAN_DB.info(country)
    structure = info[0][1].get("bban", "") if info else ""
    lengths = re.findall(r"(\d+)!", structure)
    return 4 + sum(int(n) for n in lengths) if lengths else 0


def _find_ibans(text: str) -> Iterator[_Span]:
    for match in _IBAN_START.finditer(text):
        length = _iban_length(match.group()[:2].upper())
        if not length:
            continue
        chars, position, end = [], match.start(), len(text)
        while position < end and len(chars) < length:
            ch = text[position]
            if ch.isascii() and ch.isalnum():
                chars.append(ch)
            elif not (ch in " -" and position + 1 < end and text[position + 1].isascii()
                      and text[position + 1].isalnum()):
                break
            position += 1
        if len(chars) != length or (position < end and text[position].isascii() and text[position].isalnum()):
            continue
        if stdnum_iban.is_valid("".join(chars)):
            yield _Span(match.start(), position, "iban")


# ----------------------------------------------------------------------------------------------------------
# bsn

_BSN = re.compile(
    r"(?<![\w.,\-+/€$])(?:[0-9]{9}|[0-9]{8}|[0-9]{3}[. ][0-9]{3}[. ][0-9]{3}|[0-9]{4}[. ][0-9]{2}[. ][0-9]{3}"
    r"|[0-9]{2}[. ][0-9]{3}[. ][0-9]{3})(?![\w]|[.,\-/][0-9])")
_AMOUNT_AFTER = re.compile(r"[ ]?(?:euro|eur|€|volgers|followers|views|likes|keer|x)\b", re.IGNORECASE)


def _find_bsns(text: str) -> Iterator[_Span]:
    for match in _BSN.finditer(text):
        if _AMOUNT_AFTER.match(text, match.end()):
            continue
        if stdnum_bsn.is_valid(re.sub(r"\D", "", match.group())):
            yield _Span(match.start(), match.end(), "bsn")


# ----------------------------------------------------------------------------------------------------------
# postcode

_POSTCODE = re.compile(
    r"(?<![\w\-+/.:€$=?&#@])([1-9][0-9]{3})([ ]?)([A-Za-z]{2})(?![\w])"
    r"(?:[ ]{0,2},?[ ]{0,2}(?:nr\.?[ ]?)?([1-9][0-9]{0,4})([a-zA-Z](?![\w])|-[0-9]{1,3}(?![\w]))?"
    r"(?![\w]|[.,:/][0-9]))?")
# Two lower-case letters after a number, separated by a space, that are a word, not postcode letters.
_NOT_POSTCODE_LETTERS = frozenset(
    "en of is in op na om al de te ik je ze we zo nu er ja uw to tm ma di wo do vr za me mn zn da ok oh eh ah "
    "ff no at an it on or by up us so go hi my he be if as".split())
_UNITS_TWO_LETTERS = frozenset("km cm mm kg mg gr ml cl dl gb mb kb tb pk kw hz ha dm eu uu pm am".split())
_NUMBER_UNITS = re.compile(
    r"[ ]?(?:jaar|jaren|jarige|jr|uur|uurtje|u|min|minuten|minuutjes|sec|seconden|dag|dagen|dagje|week|weken|"
    r"maand|maanden|keer|x|euro|euros|eur|cent|procent|%|km|kilometer|m|meter|cm|kg|kilo|gram|pond|stuks|man|"
    r"mensen|jongens|meiden|meisjes|mannen|vrouwen|kinderen|berichten|appjes|foto|fotos|foto's|volgers|likes|"
    r"views|nachten|avonden|graden|punten|plekken|pagina|paginas|klas|groep)(?![\w])", re.IGNORECASE)


def _find_postcodes(text: str) -> Iterator[_Span]:
    for match in _POSTCODE.finditer(text):
        letters = match.group(3)
        if letters.upper() in ("SA", "SD", "SS"):
            continue
        if match.group(2) and not letters.isupper() and (
                letters.lower() in _UNITS_TWO_LETTERS or (letters.islower() and letters in _NOT_POSTCODE_LETTERS)):
            continue
        end = match.end()
        if match.group(4) and _NUMBER_UNITS.match(text, match.end(4)):
            end = match.end(3)
        yield _Span(match.start(), end, "postcode")


# ----------------------------------------------------------------------------------------------------------
# Tokens (for addresses and names)

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_CONTEXT_GAP = re.compile(r"[\s:,\-–\"'“”‘’]{1,6}\Z")


class _Tokens:
    """Word tokens of a text with their offsets and lookup keys."""

    def __init__(self, text: str):
        self.text = text
        matches = list(_TOKEN.finditer(text))
        self.starts: list[int] = [match.start() for match in matches]
        self.ends: list[int] = [match.end() for match in matches]
        self.words: list[str] = [match.group() for match in matches]
        self.keys: list[str] = [names.name_key(word) for word in self.words]
        for i, key in enumerate(self.keys):
            if len(key) > 3 and key.endswith("'s"):  # "Lisa's" -> "Lisa"
                self.keys[i], self.words[i], self.ends[i] = key[:-2], self.words[i][:-2], self.ends[i] - 2
        self.place_keys: list[str] = [key if key.isalpha() else names.place_key(word)
                                      for key, word in zip(self.keys, self.words)]
        self.count = len(self.words)
        # gaps[i]: the text between token i-1 and token i; spaced[i]: that gap is a space or two
        self.gaps: list[str] = [text[end:start] for end, start in zip([0] + self.ends, self.starts)]
        self.spaced: list[bool] = [0 < len(gap) <= 3 and not gap.strip(" \t\u00a0") for gap in self.gaps]
        if self.count:
            self.spaced[0] = False

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.gaps[i]

    def adjacent(self, i: int) -> bool:
        """Token i follows token i-1 with only a space or two between them (one name can span both)."""
        return 0 < i < self.count and self.spaced[i]

    def follows_context(self, i: int) -> bool:
        return 0 < i < self.count and bool(_CONTEXT_GAP.match(self.gap(i)))

    def capitalised(self, i: int) -> bool:
        """Title case ("Lisa", "El-Amrani"); an all-caps word is no evidence ("IK HEET LISA")."""
        word = self.words[i]
        return word[:1].isupper() and not (len(word) > 1 and word.isupper())

    def sentence_start(self, i: int) -> bool:
        return i == 0 or bool(self.gap(i).strip(" \t\u00a0,"))

    def alphabetic(self, i: int) -> bool:
        return self.keys[i].replace("-", "").replace("'", "").isalpha()


# ----------------------------------------------------------------------------------------------------------
# adres

_HOUSE_NUMBER = re.compile(
    r"[ \t]{0,3},?[ \t]{0,2}(?:(?:nr|no|nummer)\.?[ \t]{0,2})?([1-9][0-9]{0,4})"
    r"(?:[ \t]?-[ \t]?(?:[0-9]{1,4}|[IVXivx]{1,4}|[A-Za-z]{1,2})(?![\w])"
    r"|[ \t]?(?:bis|hs|hg|bg|huis|boven|beneden|zw|rd|II|III|IV)(?![\w])"
    r"|[A-Za-z](?![\w])|[ \t][A-Z](?![\w]))?"
    r"(?![\w]|[.,:/][0-9])", re.IGNORECASE)
_STREET_TITLES = frozenset(
    "burgemeester burg dr dokter prof professor koning koningin prins prinses graaf gravin hertog hertogin "
    "jonkheer generaal kolonel majoor kapitein luitenant admiraal pastoor pater pastor dominee ds sint st mr "
    "meester ir mgr kardinaal paus keizer keizerin president minister wethouder gen adm kap".split())
_ORDINAL = re.compile(r"(?:[0-9]{1,2}(?:e|ste|de)|eerste|tweede|derde|vierde|vijfde)\Z")
_LIVES_AT = re.compile(
    r"(?:\b(?:woon|woont|wonen|woonde|woonden|woonachtig|wonend|verblijf|verblijft|zit|zitten)"
    r"(?:[ \t]+(?:nu|ook|zelf|daar|al))?[ \t]+(?:(?:op|aan)(?:[ \t]+(?:de|het|'t))?|in[ \t]+(?:de|het|'t))"
    r"|\badres[ \t]*(?:is|was|:|=)(?:[ \t]+(?:de|het))?)[ \t]*\Z", re.IGNORECASE)
# ("ik woon in Hoogvliet": after plain "in" comes a district or place, not a street.)


_COMPASS_PART = re.compile(r"-(?:oost|west|noord|zuid|zijde)\Z")
# "op Vredenburg 7", "aan Rokin 12": a capitalised word with a house number after "op"/"aan" is a street
# even without a street ending.
_AT_STREET = re.compile(r"(?:\b(?:op|aan|adres(?:[ \t]*(?:is|was|:))?)[ \t]+)\Z", re.IGNORECASE)


def _street_word(tokens: _Tokens, i: int) -> str | None:
    """"compound" for "Kerkstraat"/"dorpsstraat", "bare" for a capitalised "Markt" or "Laan", else None."""
    key = tokens.keys[i]
    if len(key) < 3 or not tokens.alphabetic(i) or key in names.not_streets() \
            or tokens.place_keys[i] in names.places():
        return None
    key = _COMPASS_PART.sub("", key)  # "Ringbaan-Oost" is a "baan"
    suffixes = names.street_suffixes()
    for length in names.street_suffix_lengths():
        lowercase_ok = suffixes.get(key[-length:])
        if lowercase_ok is None or len(key) < length:
            continue
        if len(key) == length:
            return "bare" if tokens.capitalised(i) else None
        if key[-length:] == "ring" and key[-5] in "aeiouy":  # "vergadering", "paring"
            return None
        return "compound" if lowercase_ok or tokens.capitalised(i) else None
    return None


def _street_prefix_word(tokens: _Tokens, i: int) -> bool:
    key = tokens.keys[i]
    if key in _STREET_TITLES or _ORDINAL.match(key):
        return True
    if key in names.common_words() or tokens.place_keys[i] in names.places():
        return False
    return tokens.capitalised(i) or key in names.first_names()


def _joined(tokens: _Tokens, i: int) -> bool:
    """Token i-1 and token i belong to one street name ("Jan Steenstraat", "Burg. de Vlugtlaan")."""
    return tokens.adjacent(i) or (i > 0 and tokens.gap(i) in (". ", ".") and tokens.keys[i - 1] in _STREET_TITLES)


def _street_start(tokens: _Tokens, i: int) -> int:
    """Extends a street word to the left over "2e Jan", "Burgemeester de", "Van"."""
    start = i
    while start > 0 and i - start < 5 and _joined(tokens, start):
        previous = start - 1
        key = tokens.keys[previous]
        if key in names.TUSSENVOEGSEL_NOT_ALONE and not tokens.capitalised(previous):
            break  # "in Den Haag op Laan van Meerdervoort": "op" is a preposition here
        if key in names.TUSSENVOEGSELS and key not in _STREET_TITLES:
            if tokens.capitalised(previous) and key not in names.TUSSENVOEGSEL_NOT_ALONE:
                start = previous  # "Van Ostadestraat", "De Ruijterkade"
            elif previous > 0 and _joined(tokens, previous) and _street_prefix_word(tokens, previous - 1):
                start = previous - 1  # "Burgemeester de Vlugtlaan"
            else:
                break
        elif _street_prefix_word(tokens, previous):
            start = previous
        else:
            break
    return start


def _street_end(tokens: _Tokens, i: int) -> int:
    """"Laan van Meerdervoort", "Hof van Holland": a bare street word, tussenvoegsels, capitalised words."""
    j = i + 1
    while j < tokens.count and j - i <= 3 and tokens.adjacent(j) and tokens.keys[j] in names.TUSSENVOEGSELS:
        j += 1
    if j == i + 1 or j >= tokens.count or not tokens.adjacent(j) or not tokens.capitalised(j):
        return i
    while j + 1 < tokens.count and j - i < 6 and tokens.adjacent(j + 1) and tokens.capitalised(j + 1):
        j += 1
    return j


def _unmarked_street(text: str, tokens: _Tokens, i: int) -> bool:
    return (tokens.capitalised(i) and tokens.alphabetic(i) and tokens.keys[i] not in names.common_words()
            and tokens.place_keys[i] not in names.places()
            and bool(_AT_STREET.search(text, max(0, tokens.starts[i] - 20), tokens.starts[i])))


def _find_addresses(text: str, tokens: _Tokens) -> Iterator[_Span]:
    for i in range(tokens.count):
        shape = _street_word(tokens, i)
        if shape is None:
            if _unmarked_street(text, tokens, i):
                number = _HOUSE_NUMBER.match(text, tokens.ends[i])
                if number and not (_POSTCODE.match(text, number.start(1)) or _NUMBER_UNITS.match(text, number.end(1))
                                   or _NUMBER_UNITS.match(text, number.end())):
                    yield _Span(tokens.starts[i], number.end(), "adres")
            continue
        start = _street_start(tokens, i)
        last = _street_end(tokens, i) if shape == "bare" else i
        number = _HOUSE_NUMBER.match(text, tokens.ends[last])
        if number and (_POSTCODE.match(text, number.start(1)) or _NUMBER_UNITS.match(text, number.end(1))
                       or _NUMBER_UNITS.match(text, number.end())):
            number = None  # "Dorpsstraat, 3011 AB", "Kerkstraat 3 keer"
        if number:
            yield _Span(tokens.starts[start], number.end(), "adres")
        elif _LIVES_AT.search(text, max(0, tokens.starts[start] - 60), tokens.starts[start]):
            yield _Span(tokens.starts[start], tokens.ends[last], "adres")


# ----------------------------------------------------------------------------------------------------------
# social

_HANDLE = r"[A-Za-z0-9._\-]{1,30}(?:#[0-9]{4})?"
_AT_HANDLE = re.compile(r"(?<![\w.@+\-/])@(" + _HANDLE + r")")
_PLATFORMS = ("snapchat|snap|sc|instagram|insta|ig|tiktok|tt|telegram|tg|discord|kik|facebook|fb|twitter|"
              "onlyfans|twitch|bereal|youtube|yt|wickr|threads|yubo")
_PLATFORM = r"(?:" + _PLATFORMS + r")(?:[ \t]*(?:account|acc|naam|name|id|username|gebruikersnaam|handle))?"
_SOCIAL_CONTEXT = re.compile(
    r"(?<![\w@.])(?:"
    # "mijn snap is lisa_x", "zn insta was: xx"
    r"(?P<owner>(?:mijn|mn|m'n|me|zijn|zn|z'n|haar|je|jouw|hun)[ \t]+" + _PLATFORM +
    r"[ \t]+(?:is|was|heet)[ \t]*:?[ \t]*)"
    # "snap: lisa_x", "insta = xx", "voeg me toe: xx", "add me op snap: xx"
    r"|(?P<colon>(?:" + _PLATFORM + r"|voeg[ \t]+me[ \t]+toe|add[ \t]+me)"
    r"(?:[ \t]+(?:op|on)[ \t]+(?:" + _PLATFORMS + r"))?[ \t]*(?::|=|->|→)[ \t]*)"
    # "op snap lisa_2009", "add me xx.lisa"
    r"|(?P<plain>(?:" + _PLATFORM + r"|voeg[ \t]+me[ \t]+toe|add[ \t]+me)"
    r"(?:[ \t]+(?:op|on)[ \t]+(?:" + _PLATFORMS + r"))?[ \t]+)"
    r")(?P<handle>@?" + _HANDLE + r")(?![\w@])", re.IGNORECASE)
# Shapes of ordinary Dutch words after "mijn insta is ...": "gevaarlijk", "gehackt", "openbaar", "verwijderd".
_ORDINARY_SHAPE = re.compile(
    r"(?:.*(?:lijk|ig|baar|loos|isch|ief|end)|(?:ge|be|ver|ont|her).*(?:d|t|en))\Z", re.IGNORECASE)


def _handle_like(handle: str) -> bool:
    """"lisa_x", "lisa.2009", "xx.lisa": not an ordinary word."""
    inner = handle.strip("._-")
    return any(ch.isalpha() for ch in inner) and any(ch.isdigit() or ch in "._" for ch in inner)


_HANDLE_SHAPE = re.compile(r"(?<![\w@./\-])([A-Za-z0-9]+(?:[._][A-Za-z0-9]+)+)_?(?![\w@]|[./][A-Za-z0-9])")


def _shaped_handles(text: str) -> Iterator[_Span]:
    """Words shaped like a handle without any context: letters with dots or underscores and a digit, an
    underscore or three parts ("jolie.xx14", "nina_xo_050", "vip.lena.xo"); never a web address
    ("fier.nl") or an abbreviation ("d.w.z.", "t.o.v.")."""
    for match in _HANDLE_SHAPE.finditer(text):
        handle = match.group(0)
        parts = re.split(r"[._]", handle.strip("_"))
        if len(handle) < 6 or parts[-1].lower() in _TLD_SET or not any(ch.isalpha() for ch in handle):
            continue
        if max(len(part) for part in parts) < 3:
            continue
        if "_" in handle or any(ch.isdigit() for ch in handle) or len(parts) >= 3:
            yield _Span(match.start(), match.end(), "social")


def _find_social(text: str) -> Iterator[_Span]:
    if "." in text or "_" in text:
        yield from _shaped_handles(text)
    if "@" in text:
        for match in _AT_HANDLE.finditer(text):
            handle = match.group(1).rstrip(".-")
            if any(ch.isalpha() for ch in handle):
                yield _Span(match.start(), match.start(1) + len(handle), "social")
    for match in _SOCIAL_CONTEXT.finditer(text):
        handle = match.group("handle").rstrip(".-")
        key = names.name_key(handle.lstrip("@"))
        if not any(ch.isalpha() for ch in handle) or key in names.common_words():
            continue
        if handle.startswith("@") or _handle_like(handle):
            accept = True
        elif match.group("plain"):
            accept = False  # "op snap lisa": no evidence of a handle (a name is found as a name)
        else:
            accept = not _ORDINARY_SHAPE.match(key) or key in names.first_names()
        if accept:
            yield _Span(match.start("handle"), match.start("handle") + len(handle), "social")


# ----------------------------------------------------------------------------------------------------------
# geboortedatum

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|"
           "january|february|march|may|june|july|august|october")
_MONTH_NUMBER = {name: number for number, group in enumerate((
    "januari jan january", "februari feb febr february", "maart mrt march", "april apr", "mei may",
    "juni jun june", "juli jul july", "augustus aug august", "september sep sept", "oktober okt october",
    "november nov", "december dec"), start=1) for name in group.split()}
_DATE_NUMERIC = re.compile(
    r"(?<![\w.,\-/:+])([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![\w]|[.,\-/:][0-9])")
_DATE_ISO = re.compile(r"(?<![\w.,\-/:+])((?:19|20)[0-9]{2})-([0-9]{1,2})-([0-9]{1,2})(?![\w]|[.,\-/:][0-9])")
_DATE_TEXT = re.compile(
    r"(?<![\w.,\-/:])([0-9]{1,2})(?:e|ste|de)?[ \t]{1,3}(" + _MONTHS + r")\.?"
    r"(?:[ \t]{1,3}|,[ \t]?)((?:19|20)[0-9]{2}|'[0-9]{2})(?![\w])", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"(?<![\w.,\-/:])(?:([0-9]{1,2})(?:e|ste|de)?[ \t]{1,3}(" + _MONTHS + r")\.?(?![\w])"
    r"|([0-9]{1,2})[-/.]([0-9]{1,2})(?![\w]|[.,\-/:][0-9])"
    r"|(" + _MONTHS + r")[ \t]{1,3}((?:19|20)[0-9]{2})(?![\w]))", re.IGNORECASE)
_BIRTH_BEFORE = re.compile(
    r"(?:\b(?:geboren|geb\.?|geboortedatum|verjaardag|verjaart|jarig|bday|birthday|b-day|born)\b"
    r"|\bben[ \t]+van\b|\bword[t]?[ \t]+[0-9]{1,2}[ \t]+(?:jaar[ \t]+)?op\b)[^\n]{0,25}\Z", re.IGNORECASE)
_BIRTH_AFTER = re.compile(r"\A[^\n.!?]{0,15}\b(?:jarig|geboren|verjaardag)\b", re.IGNORECASE)


def _valid_day_month(day: str, month: int) -> bool:
    return 1 <= int(day) <= 31 and 1 <= month <= 12


def _find_dates(text: str) -> Iterator[_Span]:
    for match in _DATE_NUMERIC.finditer(text):
        if _valid_day_month(match.group(1), int(match.group(3))):
            yield _Span(match.start(), match.end(), "geboortedatum")
    for match in _DATE_ISO.finditer(text):
        if _valid_day_month(match.group(3), int(match.group(2))):
            yield _Span(match.start(), match.end(), "geboortedatum")
    for match in _DATE_TEXT.finditer(text):
        if _valid_day_month(match.group(1), _MONTH_NUMBER[match.group(2).lower()]):
            yield _Span(match.start(), match.end(), "geboortedatum")
    for match in _DAY_MONTH.finditer(text):
        if match.group(1):
            valid = _valid_day_month(match.group(1), _MONTH_NUMBER[match.group(2).lower()])
        elif match.group(3):
            valid = _valid_day_month(match.group(3), int(match.group(4)))
        else:
            valid = True
        if valid and (_BIRTH_BEFORE.search(text, max(0, match.start() - 60), match.start())
                      or _BIRTH_AFTER.match(text[match.end():match.end() + 30])):
            yield _Span(match.start(), match.end(), "geboortedatum")


# ----------------------------------------------------------------------------------------------------------
# kenteken

_SIDECODES = ("XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9", "9-XXX-99",
              "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9")


def _sidecode_pattern(code: str) -> str:
    return "".join("[A-Za-z]" if ch == "X" else "[0-9]" if ch == "9" else "-" for ch in code)


_PLATE = re.compile(r"(?<![\w\-])(?:" + "|".join(map(_sidecode_pattern, _SIDECODES)) + r")(?![\w\-])")
_PLATE_SHAPES = frozenset(code.replace("-", "") for code in _SIDECODES)
_PLATE_CONTEXT = re.compile(
    r"\b(?:kenteken(?:plaat|nummer)?|nummerbord|nummerplaat)[ \t]*(?:is|was|:|=)?[ \t]*"
    r"([A-Za-z0-9]{6}|[A-Za-z0-9]{1,3}[ \-][A-Za-z0-9]{1,3}[ \-][A-Za-z0-9]{1,3})(?![\w\-])", re.IGNORECASE)


def _plate_shape(value: str) -> str:
    return "".join("X" if ch.isalpha() else "9" for ch in value if ch.isalnum())


def _find_plates(text: str) -> Iterator[_Span]:
    if "-" in text:
        for match in _PLATE.finditer(text):
            yield _Span(match.start(), match.end(), "kenteken")
    for match in _PLATE_CONTEXT.finditer(text):
        plate = match.group(1)
        if _plate_shape(plate) in _PLATE_SHAPES and any(ch.isdigit() for ch in plate):
            yield _Span(match.start(1), match.end(1), "kenteken")


# ----------------------------------------------------------------------------------------------------------
# naam

_STRONG, _MEDIUM, _LISTED, _TITLE = "strong", "medium", "listed", "title"
_RELATIONS = frozenset(
    "vriend vriendje vriendin vriendinnetje dochter dochtertje zoon zoontje zus zusje zuster broer broertje "
    "neef neefje nicht nichtje moeder mama mam vader papa pap mentor mentrix oom tante opa oma buurman "
    "buurvrouw buurjongen buurmeisje stiefvader stiefmoeder stiefbroer stiefzus halfbroer halfzus ex collega "
    "docent leraar lerares coach trainer baas klasgenoot klasgenote maat mattie lover loverboy pooier man "
    "vrouw partner verloofde schoonzus zwager kind kleinzoon kleindochter pleegdochter pleegzoon pleegkind "
    "leerling client cliente bff crush date stiefdochter stiefzoon stiefkind schoonmoeder schoonvader "
    "schoondochter schoonzoon zwagerin halfzusje halfbroertje tweelingzus tweelingbroer vriendinnen "
    "vrienden".split())
_POSSESSIVES = frozenset("mijn mn m'n me zijn zn z'n haar onze ons je jouw hun".split())
_RELATION_ADJECTIVES = frozenset(
    "beste oudere jongere kleine grote oude nieuwe vorige lieve eigen ex echte eerste".split())
_TITLES = frozenset("meneer mevrouw mevr mvr mw dhr heer juf juffrouw meester mej mr dr drs".split())
_HEET = frozenset("heet heette heten".split())
_HEET_STRONG_BEFORE = frozenset("ik hij zij ze die ie jij je u dat deze".split()) | _RELATIONS
_NOEM = frozenset("noem noemt noemen noemde noemden".split())
_NAME_WORDS = frozenset("naam bijnaam voornaam achternaam roepnaam name".split())
_CONTEXT_TRIGGERS = _HEET | _NAME_WORDS | _TITLES | _RELATIONS | frozenset(
    "is was zich me mij genaamd alias ben i'm im am".split())


def _naming_contexts(tokens: _Tokens) -> dict[int, str]:
    """Token index of the first name word -> strength of the naming context before it."""
    contexts: dict[int, str] = {}
    keys = tokens.keys
    for i, key in enumerate(keys):
        following = i + 1
        if key not in _CONTEXT_TRIGGERS or following >= tokens.count or not tokens.follows_context(following):
            continue
        previous = keys[i - 1] if i > 0 else ""
        strength = None
        if key in _HEET:
            strength = _STRONG if previous in _HEET_STRONG_BEFORE else _MEDIUM
        elif key in ("is", "was") and previous in _NAME_WORDS:
            strength = _STRONG
        elif key in _NAME_WORDS and ":" in tokens.gap(following):
            strength = _STRONG
        elif (key == "zich" and previous in ("noemt", "noemde", "noemen")) or (
                key in ("me", "mij") and previous in ("noem", "noemt", "noemen", "noemde", "noemden")):
            strength = _STRONG
        elif key in ("genaamd", "alias"):
            strength = _STRONG
        elif key == "zich" and i + 2 < tokens.count and keys[i + 2] in _NOEM:
            strength = _STRONG  # "die zich Jurmaine noemt"
        elif (key == "ben" and previous == "ik") or key in ("i'm", "im") or (key == "am" and previous == "i"):
            strength = _LISTED
        elif key in _TITLES:
            strength = _TITLE
        elif key in _RELATIONS and (previous in _POSSESSIVES or (
                previous in _RELATION_ADJECTIVES and i > 1 and keys[i - 2] in _POSSESSIVES)):
            strength = _MEDIUM
        if strength:
            contexts[following] = strength
    for i, key in enumerate(keys):  # "ze noemen de jongen Rocco": the first capitalised word within three
        if key in _NOEM:
            for j in range(i + 1, min(i + 4, tokens.count)):
                if tokens.capitalised(j):
                    contexts.setdefault(j, _MEDIUM)
                    break
    return contexts


class _NameFinder:
    def __init__(self, tokens: _Tokens):
        self.t = tokens
        self.first = names.first_names()
        self.surnames = names.surnames()
        self.common = names.common_words()
        self.ordinary = names.ordinary_names()
        self.places, self.phrases = self._place_and_phrase_tokens()
        self.dutch = names.dutch_words()
        self.organisations = names.organisation_words()

    def _place_and_phrase_tokens(self) -> tuple[set[int], set[int]]:
        """Tokens that are a place on their own ("Linde"), and tokens inside a multi-word place
        ("Anna Paulowna") or phrase ("Hugo Boss")."""
        t, single, multi = self.t, set(), set()
        places, phrases, starts = names.places(), names.common_phrases(), names.multiword_starts()
        for i in range(t.count):
            if t.place_keys[i] in places:
                single.add(i)
            for length in starts.get(t.keys[i], ()):
                last = i + length
                if last <= t.count and all(t.adjacent(k) for k in range(i + 1, last)) and (
                        " ".join(t.place_keys[i:last]) in places or tuple(t.keys[i:last]) in phrases):
                    multi.update(range(i, last))
        return single, multi

    def is_first_name(self, i: int) -> bool:
        key = self.t.keys[i]
        return key in self.first or ("-" in key and all(part in self.first for part in key.split("-")))

    def _plain_first_name(self, i: int) -> bool:
        """A first name without any context: not a place, not an ordinary word unless capitalised mid-sentence.
        Also any capitalised word mid-sentence that is no Dutch word at all ("ik heb Dylano gezegd")."""
        t, key = self.t, self.t.keys[i]
        if i in self.places or i in self.phrases or key in self.common:
            return False
        if not self.is_first_name(i):
            return self.unknown_capitalised(i)
        return key not in self.ordinary or (t.capitalised(i) and not t.sentence_start(i))

    def dutch_compound(self, key: str) -> bool:
        """"instagram-account", "rijksbrede": ends in, or splits into, Dutch words of four letters or more."""
        if "-" in key:
            return key.rsplit("-", 1)[1] in self.dutch
        return any(key[:cut] in self.dutch and (key[cut:] in self.dutch or key[cut] == "s" and key[cut + 1:] in self.dutch)
                   for cut in range(4, len(key) - 3))  # with the linking s of "rijks-brede"

    def unknown_capitalised(self, i: int) -> bool:
        t, key = self.t, self.t.keys[i]
        return (t.capitalised(i) and not t.sentence_start(i) and len(key) >= 3 and t.alphabetic(i)
                and key not in self.dutch and not self.dutch_compound(key)
                and key not in self.common and key not in self.organisations
                and i not in self.places and i not in self.phrases
                and names.place_key(t.words[i].split("-")[0]) not in names.places())  # "Zwolle-Zuid"

    def _accepts(self, i: int, strength: str) -> bool:
        t, key = self.t, self.t.keys[i]
        if not t.alphabetic(i):
            return False
        if strength == _STRONG:
            return self.is_first_name(i) or key not in self.common
        if key in self.common or i in self.phrases or (i in self.places and not self.is_first_name(i)):
            return False
        if strength == _LISTED:  # "ik ben roos" yes, "ik ben max 3 dagen weg" no
            if key in self.ordinary and not t.capitalised(i) and i + 1 < t.count and t.keys[i + 1].isdigit():
                return False
            return self.is_first_name(i) or (t.capitalised(i) and key not in self.dutch)  # "ik ben Bartek"
        named = self.is_first_name(i) or t.capitalised(i)
        if strength == _TITLE:
            return named or key in self.surnames.bare or key in self.surnames.heads
        return named

    def _surname_end(self, i: int, strength: str | None) -> int | None:
        """End (exclusive) of a surname starting at token i, tussenvoegsels included, or None."""
        t, j, particles = self.t, i, []
        while j < t.count and len(particles) < 3 and t.keys[j] in names.TUSSENVOEGSELS and (
                j == i or t.adjacent(j)):
            if t.keys[j] == "ben" and not t.capitalised(j):
                break
            particles.append(t.keys[j])
            j += 1
        if particles and len(particles) == 1 and particles[0] in names.TUSSENVOEGSEL_NOT_ALONE:
            return None
        if j >= t.count or (j > i and not t.adjacent(j)) or not t.alphabetic(j):
            return None
        key = t.keys[j]
        if j in self.phrases or (key in self.common and not (particles and key in self.surnames.heads)):
            return None
        if particles:  # "de Vries": a place name is fine after a tussenvoegsel
            known = key in self.surnames.heads or key in self.surnames.bare
            return j + 1 if known or t.capitalised(j) or strength == _STRONG else None
        if j in self.places:
            return None
        return j + 1 if key in self.surnames.bare or t.capitalised(j) else None

    def name_at(self, i: int, strength: str | None) -> int | None:
        """End (exclusive) of a name starting at token i, or None."""
        t = self.t
        if strength in (_STRONG, _TITLE) and t.keys[i] in names.TUSSENVOEGSELS:
            return self._surname_end(i, strength)  # "meneer de Vries"
        if strength is None:
            if not self._plain_first_name(i):
                return None
        elif not self._accepts(i, strength):
            return None
        end, words = i + 1, 1
        while end < t.count and words < 4 and t.adjacent(end):
            if self._plain_first_name(end) or (strength and self.is_first_name(end) and t.capitalised(end)):
                end, words = end + 1, words + 1  # "Anne Sophie", "Jan Willem"
                continue
            surname_end = self._surname_end(end, strength)
            if surname_end is None and strength == _STRONG and t.alphabetic(end) \
                    and t.keys[end] not in self.common and end not in self.phrases:
                surname_end = end + 1  # "ik heet lisa hendriksma"
            if surname_end is not None:
                end = surname_end
            break
        return end

    def initials_name(self, i: int) -> int | None:
        """"J. de Vries", "A.B. Jansen": initials followed by a known or capitalised surname."""
        t, j = self.t, i
        while j < t.count and j - i < 4 and len(t.words[j]) == 1 and t.words[j].isalpha() \
                and t.text.startswith(".", t.ends[j]):
            j += 1
            if j < t.count and t.gap(j) not in (".", ". ", ".  "):
                break
        if j == i or j >= t.count or t.gap(j) not in (". ", ".", ".  "):
            return None
        # "klas B. Volgende week": after initials only a listed surname or a tussenvoegsel counts
        if t.keys[j] not in names.TUSSENVOEGSELS and t.keys[j] not in self.surnames.bare:
            return None
        return self._surname_end(j, _TITLE)


def _find_names(tokens: _Tokens) -> Iterator[_Span]:
    if not tokens.count:
        return
    finder = _NameFinder(tokens)
    contexts = _naming_contexts(tokens)
    i = 0
    while i < tokens.count:
        end = finder.name_at(i, contexts.get(i))
        if end is None and len(tokens.words[i]) == 1:
            end = finder.initials_name(i)
        if end is None:
            i += 1
            continue
        yield _handle_or_name(tokens.text, tokens.starts[i], tokens.ends[end - 1])
        i = end


_HANDLE_CHAR = re.compile(r"[A-Za-z0-9._]")
_GLUED_HANDLE = re.compile(r"[._][A-Za-z0-9]")


def _handle_or_name(text: str, start: int, end: int) -> _Span:
    """A name glued to a handle ("lisa.x", "xx_sanne_xx") makes the whole handle a social finding."""
    glued_right = _GLUED_HANDLE.match(text, end)
    glued_left = start > 1 and text[start - 1] in "._" and _HANDLE_CHAR.match(text, start - 2)
    if not (glued_right or glued_left):
        return _Span(start, end, "naam")
    left, right = start, end
    while left > 0 and start - left < 30 and _HANDLE_CHAR.match(text, left - 1):
        left -= 1
    while right < len(text) and right - end < 30 and _HANDLE_CHAR.match(text, right):
        right += 1
    return _Span(left, len(text[left:right].rstrip(".")) + left, "social")
