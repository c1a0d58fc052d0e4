"""Turn the bytes of an input into text: encoding detection and newline normalisation.

The order of attempts is: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); strict
UTF-8; the encoding the document declares (`declared`, e.g. an HTML `<meta charset>`);
cp1252 when it yields plausible Western text; charset-normalizer's best guess; cp1252.
cp1252 is tried before charset-normalizer because on short texts with a few accented
letters or curly quotes charset-normalizer picks an arbitrary code page (cp1125 for
`b"caf\\xe9"`), while cp1252 is by far the most common legacy encoding of news text.

Whatever the encoding, CRLF and lone CR become LF and a leading BOM character is
dropped; nothing else is changed, so offsets into the text are offsets into the input.
"""

from __future__ import annotations

import codecs
import re

from ..errors import IngestError

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Non-ASCII characters that Western text in cp1252 plausibly holds besides letters.
_WESTERN_PUNCTUATION = frozenset("“”‘’„‚–—…•€£¥©®™°«»·§¶\u00a0¢±×÷¼½¾¡¿")
# Share of control characters above which a text is taken for binary data.
_MAX_CONTROL_SHARE = 0.05
# C0 and C1 control characters other than tab, LF, VT, FF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# UTF-16 surrogate code points: a JSON "\ud800" escape decodes to one, but alone it is
# not a character, so UTF-8 (spaCy's string store, SQLite, our output) cannot hold it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# ...and NUL, which PostgreSQL text cannot hold: both become U+FFFD, one for one.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# UTF-16 text is about half NUL bytes, UTF-32 three quarters; a stray NUL in UTF-8 is rare.
_MAX_NUL_SHARE = 0.05


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode the bytes of one input into normalised text.

    Args:
        data: The raw bytes, as read from a file or stdin.
        source: The input's name, used in error messages.
        declared: An encoding the document itself declares, tried after strict UTF-8.

    Returns:
        The text with CRLF and lone CR turned into LF and a leading BOM removed.

    Raises:
        IngestError: When the bytes look binary or no encoding decodes them.
    """
    text = _decode(data, source, declared)
    _check_not_binary(text, source)
    return replace_unstorable(normalise_newlines(text.removeprefix("\ufeff")))


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line breaks into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def replace_unstorable(text: str) -> str:
    """Replace each lone surrogate and NUL with U+FFFD, one for one, so offsets hold.

    `json.loads` joins an escaped surrogate pair into its character, so whatever is left
    is a half pair: usually an emoji cut in two by a scraper's truncation. NUL is a stray
    byte of a broken scrape; PostgreSQL refuses text that holds one.
    """
    return _UNSTORABLE.sub(REPLACEMENT, text)


def has_surrogates(text: str) -> bool:
    """Whether `text` holds a lone surrogate code point (see `replace_unstorable`)."""
    return _SURROGATE.search(text) is not None


def _decode(data: bytes, source: str, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise IngestError(
                    source,
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {error.start + len(bom)}); re-save the file "
                    "as UTF-8",
                ) from None
    if b"\x00" in data:
        nuls = data.count(b"\x00")
        if nuls <= _MAX_NUL_SHARE * len(data):  # a few stray NULs, not UTF-16/32 text:
            try:  # keep the text (a JSONL file's other lines) rather than refuse it all
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return _decode_nul_bytes(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    western = _plausible_cp1252(data)
    if western is not None:
        return western
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise IngestError(
            source,
            "could not be decoded: it is not UTF-8 and no other encoding fits; "
            "re-save the file as UTF-8",
        ) from None


def _decode_nul_bytes(data: bytes, source: str) -> str:
    """Decode BOM-less UTF-16/32 text; anything else with NUL bytes is binary."""
    guess = _charset_normalizer_guess(data, only_utf=True)
    if guess is None:
        raise IngestError(
            source,
            "looks like a binary file (it contains NUL bytes); newstrace reads plain text, "
            "HTML, JSONL and CSV. If it is UTF-16 text, save it with a byte-order mark or "
            "as UTF-8",
        )
    return guess


def _plausible_cp1252(data: bytes) -> str | None:
    """Return the cp1252 decoding when it reads as Western text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    distinct = {char for char in set(text) if not char.isascii()}
    if any(not char.isalpha() and char not in _WESTERN_PUNCTUATION for char in distinct):
        return None  # a symbol such as ³ or ¹ inside text hints at cp1250 or similar
    non_ascii_letters = sum(text.count(char) for char in distinct if char.isalpha())
    if non_ascii_letters > 0.3 * (non_ascii_letters + len(_ASCII_LETTER.findall(text))):
        return None  # mostly non-Latin letters: another code page fits better
    return text


def _charset_normalizer_guess(data: bytes, *, only_utf: bool = False) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or (only_utf and not best.encoding.startswith("utf")):
        return None
    return str(best)


def _check_not_binary(text: str, source: str) -> None:
    if not text:
        return
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise IngestError(
            source,
            f"looks like a binary file ({controls} of {len(text)} characters are control "
            "characters); newstrace reads plain text, HTML, JSONL and CSV",
        )
