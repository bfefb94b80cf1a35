"""What SonoPath could not answer in a period, from the tracker store: `make report`.

    python -m tools.report [--endpoints FILE] [--since YYYY-MM-DD] [--until YYYY-MM-DD | --days N]
                           [--low-confidence C] [--csv PATH]

Prints a table to stdout, most frequent first; ``--csv`` writes the same rows. No sender id is ever
printed, and e-mail addresses, phone numbers and long digit runs are taken out of the texts.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tools.report import wording
from tools.report.store import StoreError, open_store, read_conversations
from tools.report.unanswered import CATEGORIES, LOW_CONFIDENCE_BELOW, Row, findings, rows

DEFAULT_DAYS = 7
MOST_DAYS = 36_500  # a hundred years: more is a typo, and would run off the calendar
DEFAULT_ENDPOINTS = "endpoints.yml"
TEXT_WIDTH = 80  # in the table; the CSV has the whole text
# A spreadsheet runs a cell that starts with one of these as a formula; people's texts must stay text.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive
    shown_start: str
    shown_end: str


def parse_date(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(wording.BAD_DATE.format(value=value)) from None


def parse_days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = 0
    if not 1 <= days <= MOST_DAYS:
        raise argparse.ArgumentTypeError(wording.BAD_DAYS.format(value=value, most=MOST_DAYS))
    return days


def parse_share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(wording.BAD_SHARE.format(value=value))
    return share


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def period(since: date | None, until: date | None, days: int | None, now: datetime) -> Period:
    """Whole local days from ``since`` through ``until`` (or now); without ``since``, the ``days`` (7)
    before that end."""
    end = local_midnight(until + timedelta(days=1)) if until else now
    start = local_midnight(since) if since else end - timedelta(days=days or DEFAULT_DAYS)
    shown_end = until.isoformat() if until else f"{end:%Y-%m-%d %H:%M}"
    shown_start = since.isoformat() if since else f"{start:%Y-%m-%d %H:%M}"
    return Period(start, end, shown_start, shown_end)


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(prog="python -m tools.report", description=wording.DESCRIPTION)
    endpoints = os.environ.get("SONOPATH_ENDPOINTS") or DEFAULT_ENDPOINTS  # as scripts/run.sh
    parse.add_argument("--endpoints", type=Path, default=Path(endpoints), metavar="FILE", help=wording.HELP_ENDPOINTS)
    parse.add_argument("--since", type=parse_date, metavar="DAY", help=wording.HELP_SINCE)
    parse.add_argument("--until", type=parse_date, metavar="DAY", help=wording.HELP_UNTIL)
    parse.add_argument("--days", type=parse_days, metavar="N", help=wording.HELP_DAYS.format(days=DEFAULT_DAYS))
    parse.add_argument("--low-confidence", type=parse_share, default=LOW_CONFIDENCE_BELOW, metavar="C",
                       help=wording.HELP_LOW_CONFIDENCE.format(share=LOW_CONFIDENCE_BELOW))
    parse.add_argument("--csv", type=Path, metavar="PATH", help=wording.HELP_CSV)
    return parse


def table(found: list[Row]) -> list[str]:
    """The rows as aligned plain text, the text last and cut to TEXT_WIDTH."""
    cells = [wording.COLUMNS] + [_cells(row, TEXT_WIDTH) for row in found]
    widths = [max(len(line[column]) for line in cells) for column in range(len(wording.COLUMNS) - 1)]
    lines = []
    for line in cells:
        count, *middle, text = line
        lines.append("  ".join([count.rjust(widths[0])] + [cell.ljust(width) for cell, width in
                                                             zip(middle, widths[1:], strict=True)] + [text]))
    return lines


def _cells(row: Row, text_width: int | None = None) -> tuple[str, ...]:
    text = row.text if text_width is None or len(row.text) <= text_width else row.text[: text_width - 1] + wording.CUT
    confidence = "" if row.confidence is None else f"{row.confidence:.2f}"
    return str(row.count), row.category, row.intent or wording.NO_INTENT, confidence, text


def write_csv(path: Path, found: list[Row]) -> None:
    """The table's rows, whole texts; a text a spreadsheet would run as a formula gets a leading quote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(wording.COLUMNS)
        for row in found:
            *cells, text = _cells(row)
            writer.writerow([*cells, "'" + text if text.startswith(FORMULA_STARTS) else text])


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # people's words on a terminal that cannot show them
    parse = parser()
    args = parse.parse_args(argv)
    if args.days and (args.since or args.until):
        parse.error(wording.DAYS_WITH_DATES)
    if args.since and args.until and args.until < args.since:
        parse.error(wording.BAD_PERIOD.format(since=args.since, until=args.until))
    try:
        span = period(args.since, args.until, args.days, datetime.now().astimezone())
    except (OverflowError, ValueError):  # a day at the very end or start of the calendar
        parse.error(wording.OUT_OF_RANGE)
    try:
        store = open_store(args.endpoints)
        result = findings(read_conversations(store, span.start.timestamp(), span.end.timestamp()),
                          span.start.timestamp(), span.end.timestamp(), args.low_confidence)
    except StoreError as error:
        print(error, file=sys.stderr)
        return wording.ERROR_EXIT
    found = rows(result.messages)
    if found:
        print(wording.HEADER.format(start=span.shown_start, end=span.shown_end, reported=len(result.messages),
                                    read=result.read))
        totals = Counter(message.category for message in result.messages)
        print(wording.TOTALS_SEPARATOR.join(
            wording.CATEGORY_TOTALS.format(category=kind, count=totals[kind]) for kind in CATEGORIES))
        print()
        print("\n".join(table(found)))
    else:
        nothing = wording.NOTHING_TO_REPORT if result.read else wording.NOTHING_READ
        print(nothing.format(start=span.shown_start, end=span.shown_end, read=result.read))
    if args.csv:
        try:
            write_csv(args.csv, found)
        except OSError as error:
            print(wording.CSV_UNWRITABLE.format(path=args.csv, reason=error.strerror or error), file=sys.stderr)
            return wording.ERROR_EXIT
        print(wording.CSV_WRITTEN.format(path=args.csv))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head or less, which stopped reading: not an error of the report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
