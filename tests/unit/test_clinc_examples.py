"""Off-topic examples derived from CLINC150: a few per intent plus the out-of-scope queries, none that
names sonography, written as Rasa training data; without the files, training goes on without them."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.clinc_examples import INTENT, main, off_topic_examples, off_topic_requests


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
        ("greeting", "hello there"),
        ("what_can_i_ask_you", "what can i ask you"),
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
        "hello there",
        "what can i ask you",
        "how old is the moon",
    ]


def test_the_detector_gets_every_request_but_those_answered_in_kind(tmp_path: Path) -> None:
    requests = off_topic_requests(_clinc(tmp_path / "clinc"))
    assert requests == [
        "how do i say hello in french", "what is thanks in german", "translate cat to spanish", "what's my salary",
        "will it rain today", "how old is the moon",
    ]


def test_the_written_file_is_training_data_for_out_of_scope(tmp_path: Path) -> None:
    out = tmp_path / "build" / "clinc.yml"
    requests = tmp_path / "build" / "requests.txt"
    clinc = str(_clinc(tmp_path / "clinc"))
    assert main(["--clinc-dir", clinc, "--out", str(out), "--per-intent", "1", "--requests-out", str(requests)]) == 0
    assert requests.read_text(encoding="utf-8").splitlines() == off_topic_requests(Path(clinc))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    (block,) = data["nlu"]
    assert block["intent"] == INTENT
    assert block["examples"].splitlines() == [
        "- how do i say hello in french", "- what's my salary", "- will it rain today", "- hello there",
        "- what can i ask you", "- how old is the moon",
    ]


def test_without_the_public_files_training_goes_on_with_no_examples(tmp_path: Path) -> None:
    out = tmp_path / "clinc.yml"
    requests = tmp_path / "requests.txt"
    assert main(["--clinc-dir", str(tmp_path / "missing"), "--out", str(out), "--requests-out", str(requests)]) == 0
    assert requests.read_text(encoding="utf-8") == ""
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["nlu"] == []
