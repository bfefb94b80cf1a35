"""Paired 5-fold cross-validation: the same folds on every run, so two configurations can be compared.

`rasa test nlu --cross-validation` draws new folds on every run, and its macro-F1 moves by about
0.01 from run to run on this data: as much as the changes being judged. Here the folds are drawn
with a fixed seed from the examples of a *base* NLU file (by default, `data/nlu.yml` as committed
at HEAD; pass ``--base`` with a saved copy to keep comparing against the same folds after a
commit). Examples that are only in the current file are added to the training side of every fold
and never scored, so new training data is judged on the same questions as before; base examples
that are gone are left out of the fold they were in, without moving any other example.

    make paired-cv PAIRED_CONFIG=config.yml
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the config names the project's own components
FOLDS = 5


def intent_examples_by_key(path: Path) -> dict[tuple[str, str], object]:
    from rasa.shared.nlu.training_data.loading import load_data

    return {(example.get("intent"), example.get("text")): example for example in load_data(str(path)).intent_examples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "config.yml")
    parser.add_argument("--data", type=Path, default=REPO_ROOT / "data" / "nlu.yml")
    parser.add_argument("--base", type=Path, help="NLU file the folds come from (default: data/nlu.yml at HEAD)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "results" / "paired-cv")
    args = parser.parse_args(argv)

    import rasa.nlu.test
    from rasa.model_testing import perform_nlu_cross_validation
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    with tempfile.TemporaryDirectory() as scratch:
        base_path = args.base
        if base_path is None:
            base_path = Path(scratch) / "base_nlu.yml"
            relative = args.data.resolve().relative_to(REPO_ROOT).as_posix()
            committed = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=REPO_ROOT, check=True,
                                       capture_output=True, text=True).stdout
            base_path.write_text(committed)
        base_keys = sorted(intent_examples_by_key(base_path))

    data = load_data(str(args.data))
    current = {(example.get("intent"), example.get("text")): example for example in data.intent_examples}
    base_set = set(base_keys)
    train_only = [example for key, example in current.items() if key not in base_set]
    gone = sum(1 for key in base_keys if key not in current)
    print(f"{len(base_keys) - gone} examples scored in {FOLDS} fixed folds ({gone} base examples gone); "
          f"{len(train_only)} new ones train only", flush=True)

    def with_data_extras(examples: list) -> TrainingData:
        return TrainingData(training_examples=examples, entity_synonyms=data.entity_synonyms,
                            regex_features=data.regex_features, lookup_tables=data.lookup_tables,
                            responses=data.responses)

    def fixed_folds(n_folds: int, _training_data: TrainingData) -> Iterator[tuple[TrainingData, TrainingData]]:
        """Folds drawn over the base file's keys, so they do not move when the current data changes."""
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
