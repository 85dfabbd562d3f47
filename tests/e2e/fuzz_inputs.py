"""Generated hostile and odd inputs for the fuzz test (fixed seed, so a failure can be replayed)."""
from __future__ import annotations

import json
import random
import string

SEED = 2026

SEEDS = [
    "", " ", "\n\n\t", "?", "...", "hoi", "HELP", "ik weet het niet",
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "<b>vet</b> <i>schuin</i>",
    "\"><svg/onload=alert(document.cookie)>", "javascript:alert(1)", "<iframe src='https://example.com'>",
    "'; DROP TABLE events; --", "1' OR '1'='1", "SELECT * FROM events WHERE 1=1",
    '{"sender": "x", "message": "y"}', "[1, 2, {\"a\": null}]", "null", "true", "{}", "[]",
    "/restart", "/greet", "/affirm{\"crisis\": \"suicide\"}", "/nlu_fallback{broken json", "/", "//", "/ /",
    "/find_help{\"gemeente\": \"<script>\"}", "/info_privacy{\"rol\": 5}",
    "مرحبا، أحتاج مساعدة", "שלום, אני צריכה עזרה", "\u202eevil\u202c text", "merhaba yardım lazım",
    "cześć potrzebuję pomocy", "我需要帮助", "Привет, мне нужна помощь", "hello i need help my bf is weird",
    "😭😭😭😭", "🔥" * 500, "👨‍👩‍👧‍👦" * 100, "ﷺ" * 50, "Z̷̢̛̛̭͉̹a̸̡l̴̢g̶o̷" * 20,
    "\x00\x01\x02\x03", "a\x00b", "\x1b[31mrood\x1b[0m", "\r\n\r\n", "\u0000" * 10, "\ufeffhoi", "\u200b" * 30,
    "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "../../../../etc/passwd", "C:\\Windows\\system32",
    "a" * 5000, "mijn vriend " * 300,
]
ALPHABETS = [
    string.printable, string.ascii_letters + "   ", "áéíóúëïöüçñßøåæ", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "אבגדהוזחטיכלמנסעפצקרשת", "😀😂🥺😡💔🔪🆘", "<>&\"'/\\{}[]();=", "\u200e\u200f\u202a\u202b\u202c\u202d\u202e",
    "".join(chr(c) for c in range(0x20)),
]


def text_inputs(count: int) -> list[str]:
    rng = random.Random(SEED)
    inputs = list(SEEDS)
    inputs += ["x" * 100_000, "😀" * 25_000, "<script>" * 12_500]  # 100 KB class
    while len(inputs) < count:
        kind = rng.randrange(4)
        if kind == 0:
            alphabet = rng.choice(ALPHABETS)
            inputs.append("".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 10, 50, 300, 3000]))))
        elif kind == 1:
            first, second = rng.choice(SEEDS), rng.choice(SEEDS)
            inputs.append(first + " " + second)
        elif kind == 2:
            chars = list(rng.choice(SEEDS) or "hoi")
            for _ in range(rng.randrange(1, 5)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(rng.choice(ALPHABETS)))
            inputs.append("".join(chars))
        else:
            inputs.append("".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 80))))
    return inputs[:count]


def raw_rest_bodies() -> list[bytes]:
    """Request bodies that are not a well-formed chat message."""
    bodies = [b"", b"{", b"not json", b"\xff\xfe\x00", b"[]", b"null", b"42", b'"text"',
              b'{"sender": "a"}', b'{"message": "hoi"}', b'{"sender": null, "message": "hoi"}',
              b'{"sender": 5, "message": "hoi"}', b'{"sender": "a", "message": 5}',
              b'{"sender": "a", "message": null}', b'{"sender": "a", "message": ["hoi"]}',
              b'{"sender": "a", "message": {"text": "hoi"}}', b'{"sender": "", "message": "hoi"}',
              b'{"sender": {"$ne": 1}, "message": "hoi"}', b'{"sender": "a", "message": "\\ud800"}',
              b'{"sender": "\\ud800", "message": "hoi"}', b'{"sender": "' + b"s" * 300 + b'", "message": "hoi"}',
              b'{"sender": "a", "message": "hoi", "metadata": {"ip": "1.2.3.4"}}',
              b'{"sender": "a\\u0000b", "message": "hoi"}', b'{"sender": "../../etc", "message": "hoi"}']
    bodies += [json.dumps({"sender": f"fuzz-raw-{n}", "message": "x" * n}).encode() for n in (0, 1, 3999, 4000, 4001)]
    return bodies


def socket_payloads() -> list[tuple[str, object]]:
    """(event, payload) pairs a broken or hostile widget could send."""
    odd = [None, "", "hoi", 5, 3.14, True, [], ["hoi"], {}, {"message": None}, {"message": 5},
           {"message": {"a": 1}}, {"message": "hoi"}, {"message": "hoi", "session_id": None},
           {"message": "hoi", "session_id": 12345}, {"message": "hoi", "session_id": {"a": 1}},
           {"message": "hoi", "session_id": "x" * 5000}, {"message": "hoi", "session_id": "../../"},
           {"message": "<script>alert(1)</script>", "session_id": "not-joined-session-id"},
           {"message": "hoi", "customData": "{not json"}, {"session_id": "abcdefgh1234"}]
    pairs = [("user_uttered", payload) for payload in odd]
    pairs += [("session_request", payload) for payload in odd]
    pairs += [("unknown_event", payload) for payload in odd[:10]]
    return pairs
