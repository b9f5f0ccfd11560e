"""Turn the bytes of an input file into text, or say why that is impossible.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32), then strict
UTF-8, then detection by :mod:`charset_normalizer` for legacy single-byte
text (cp1252, latin-1, ...).  Nothing is guessed by hand.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are binary or in no encoding we can identify."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for data with NUL bytes (and no UTF-16/32 BOM) or mostly control bytes."""
    head = data[:sample]
    if _bom_encoding(head) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in head:
        return True
    control = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return bool(head) and control / len(head) > 0.1


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to NFC-normalised text with ``\\n`` line ends.

    Raises :class:`DecodeError` for binary or undecodable input.
    """
    if looks_binary(data):
        raise DecodeError("binary file (NUL or control bytes), not text")
    encoding = _bom_encoding(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"has a {encoding} byte-order mark but is not valid {encoding}: {exc}") from exc
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise DecodeError("undecodable: not UTF-8 and no encoding could be detected") from None
            text, encoding = str(best), best.encoding
            # Code pages that decode these bytes identically cannot be told apart;
            # name the commonest one for Western web text.
            try:
                if encoding != "cp1252" and data.decode("cp1252") == text:
                    encoding = "cp1252"
            except UnicodeDecodeError:
                pass
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(unicodedata.normalize("NFC", text), encoding)
