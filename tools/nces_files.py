"""Reading NCES IPEDS downloads as NCES publishes them: picking the newest release of a file, decoding
it, reading the columns an importer needs, and the codes shared by every IPEDS file.

Shared by ``tools.schools_import`` (directory and completions) and ``tools.ipeds_costs`` (charges
and distance education), so both read NCES layouts, encodings and errors the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

NOT_APPLICABLE = "-2"  # IPEDS's code for "not applicable", e.g. CLOSEDAT of an open institution
UTF8_BOM = b"\xef\xbb\xbf"


class SchoolsImportError(Exception):
    """An IPEDS input is missing, unreadable or lacks what the catalogue needs; the message names the file."""


def pick_release(ipeds_dir: Path, pattern: re.Pattern[str], what: str) -> tuple[Path, int]:
    """The newest release by the year in the file name; a revised (_rv) file beats the original."""
    found: dict[int, list[Path]] = defaultdict(list)
    for path in ipeds_dir.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found[int(match.group(1))].append(path)
    if not found:
        raise SchoolsImportError(f"{ipeds_dir}: no {what} file (expected a name like {what.lower()}.csv)")
    year = max(found)
    candidates = sorted(found[year])
    revised = [path for path in candidates if "_rv" in path.name.lower()]
    chosen = revised or candidates
    if len(chosen) > 1:
        names = ", ".join(path.name for path in chosen)
        raise SchoolsImportError(f"{ipeds_dir}: several {what} files for {year} ({names}); keep one")
    return chosen[0], year


def _decode(path: Path) -> str:
    """NCES files start with a UTF-8 byte-order mark but have been both UTF-8 and Windows-1252/latin-1
    inside (hd2024.csv is UTF-8 despite its documentation): try UTF-8, then cp1252, then latin-1."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SchoolsImportError(f"{path}: cannot read: {error.strerror or error}") from error
    data = data.removeprefix(UTF8_BOM)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_table(path: Path, required: Sequence[str], aliases: dict[str, str] | None = None) -> Iterator[
    tuple[int, dict[str, str]]
]:
    """Yield (line number, {column: text}) for the ``required`` columns of an NCES CSV file."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise SchoolsImportError(f"{path}: file is empty")
        names = [(aliases or {}).get(name.strip().upper(), name.strip().upper()) for name in header]
        missing = [name for name in required if name not in names]
        if missing:
            raise SchoolsImportError(f"{path}: missing column {', '.join(missing)}")
        index = {name: names.index(name) for name in required}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise SchoolsImportError(
                    f"{path}: line {reader.line_num}: expected {len(names)} fields, found {len(row)}"
                )
            yield reader.line_num, {name: row[position].strip() for name, position in index.items()}
    except csv.Error as error:
        raise SchoolsImportError(f"{path}: line {reader.line_num}: not valid CSV: {error}") from error


def whole_number(path: Path, line: int, column: str, text: str) -> int:
    if not re.fullmatch(r"-?\d+", text):
        raise SchoolsImportError(f"{path}: line {line}: column {column}: expected a whole number, found '{text}'")
    return int(text)


def normalize_cip(text: str) -> str:
    """"51.0910" stays; "51.091" or "1.0101" (a spreadsheet dropped the zeros) become "51.0910", "01.0101"."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,4})", text)
    return f"{match.group(1).zfill(2)}.{match.group(2).ljust(4, '0')}" if match else text
