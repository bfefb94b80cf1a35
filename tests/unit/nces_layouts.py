"""Writing files as NCES does; small IPEDS Institutional Characteristics files in NCES's layouts for
the institutions of ``test_schools_import``'s fixture: charges 2022-23 (IC2022_AY), program
reporters' charges 2023-24 (IC2023_PY) and distance education 2024-25 (IC2024); and the raw files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SHARED_IPEDS_DIR = REPO_ROOT.parent / "shared" / "data" / "ipeds"


def raw_ipeds_dir() -> Path:
    """The raw files live outside the repository: skip without them, but fail in CI, where they must be."""
    if not SHARED_IPEDS_DIR.is_dir():
        message = f"raw IPEDS files not found at {SHARED_IPEDS_DIR}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_IPEDS_DIR


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    """NCES style: CRLF line ends, quotes only where a field needs them."""
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(f'"{cell}"' if "," in cell or '"' in cell else cell for cell in row))
    return "\r\n".join(lines) + "\r\n"


def write_nces(path: Path, header: list[str], rows: list[list[str]], encoding: str = "latin-1") -> Path:
    """Write a file as NCES does: a UTF-8 byte-order mark, then the text (latin-1 unless told)."""
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(header, rows).encode(encoding))
    return path


# The first columns of NCES's IC2022_AY.csv, in order (the fixture needs no others).
AY_HEADER_LINE = (
    "UNITID,XTUIT1,TUITION1,XFEE1,FEE1,XHRCHG1,HRCHG1,XTUIT2,TUITION2,XFEE2,FEE2,XHRCHG2,HRCHG2,XTUIT3,TUITION3,XFEE3,"
    "FEE3,XHRCHG3,HRCHG3"
)
AY_HEADER = AY_HEADER_LINE.split(",")
# NCES's IC2023_PY.csv header, CHG5-9 (room, board and other expenses) left out.
PY_HEADER = (
    "UNITID,PRGMOFR,CIPCODE1,XCIPTUI1,CIPTUIT1,XCIPSUP1,CIPSUPP1,XCIPLGT1,CIPLGTH1,PRGMSR1,XMTHCMP1,MTHCMP1,XWKCMP1,"
    "WKCMP1,XLNAYHR1,LNAYHR1,XLNAYWK1,LNAYWK1,XCHG1PY0,CHG1PY0,XCHG1PY1,CHG1PY1,XCHG1PY2,CHG1PY2,XCHG1PY3,CHG1PY3,"
    "XCHG4PY0,CHG4PY0,XCHG4PY1,CHG4PY1,XCHG4PY2,CHG4PY2,XCHG4PY3,CHG4PY3,"
    + ",".join(
        f"CIPCODE{n},XCIPTUI{n},CIPTUIT{n},XCIPSUP{n},CIPSUPP{n},XCIPLGT{n},CIPLGTH{n},PRGMSR{n},XMTHCMP{n},MTHCMP{n}"
        for n in range(2, 7)
    )
).split(",")
# Columns 82-93 of NCES's IC2024.csv: the distance-education questions.
IC_HEADER_LINE = (
    "UNITID,DSTNUGC,DSTNUGP,DSTNUGN,DSTNGC,DSTNGP,DSTNGN,DISTCRS,DISTPGS,DSTNCED1,DSTNCED2,DSTNCED3,DISTNCED"
)
IC_HEADER = IC_HEADER_LINE.split(",")

CHARGES = [
    # Public: in-district, in-state and out-of-state tuition + fees differ.
    {"UNITID": "100001", "TUITION1": "4000", "FEE1": "500", "TUITION2": "6000", "FEE2": "500", "TUITION3": "12000",
     "FEE3": "500"},
    # A program reporter: no academic-year charges.
    {"UNITID": "100002", "TUITION1": ".", "FEE1": ".", "TUITION2": ".", "FEE2": ".", "TUITION3": ".", "FEE3": "."},
    {"UNITID": "100005", "TUITION1": "9000", "FEE1": "0", "TUITION2": "9000", "FEE2": "0", "TUITION3": "9000",
     "FEE3": "0"},  # not in the catalogue
    # The out-of-state fee is missing, so the out-of-state sum is too.
    {"UNITID": "100006", "TUITION1": "20000", "FEE1": "500", "TUITION2": "20000", "FEE2": "500", "TUITION3": "20000",
     "FEE3": "."},
]
UNUSED_SLOT = {"CIPCODE": "-2", "CIPTUIT": ".", "CIPSUPP": ".", "MTHCMP": "."}


def program_row(unitid: str, slots: list[dict[str, str]], largest: tuple[str, str] = (".", ".")) -> dict[str, str]:
    """A PY row: up to six program slots ({CIPCODE, CIPTUIT, CIPSUPP, MTHCMP}); ``largest`` is the
    largest program's (CHG1PY3, CHG4PY3) when reported as its price of attendance."""
    row = {"UNITID": unitid, "PRGMOFR": str(len(slots)), "CHG1PY3": largest[0], "CHG4PY3": largest[1]}
    for number, slot in enumerate([*slots, *[UNUSED_SLOT] * (6 - len(slots))], start=1):
        row.update({f"{name}{number}": value for name, value in slot.items()})
    return row


PROGRAM_CHARGES = [
    # Two sonography programs: the largest with its charges in CHG1PY3/CHG4PY3 and its CIP code
    # without the trailing zero, a second one without books and supplies, and a cosmetology program.
    program_row("100002", [
        {"CIPCODE": "51.091", "CIPTUIT": ".", "CIPSUPP": ".", "MTHCMP": "20"},
        {"CIPCODE": "51.091", "CIPTUIT": "45000", "CIPSUPP": ".", "MTHCMP": "30"},
        {"CIPCODE": "12.0401", "CIPTUIT": "9000", "CIPSUPP": "700", "MTHCMP": "10"},
    ], largest=("30000", "1200")),
    # Cardiovascular technology reported in its slot; its sonography program is not in the catalogue.
    program_row("100006", [
        {"CIPCODE": "51.0901", "CIPTUIT": "25000", "CIPSUPP": "800", "MTHCMP": "18"},
        {"CIPCODE": "51.091", "CIPTUIT": "31000", "CIPSUPP": "900", "MTHCMP": "20"},
    ]),
    program_row("100005", [{"CIPCODE": "51.091", "CIPTUIT": "40000", "CIPSUPP": "1000", "MTHCMP": "24"}]),
]
DISTANCE = [
    {"UNITID": "100001", "DISTPGS": "1", "DISTNCED": "2"},
    {"UNITID": "100002", "DISTPGS": "0", "DISTNCED": "2"},
    {"UNITID": "100005", "DISTPGS": "1", "DISTNCED": "1"},
    {"UNITID": "100006", "DISTPGS": "-2", "DISTNCED": "-2"},  # not applicable: no flags
]


def rows_of(header: list[str], records: list[dict[str, str]]) -> list[list[str]]:
    return [[record.get(column, "") for column in header] for record in records]


def write_cost_files(folder: Path) -> None:
    """Write the three files into ``folder``."""
    write_nces(folder / "IC2022_AY.csv", AY_HEADER, rows_of(AY_HEADER, CHARGES))
    write_nces(folder / "ic2023_py.csv", PY_HEADER, rows_of(PY_HEADER, PROGRAM_CHARGES))
    write_nces(folder / "IC2024.csv", IC_HEADER, rows_of(IC_HEADER, DISTANCE))
