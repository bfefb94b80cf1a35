"""Off-topic examples derived from CLINC150: a few per intent plus the out-of-scope queries, none that
names sonography, written as Rasa training data; without the files, training goes on without them."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.clinc_examples import INTENT, main, off_topic_examples


def _clinc(directory: Path) -> Path:
    directory.mkdir()
    rows = [
        ("translate", "how do i say hello in french"),
        ("translate", "what is thanks in german"),
        ("translate", "translate cat to spanish"),
        ("salary", "what's my salary"),
        ("salary", "what's my salary"),
        ("weather", "will it rain today"),
        ("weather", "is an ultrasound scan safe in the heat"),
        ("weather", "see [this](link) forecast"),
    ]
    (directory / "in_scope_train.tsv").write_text("".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8")
    (directory / "oos_train.txt").write_text("how old is the moon\n\nwhat's my salary\n", encoding="utf-8")
    return directory


def test_a_few_requests_per_intent_and_every_out_of_scope_one_without_repeats(tmp_path: Path) -> None:
    examples = off_topic_examples(_clinc(tmp_path / "clinc"), per_intent=2)
    assert examples == [
        "how do i say hello in french",
        "what is thanks in german",
        "what's my salary",
        "will it rain today",
        "how old is the moon",
    ]


def test_the_written_file_is_training_data_for_out_of_scope(tmp_path: Path) -> None:
    out = tmp_path / "build" / "clinc.yml"
    assert main(["--clinc-dir", str(_clinc(tmp_path / "clinc")), "--out", str(out), "--per-intent", "1"]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    (block,) = data["nlu"]
    assert block["intent"] == INTENT
    assert block["examples"].splitlines() == [
        "- how do i say hello in french", "- what's my salary", "- will it rain today", "- how old is the moon"
    ]


def test_without_the_public_files_training_goes_on_with_no_examples(tmp_path: Path) -> None:
    out = tmp_path / "clinc.yml"
    assert main(["--clinc-dir", str(tmp_path / "missing"), "--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["nlu"] == []
