"""Turn the bytes of an input file into text, or say why that is impossible.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without
a mark (every other byte NUL for Latin text); strict UTF-8; then legacy
single-byte text.  For that, detectors often pick cp1250 or mac_latin2 for
short Western-European samples ("naïve" becomes "naďve"), so cp1252 (a
superset of latin-1's printable range) is taken when it decodes the bytes and
the result is plausible text; :mod:`charset_normalizer` decides only
otherwise.
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


def utf16_without_bom(data: bytes, sample: int = 8192) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes read as UTF-16 text without a byte-order mark."""
    head = data[:sample - sample % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) / len(zeros) > 0.6 and other.count(0) / len(other) < 0.05:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return name
    return None


def _plausible(text: str) -> bool:
    """Readable text: letters dominate, almost no control characters, no C1 control range."""
    if not text:
        return False
    sample = text[:20000]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7f <= ord(c) < 0xa0)
    letters = sum(c.isalpha() for c in sample)
    return controls / len(sample) < 0.001 and letters / max(1, sum(not c.isspace() for c in sample)) > 0.6


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for data with NUL bytes (and no UTF-16/32 BOM or BOM-less UTF-16 shape) or mostly control bytes."""
    head = data[:sample]
    if _bom_encoding(head) in ("utf-16", "utf-32") or utf16_without_bom(data, sample):
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
    encoding = _bom_encoding(data) or utf16_without_bom(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"has a {encoding} byte-order mark but is not valid {encoding}: {exc}") from exc
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _single_byte(data)
    if not encoding.startswith("utf") and not _plausible(text):
        raise DecodeError(f"undecodable: not UTF-8, and as {encoding} it is not readable text")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(unicodedata.normalize("NFC", text), encoding)


def _single_byte(data: bytes) -> tuple[str, str]:
    """Legacy single-byte text: cp1252 when it reads plausibly, else what charset-normalizer finds."""
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable: not UTF-8 and no encoding could be detected")
    return str(best), best.encoding
