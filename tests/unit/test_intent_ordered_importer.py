"""The training-data importer gives the NLU examples in domain.yml's intent order, whichever feature
file holds them, so the split of data/ into files does not change the trained model."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import INTENT, TEXT

from components.intent_ordered_importer import IntentOrderedImporter
from tests.conftest import REPO_ROOT


def _write_feature_layout(root: Path) -> tuple[Path, Path]:
    """A domain listing greet before goodbye; goodbye's file comes first in path order."""
    domain = root / "domain.yml"
    domain.write_text('version: "3.1"\nintents:\n  - greet\n  - goodbye\n', encoding="utf-8")
    data = root / "data"
    (data / "farewells").mkdir(parents=True)
    (data / "farewells" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: goodbye\n  examples: |\n    - bye\n    - see you\n', encoding="utf-8"
    )
    (data / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n    - hello\n', encoding="utf-8"
    )
    return domain, data


def test_examples_come_in_the_domains_intent_order_not_the_files_order(tmp_path: Path) -> None:
    domain, data = _write_feature_layout(tmp_path)

    def texts(importer: RasaFileImporter) -> list[str]:
        return [example.get(TEXT) for example in importer.get_nlu_data().intent_examples]

    assert texts(RasaFileImporter(domain_path=str(domain), training_data_paths=[str(data)])) == [
        "bye", "see you", "hi", "hello"
    ]
    assert texts(IntentOrderedImporter(domain_path=str(domain), training_data_paths=[str(data)])) == [
        "hi", "hello", "bye", "see you"
    ]


def test_the_project_config_trains_on_data_in_the_domains_intent_order() -> None:
    importer = TrainingDataImporter.load_nlu_importer_from_config(
        str(REPO_ROOT / "config.yml"), str(REPO_ROOT / "domain.yml"), [str(REPO_ROOT / "data")]
    )
    intents = [example.get(INTENT) for example in importer.get_nlu_data().intent_examples]
    listed = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    runs = [intent for index, intent in enumerate(intents) if index == 0 or intents[index - 1] != intent]
    assert runs == listed  # each intent's examples together, intents as the domain lists them
