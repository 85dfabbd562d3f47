import pytest

from opvang_directory.formats import is_dutch_phone, is_email, is_url


@pytest.mark.parametrize(
    "number",
    ["112", "113", "0900-8844", "0800-7000", "033-448 11 86", "058-215 70 84", "0800-2000", "0800-0432",
     "0800-0188", "0900-0101", "020-261 52 75", "0800-0113", "088-0767 000", "0800-5151", "+31 70 333 44 44",
     "088-6628844", "06-12345678"],
)
def test_valid_dutch_numbers(number):
    assert is_dutch_phone(number)


@pytest.mark.parametrize(
    "number",
    ["0900-88", "06-1234", "12345", "0800 20000", "abc", "0800--2000", "033-448 11 8", "+32 70 333 44 44", "911",
     "0033-448 11 86", ""],
)
def test_invalid_dutch_numbers(number):
    assert not is_dutch_phone(number)


@pytest.mark.parametrize("url", ["https://www.113.nl", "https://keerpunt.chat", "http://www.helpwanted.nl/en"])
def test_valid_urls(url):
    assert is_url(url)


@pytest.mark.parametrize("url", ["www.113.nl", "https://", "ftp://x.nl", "https://x", "https://www.113 .nl", ""])
def test_invalid_urls(url):
    assert not is_url(url)


def test_email():
    assert is_email("info@comensha.nl")
    assert not is_email("info@comensha")
    assert not is_email("info comensha.nl")
