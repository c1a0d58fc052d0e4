"""Read TimeML `.tml` files (TempEval-3 format): the document text, its DCT and gold TIMEX3s.

Offsets are counted on the content of the `TEXT` element as the XML parser yields it:
entities such as `&amp;` count as the one character they stand for, and CRLF line ends
arrive as LF. The document creation time (DCT) is the TIMEX3 whose
`functionInDocument` is `CREATION_TIME`; it usually sits in the `DCT` element, outside
`TEXT`, and is never one of the gold expressions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalDataNotFound


@dataclass(frozen=True, slots=True)
class Timex:
    """A gold TIMEX3: its offsets into the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    tid: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """One TimeML document: text, creation date (YYYY-MM-DD) and gold TIMEX3s."""

    name: str
    text: str
    dct: str | None
    timexes: tuple[Timex, ...]


def tml_files(folder: Path) -> list[Path]:
    """Every `.tml` file under `folder`, sorted by path.

    Raises:
        EvalDataNotFound: the folder is missing or holds no `.tml` file.
    """
    folder = Path(folder)
    files = sorted(folder.rglob("*.tml")) if folder.is_dir() else []
    if not files:
        raise EvalDataNotFound(str(folder), "TimeML .tml files (e.g. TimeBank/*.tml)")
    return files


def _walk(element: ET.Element, parts: list[str], timexes: list[Timex], offset: int) -> int:
    """Append the text under `element` to `parts`, recording TIMEX3 offsets; return offset."""
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _walk(child, parts, timexes, offset)
        if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
            timexes.append(
                Timex(
                    start=start,
                    end=offset,
                    text="".join(child.itertext()),
                    type=child.get("type", ""),
                    value=child.get("value"),
                    tid=child.get("tid", ""),
                )
            )
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_tml(path: Path) -> TimeMLDoc:
    """Read one `.tml` file.

    Args:
        path (Path): the file.

    Returns:
        TimeMLDoc: its text (the `TEXT` element's content), DCT date and gold TIMEX3s.
    """
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = (timex.get("value") or "")[:10] or None
            break
    text_element = root.find("TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    if text_element is not None:
        _walk(text_element, parts, timexes, 0)
    return TimeMLDoc(name=path.stem, text="".join(parts), dct=dct, timexes=tuple(timexes))
