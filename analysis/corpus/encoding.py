"""Turn the bytes of an input file into text, or say why that is impossible.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without
a mark (every other byte NUL for Latin text); strict UTF-8; then legacy
single-byte text.  For that, detectors often pick cp1250 or mac_latin2 for
short Western-European samples ("naïve" becomes "naďve"), so cp1252 (a
superset of latin-1's printable range) is taken when it decodes the bytes and
the result is plausible text; :mod:`charset_normalizer` decides only
otherwise.

Two repairs, each reported in :attr:`Decoded.notes`: a file that is
overwhelmingly UTF-8 (its valid multi-byte characters far outnumber its
invalid bytes) is read as UTF-8 with each invalid byte replaced by U+FFFD,
rather than refused or read as cp1252 mojibake; NUL and other control
characters past the first 8 KB (where :func:`looks_binary` does not look)
are removed, unless there are so many that the file is binary after all.
"""
from __future__ import annotations

import codecs
import re
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
    notes: tuple[str, ...] = ()        # repairs made while decoding, one sentence each


# C0 controls but tab and line ends, DEL and the C1 range: no article holds them, a terminal or a spreadsheet
# acts on them.  Form and vertical feeds are page or line breaks: they become newlines.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROLS_OR_BREAKS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01     # more control characters than this (as a share of the text) and it is binary
_ESCAPED = re.compile("[\udc80-\udcff]")     # an invalid byte, as decoded with surrogateescape
_ASCII = bytes(range(128))
UTF8_MAJORITY = 3            # valid multi-byte UTF-8 characters per invalid byte for a file to count as UTF-8


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters (form and vertical feeds become newlines) and how many were removed."""
    if not _CONTROLS_OR_BREAKS.search(text):       # the usual case, at the cost of one scan
        return text, 0
    text, n = _CONTROLS.subn("", text)
    return text.translate(_BREAKS), n


def _control_note(n: int, nul: int) -> str:
    what = f"{nul} NUL byte{'s' if nul != 1 else ''}" if nul == n else (
        f"{n} control characters ({nul} of them NUL)" if nul else f"{n} control character{'s' if n != 1 else ''}")
    return f"{what} removed from the text"


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
    notes: list[str] = []
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
            text, encoding, bad = _mostly_utf8(data)
            if text is None:
                text, encoding = _single_byte(data, few_bad=bad <= max(1, len(data) // 1000))
            if encoding == "utf-8":
                notes.append(f"{bad} invalid UTF-8 byte{'s' if bad != 1 else ''} replaced with U+FFFD "
                             "(the rest of the file is valid UTF-8)")
    if not encoding.startswith("utf") and not _plausible(text):
        raise DecodeError(f"undecodable: not UTF-8, and as {encoding} it is not readable text")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.count("\x00")
    text, n_controls = strip_controls(text)
    if n_controls > MAX_CONTROL_SHARE * len(text):
        raise DecodeError(f"binary content: {n_controls} NUL or control characters ({nul} NUL) in "
                          f"{len(text) + n_controls} characters, not text")
    if n_controls:
        notes.append(_control_note(n_controls, nul))
    return Decoded(unicodedata.normalize("NFC", text), encoding, tuple(notes))


def _mostly_utf8(data: bytes) -> tuple[str | None, str, int]:
    """``(text, "utf-8", invalid bytes)`` when the bytes are UTF-8 but for a few invalid ones, else ``(None, "", n)``.

    Counts as UTF-8: valid multi-byte characters at least :data:`UTF8_MAJORITY` times the invalid bytes
    (legacy single-byte text almost never forms valid multi-byte sequences, so it does not qualify).
    """
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(text))
    high = len(data.translate(None, _ASCII))            # bytes >= 0x80
    multi = len(text) - (len(data) - high) - bad        # characters beyond ASCII, the invalid bytes aside
    if multi < UTF8_MAJORITY * bad:
        return None, "", bad
    return data.decode("utf-8", "replace"), "utf-8", bad


def _single_byte(data: bytes, few_bad: bool = False) -> tuple[str, str]:
    """Legacy single-byte text: cp1252 when it reads plausibly, else what charset-normalizer finds.

    ``few_bad``: the bytes are UTF-8 but for one in a thousand or fewer; when cp1252 does not read them
    (0x81 is no cp1252 character) they are UTF-8 with those bytes replaced, not a guess at another code page.
    """
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    if few_bad:
        return data.decode("utf-8", "replace"), "utf-8"
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable: not UTF-8 and no encoding could be detected")
    return str(best), best.encoding
