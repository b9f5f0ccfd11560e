import codecs

import pytest

from analysis.corpus.encoding import DecodeError, decode

TEXT = "Iraq’s prime minister — “sovereignty” café\nSecond line"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),                       # Python writes a BOM
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
])
def test_unicode_encodings_with_and_without_bom(data, encoding):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_legacy_cp1252_is_detected_not_guessed():
    text = ("The minister’s statement – issued on Friday – said the coalition’s mission “has ended”. "
            "Officials in Baghdad welcomed the café talks. ") * 5
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding in {"cp1252", "windows-1252"}


def test_latin1_accents():
    text = "Le président a déclaré que la coalition devait quitter l'Irak à la fin de l'année. " * 4
    assert decode(text.encode("latin-1")).text == text


def test_crlf_normalised():
    assert decode(b"a\r\nb\rc").text == "a\nb\nc"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(0, 32)) * 20])
def test_binary_is_refused(data):
    with pytest.raises(DecodeError, match="binary"):
        decode(data)


def test_bom_that_lies_is_an_error():
    with pytest.raises(DecodeError, match="utf-8"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa bad")
