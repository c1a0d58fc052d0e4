"""Tests of `newstrace.ingest.decode`: encodings, newlines, binary detection."""

from __future__ import annotations

import codecs

import pytest

from newstrace.errors import IngestError
from newstrace.ingest.decode import decode_bytes

TEXT = "Café “quoted” – naïve\nsecond line"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_decode_reads_bom_encodings_and_drops_the_bom(bom, encoding):
    assert decode_bytes(bom + TEXT.encode(encoding), "x.txt") == TEXT


def test_decode_reads_plain_utf8_unchanged():
    text = "  leading and trailing space kept  \n\n"
    assert decode_bytes(text.encode("utf-8"), "x.txt") == text


def test_decode_falls_back_to_cp1252_for_short_western_text():
    assert decode_bytes(b"caf\xe9 \x93quoted\x94", "x.txt") == "café “quoted”"


def test_decode_uses_declared_charset_after_utf8_fails():
    data = "Привет, мир".encode("koi8-r")
    assert decode_bytes(data, "x.html", declared="koi8-r") == "Привет, мир"


def test_decode_guesses_non_western_code_pages():
    text = "Привет мир, как дела у тебя сегодня? Всё хорошо, спасибо большое."
    assert decode_bytes(text.encode("cp1251"), "x.txt") == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(b"a\r\nb\r\n", "a\nb\n"), (b"a\rb\r", "a\nb\n"), (b"a\r\n\rb", "a\n\nb")],
)
def test_decode_turns_crlf_and_lone_cr_into_lf(raw, expected):
    assert decode_bytes(raw, "x.txt") == expected


def test_decode_rejects_nul_bytes_as_binary():
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.txt")


def test_decode_rejects_text_that_is_mostly_control_characters():
    with pytest.raises(IngestError, match="control characters"):
        decode_bytes(bytes(range(1, 9)) * 20 + b"abc", "blob.txt")


def test_decode_names_the_source_and_fix_when_a_bom_lies():
    with pytest.raises(IngestError) as raised:
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe broken", "bad.txt")
    assert raised.value.source == "bad.txt"
    assert "UTF-8" in str(raised.value) and "re-save" in str(raised.value)
