"""The NLU training, development and held-out files: disjoint, complete, and annotated with real roles."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.data import get_data_files, is_nlu_file

from bot.knowledge import KnowledgeBase
from tests.conftest import REPO_ROOT
from tools.topic_examples import OUTPUT as TOPIC_EXAMPLES

ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)")
HOLDOUT_FILES = sorted((REPO_ROOT / "tests" / "nlu").glob("*.yml"))
DEVELOPMENT_FILE = REPO_ROOT / "bench" / "nlu_dev.yml"


def examples(path: Path) -> list[tuple[str, str]]:
    """(intent, example) pairs of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    pairs.append((block["intent"], line.strip()[2:].strip()))
    return pairs


def plain(example: str) -> str:
    """What the classifier sees: role mentions are one token (see tools.spacy_pipeline), case and
    punctuation do not count."""
    masked = ANNOTATION.sub(lambda match: "rolemention" if match.group(2) == "role" else match.group(1), example)
    return " ".join(re.sub(r"[^\w\s]", " ", masked.lower()).split())


def domain_intents() -> set[str]:
    return set(yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])


# Every NLU file under data/ (the training data is split by feature), chosen as `rasa train` chooses.
TRAINING_FILES = [Path(path) for path in get_data_files([str(REPO_ROOT / "data")], is_nlu_file)]
TRAINING = [pair for path in TRAINING_FILES for pair in examples(path)]


@pytest.mark.parametrize("holdout", HOLDOUT_FILES, ids=lambda path: path.name)
def test_held_out_examples_are_not_in_the_training_data(holdout: Path) -> None:
    training = {plain(text) for _, text in TRAINING}
    shared = [text for _, text in examples(holdout) if plain(text) in training]
    assert shared == []


def test_the_development_set_shares_no_example_with_training_or_held_out_data() -> None:
    """bench/nlu_dev.yml chooses configurations; an example also trained on, or also in the final
    test, would make that choice look better than it is."""
    elsewhere = {plain(text) for _, text in TRAINING}
    elsewhere |= {plain(text) for holdout in HOLDOUT_FILES for _, text in examples(holdout)}
    shared = [text for _, text in examples(DEVELOPMENT_FILE) if plain(text) in elsewhere]
    assert shared == []
    assert {intent for intent, _ in examples(DEVELOPMENT_FILE)} == domain_intents()


def test_every_intent_has_at_least_five_held_out_examples() -> None:
    counts = Counter(intent for holdout in HOLDOUT_FILES for intent, _ in examples(holdout))
    assert {intent: counts[intent] for intent in domain_intents() if counts[intent] < 5} == {}


def test_every_intent_has_at_least_twenty_training_examples() -> None:
    counts = Counter(intent for intent, _ in TRAINING)
    assert {intent: counts[intent] for intent in domain_intents() if counts[intent] < 20} == {}


def test_each_intent_is_trained_from_one_file() -> None:
    """The training data is split by feature: an intent's examples sit together in its feature's file
    (the examples generated from the answer bank's topics beside the hand-written ones)."""
    files_by_intent: dict[str, set[str]] = {}
    for path in TRAINING_FILES:
        if path == TOPIC_EXAMPLES:
            continue
        for intent, _ in examples(path):
            files_by_intent.setdefault(intent, set()).add(path.relative_to(REPO_ROOT).as_posix())
    assert {intent: files for intent, files in files_by_intent.items() if len(files) > 1} == {}


def test_no_training_example_is_given_two_intents() -> None:
    intents_by_text: dict[str, set[str]] = {}
    for intent, text in TRAINING:
        intents_by_text.setdefault(plain(text), set()).add(intent)
    assert {text: intents for text, intents in intents_by_text.items() if len(intents) > 1} == {}


@pytest.mark.parametrize(
    "path",
    [*TRAINING_FILES, *HOLDOUT_FILES, DEVELOPMENT_FILE],
    ids=lambda path: path.relative_to(REPO_ROOT).as_posix(),
)
def test_every_annotation_names_a_knowledge_base_role_or_credential(kb: KnowledgeBase, path: Path) -> None:
    resolvers = {"role": kb.resolve_role, "credential": kb.resolve_credential}
    unknown = [
        (mention, entity)
        for _, text in examples(path)
        for mention, entity in ANNOTATION.findall(text)
        if entity not in resolvers or resolvers[entity](mention) is None
    ]
    assert unknown == []
