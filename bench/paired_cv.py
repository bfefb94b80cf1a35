"""Paired 5-fold cross-validation: the same folds on every run, so two configurations can be compared.

`rasa test nlu --cross-validation` draws new folds on every run, and its macro-F1 moves by about
0.01 from run to run on this data: as much as the changes being judged. Here the folds are drawn
with a fixed seed from the examples of the *base* NLU data (by default, every NLU file under `data/`
as committed at HEAD; pass ``--base`` with a saved copy to keep comparing against the same folds
after a commit). The folds depend on the examples alone, not on which file holds them. Examples that
are only in the current data are added to the training side of every fold and never scored, so new
training data is judged on the same questions as before; base examples that are gone are left out of
the fold they were in, without moving any other example.

    make paired-cv PAIRED_CONFIG=config.yml
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the config names the project's own components
FOLDS = 5


def nlu_data(path: Path) -> TrainingData:
    """Every NLU file at ``path`` (a file or a folder, at any depth), read and merged as `rasa train` does."""
    from rasa.shared.importers.rasa import RasaFileImporter

    return RasaFileImporter(training_data_paths=[str(path)]).get_nlu_data()


def intent_examples_by_key(data: TrainingData) -> dict[tuple[str, str], Message]:
    return {(example.get("intent"), example.get("text")): example for example in data.intent_examples}


def committed_copy(path: Path, scratch: Path) -> Path:
    """``path`` (a file or folder of the repository) as committed at HEAD, extracted under ``scratch``."""
    relative = path.resolve().relative_to(REPO_ROOT).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", "--", relative], cwd=REPO_ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / relative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "config.yml")
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "data", help="NLU data: a file or a folder")
    parser.add_argument("--base", type=Path, help="NLU data the folds come from (default: --data at HEAD)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "results" / "paired-cv")
    args = parser.parse_args(argv)

    import rasa.nlu.test
    from rasa.model_testing import perform_nlu_cross_validation
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    with tempfile.TemporaryDirectory() as scratch:
        base_path = args.base or committed_copy(args.data, Path(scratch))
        base_keys = sorted(intent_examples_by_key(nlu_data(base_path)))

    data = nlu_data(args.data)
    current = intent_examples_by_key(data)
    base_set = set(base_keys)
    train_only = [current[key] for key in sorted(current) if key not in base_set]
    gone = sum(1 for key in base_keys if key not in current)
    print(f"{len(base_keys) - gone} examples scored in {FOLDS} fixed folds ({gone} base examples gone); "
          f"{len(train_only)} new ones train only", flush=True)

    def with_data_extras(examples: list) -> TrainingData:
        return TrainingData(training_examples=examples, entity_synonyms=data.entity_synonyms,
                            regex_features=data.regex_features, lookup_tables=data.lookup_tables,
                            responses=data.responses)

    def fixed_folds(n_folds: int, _training_data: TrainingData) -> Iterator[tuple[TrainingData, TrainingData]]:
        """Folds drawn over the base data's keys, so they do not move when the current data changes."""
        splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=args.seed)
        labels = [intent for intent, _text in base_keys]
        present = [current.get(key) for key in base_keys]
        for train, test in splitter.split(base_keys, labels):
            yield (with_data_extras([present[i] for i in train if present[i]] + train_only),
                   with_data_extras([present[i] for i in test if present[i]]))

    rasa.nlu.test.generate_folds = fixed_folds  # the one thing that differs from `rasa test nlu`
    config = TrainingDataImporter.load_from_dict(config_path=str(args.config)).get_config()
    options = {"folds": FOLDS, "disable_plotting": True, "errors": True}
    asyncio.run(perform_nlu_cross_validation(config, data, str(args.out), options))

    report = json.loads((args.out / "intent_report.json").read_text())
    print(f"paired {FOLDS}-fold cross-validation: macro-F1 {report['macro avg']['f1-score']:.3f}, "
          f"accuracy {report['accuracy']:.3f} ({args.config.name}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
