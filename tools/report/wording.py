"""Every sentence and heading the report prints, so its wording is changed in one place."""

from __future__ import annotations

DESCRIPTION = (
    "What SonoPath could not answer: messages that ended in the fallback, were refused as off-topic or were read "
    "with low confidence, grouped and counted, most frequent first. No sender id is shown; e-mail addresses, "
    "phone numbers and long digit runs are taken out of the texts."
)
HELP_ENDPOINTS = "the endpoints file naming the tracker store (default: SONOPATH_ENDPOINTS, else endpoints.yml)"
HELP_SINCE = "the first day, YYYY-MM-DD, local time"
HELP_UNTIL = "the last day, YYYY-MM-DD, included (default: up to now)"
HELP_DAYS = "the last N days, instead of dates (default {days})"
HELP_LOW_CONFIDENCE = "report answered messages read with a confidence below C (default {share})"
HELP_CSV = "also write the rows to this CSV file"

# The table and the CSV share these column headings, in this order.
COLUMNS = ("count", "category", "intent", "confidence", "text")
CUT = "…"  # ends a text cut to the table's width
TOTALS_SEPARATOR = " · "

HEADER = "What SonoPath could not answer from {start} to {end}: {reported} of {read} messages from people."
NOTHING_TO_REPORT = (
    "Nothing to report from {start} to {end}: all {read} messages from people were understood and answered."
)
NOTHING_READ = "Nothing to report from {start} to {end}: no message from people in that period."
CSV_WRITTEN = "The same rows are in {path}."
CATEGORY_TOTALS = "{category}: {count}"
NO_INTENT = "-"

# Why the run stopped: each is one line on stderr, and the command exits with ERROR_EXIT.
ENDPOINTS_MISSING = "No endpoints file at {path}: pass --endpoints FILE (or set SONOPATH_ENDPOINTS)."
ENDPOINTS_UNREADABLE = "Cannot read {path} as YAML: {reason}"
NO_TRACKER_STORE = "{path} configures no tracker store: Rasa keeps conversations in memory, with nothing to read."
NOT_SQL = "{path} configures a '{kind}' tracker store; the report reads Rasa's SQL tracker store (type: SQL)."
UNSET_VARIABLES = "{path} needs the environment variable(s) {names} for its tracker store."
BAD_PORT = "{path}: the tracker store's port '{port}' is not a number."
SQLITE_MISSING = "No tracker store at {path}: SonoPath has stored no conversation there yet (is it the right file?)."
UNREACHABLE = "Cannot read the tracker store at {url}: {reason}"
NO_EVENTS_TABLE = "The database at {url} has no Rasa 'events' table: is it SonoPath's tracker store?"
CSV_UNWRITABLE = "Cannot write {path}: {reason}"
BAD_PERIOD = "--until {until} is before --since {since}."
DAYS_WITH_DATES = "--days counts back from now: give it alone, or give --since and --until instead."
BAD_DATE = "'{value}' is not a date: write it as YYYY-MM-DD."
BAD_DAYS = "'{value}' is not a number of days from 1 to {most}."
OUT_OF_RANGE = "That period runs past the dates a calendar can count: choose days between 1900 and 9998."
BAD_SHARE = "'{value}' is not a confidence between 0 and 1."
ERROR_EXIT = 1
