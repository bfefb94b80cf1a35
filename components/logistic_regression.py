"""Rasa's LogisticRegressionClassifier, stored as plain arrays so the server starts fast.

Rasa 3.6 stores this classifier with skops. Importing ``skops.io`` scans every loaded module for
scikit-learn's public types, and in a Rasa server TensorFlow has loaded thousands: profiling
`rasa run` start-up (py-spy, bench/experiments.md) put that import at half the time to the first
answer. A fitted logistic regression is just its coefficients, intercepts and class names, so this
component stores those with ``numpy.savez`` (no pickle, so loading a model runs no code) and
rebuilds the same estimator. Training and prediction are Rasa's, except that the features can be
weighted first, each featurizer's sentence vector on its own: counts dampened to ``1 + log(count)``
(``sublinear_tf``), each feature weighted by how rare it is in the training messages
(``idf_weighting``, so "what" and "the" count less than "salary" or "rdcs"), and the vector scaled
to unit length (``scale_per_featurizer``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

ARRAYS_FILE = "logistic_regression.npz"


def _side_by_side(blocks: list[csr_matrix]) -> csr_matrix:
    """The blocks' columns next to each other; for one row (every message the server predicts)
    without ``hstack``'s conversions through coordinate format."""
    if blocks[0].shape[0] != 1:
        return hstack(blocks, format="csr")
    offsets = np.cumsum([0] + [block.shape[1] for block in blocks])
    data = np.concatenate([block.data for block in blocks])
    indices = np.concatenate([block.indices + offset for block, offset in zip(blocks, offsets, strict=False)])
    return csr_matrix((data, indices, np.array([0, len(data)])), shape=(1, int(offsets[-1])))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class PlainLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's classifier, stored as arrays, with the regularisation strength ``C`` configurable."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 1.0,
            "scale_per_featurizer": False,
            "sublinear_tf": False,
            "idf_weighting": False,
        }

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.C = float(self.config["C"])
        # One weight per feature of each featurizer, learnt from the training messages (idf_weighting).
        self.idf: list[np.ndarray] | None = None

    @property
    def _weights_features(self) -> bool:
        return any(self.config[option] for option in ("scale_per_featurizer", "sublinear_tf", "idf_weighting"))

    @staticmethod
    def _featurizer_blocks(messages: list[Message]) -> list[csr_matrix]:
        """One matrix per featurizer, in pipeline order: the messages' sentence vectors from it.

        Always fresh copies, so the weighting can change them in place without touching the
        messages' own features."""
        per_message = [
            [
                csr_matrix(features.features, dtype=np.float64, copy=True)
                for features in message.features
                if features.attribute == TEXT and features.type == FEATURE_TYPE_SENTENCE
            ]
            for message in messages
        ]
        if len(per_message) == 1:  # the server predicts one message at a time: nothing to stack
            return per_message[0]
        return [vstack(column).tocsr() for column in zip(*per_message, strict=True)]

    def _weighted(self, blocks: list[csr_matrix]) -> csr_matrix:
        """The configured weighting, applied in place to each featurizer's block (from
        ``_featurizer_blocks``) on its own, then the blocks side by side.

        Works on each block's stored values directly: the same numbers as multiplying by a
        diagonal matrix and calling ``sklearn.preprocessing.normalize``, at about a sixth of the
        cost per message (4.4 ms against 0.8 ms at this pipeline's feature sizes; the server
        profile had the general sparse products at 9% of its time).
        """
        for index, block in enumerate(blocks):
            block.sort_indices()
            if self.config["sublinear_tf"]:
                block.data = 1.0 + np.log(np.maximum(block.data, 1e-12))  # counts are 1 or more
            if self.idf is not None:
                block.data *= self.idf[index][block.indices]
            if self.config["scale_per_featurizer"]:
                inplace_csr_row_normalize_l2(block)
        return _side_by_side(blocks)

    @staticmethod
    def _inverse_document_frequency(block: csr_matrix) -> np.ndarray:
        """scikit-learn's smoothed idf: ln((1 + n) / (1 + df)) + 1, so a feature in every message
        keeps weight 1 and one never seen in training does not divide by zero."""
        block.eliminate_zeros()
        document_frequency = np.bincount(block.indices, minlength=block.shape[1])
        return np.log((1.0 + block.shape[0]) / (1.0 + document_frequency)) + 1.0

    def _create_X(self, messages: list[Message]) -> csr_matrix:  # noqa: N802 (Rasa's name)
        """The messages' features, weighted as configured: long messages and the many character
        n-grams do not outweigh the word and lexicon features, and common words count less."""
        if not self._weights_features:
            return super()._create_X(messages)
        return self._weighted(self._featurizer_blocks(messages))

    def train(self, training_data: TrainingData) -> Resource:
        """Rasa's training, with the idf weights learnt from the same messages first."""
        examples = [example for example in training_data.intent_examples if example.get(INTENT) and example.get(TEXT)]
        if not examples:
            return super().train(training_data)  # Rasa skips training and says so
        if self.config["idf_weighting"]:
            self.idf = [self._inverse_document_frequency(block) for block in self._featurizer_blocks(examples)]
        self.clf.fit(self._create_X(examples), [example.get(INTENT) for example in examples])
        self.persist()
        return self._resource

    def _estimator_arrays(self) -> dict[str, np.ndarray]:
        """The fitted estimator's own arrays; a subclass with another estimator stores its own."""
        return {"coef": self.clf.coef_, "intercept": self.clf.intercept_}

    def _restore_estimator(self, arrays: dict[str, np.ndarray]) -> None:
        """Puts the arrays of ``_estimator_arrays`` back into a fresh estimator."""
        # Fortran order makes coef_.T C-contiguous, so scikit-learn's sparse product does not copy the
        # whole matrix on every message (about ten times faster per prediction).
        self.clf.coef_, self.clf.intercept_ = np.asfortranarray(arrays["coef"]), arrays["intercept"]
        self.clf.n_features_in_ = arrays["coef"].shape[1]

    def persist(self) -> None:
        """Stores the estimator's arrays, the class names and the idf weights: all a fitted model
        needs to predict."""
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(
                model_dir / ARRAYS_FILE,
                **self._estimator_arrays(),
                classes=np.asarray(self.clf.classes_, dtype=str),
                idf=np.concatenate(self.idf) if self.idf else np.empty(0),
                idf_sizes=np.asarray([len(weights) for weights in self.idf or []], dtype=np.int64),
            )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> PlainLogisticRegressionClassifier:
        """Rebuilds the fitted estimator from the stored arrays, or an untrained one if none."""
        try:
            with model_storage.read_from(resource) as model_dir, np.load(
                model_dir / ARRAYS_FILE, allow_pickle=False
            ) as arrays:
                stored = {name: arrays[name] for name in arrays.files}
        except (ValueError, FileNotFoundError):  # nothing trained (no intents): an untrained component
            return cls.create(config, model_storage, resource, execution_context)
        component = cls(config, execution_context.node_name, model_storage, resource)
        component._restore_estimator(stored)
        component.clf.classes_ = stored["classes"].astype(object)
        if len(stored.get("idf_sizes", ())):  # models stored before idf weighting have none
            component.idf = np.split(stored["idf"], np.cumsum(stored["idf_sizes"])[:-1])
        return component
