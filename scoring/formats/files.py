"""Reading an import file into JSON, refusing in one line anything that is not JSON text.

Import files come from outside (downloads, operators' disks), so a file may be empty,
truncated, not UTF-8, nested deeper than the parser's recursion limit, or hold an integer
longer than Python's digit limit; each is a one-line refusal, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ImportFileError(ValueError):
    """An unreadable import file; the message is one line that starts with the path."""


def json_file_read(path: str | Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path}: not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise ImportFileError(f"{path}: empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path}: not JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{path}: JSON nested too deeply") from None
    except ValueError as error:  # an integer beyond sys.get_int_max_str_digits()
        raise ImportFileError(f"{path}: not usable JSON ({error})") from None
