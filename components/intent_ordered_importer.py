"""Rasa's file importer, with the NLU examples listed intent by intent in domain.yml's order.

The training data is split by feature (data/nlu.yml and data/<feature>/nlu.yml). Rasa reads a folder
file by file in path order, so the order of the examples, and with it the mini-batches the intent
classifier is trained on from its fixed seed, would depend on which file an intent sits in: moving
an intent to another feature file would train a slightly different model. Ordered by the domain's
intents, the examples come in the same order however they are spread over the files (the order of
the single data/nlu.yml the split came from, so the model did not change with the split). The
order needs the domain: `rasa train nlu` reads none unless given `--domain domain.yml`.
"""

from __future__ import annotations

from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.training_data import TrainingData


class IntentOrderedImporter(RasaFileImporter):
    """Reads the files as ``RasaFileImporter`` does; the NLU examples come ordered by the domain's
    intents, each intent's examples in the order the files give them."""

    def get_nlu_data(self, language: str | None = "en") -> TrainingData:
        data = super().get_nlu_data(language)
        # Listing order; intents the domain does not name (rasa data validate reports them) go last.
        position = {intent: index for index, intent in enumerate(self.get_domain().intent_properties)}
        examples = sorted(data.training_examples, key=lambda example: position.get(example.get(INTENT), len(position)))
        return TrainingData(examples, data.entity_synonyms, data.regex_features, data.lookup_tables, data.responses)
