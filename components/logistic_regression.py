"""Rasa's LogisticRegressionClassifier, stored as plain arrays so the server starts fast.

Rasa 3.6 stores this classifier with skops. Importing ``skops.io`` scans every loaded module for
scikit-learn's public types, and in a Rasa server TensorFlow has loaded thousands: profiling
`rasa run` start-up (py-spy, bench/experiments.md) put that import at half the time to the first
answer. A fitted logistic regression is just its coefficients, intercepts and class names, so this
component stores those with ``numpy.savez`` (no pickle, so loading a model runs no code) and
rebuilds the same estimator. Training and prediction are Rasa's, except that each featurizer's
sentence vector can be scaled to unit length first (``scale_per_featurizer``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.preprocessing import normalize

ARRAYS_FILE = "logistic_regression.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class PlainLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's classifier, stored as arrays, with the regularisation strength ``C`` configurable."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "scale_per_featurizer": False}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.C = float(self.config["C"])

    def _create_X(self, messages: list[Message]) -> csr_matrix:  # noqa: N802 (Rasa's name)
        """Each featurizer's sentence vector scaled to unit length when configured, so that long
        messages and the many character n-grams do not outweigh the word and lexicon features."""
        if not self.config["scale_per_featurizer"]:
            return super()._create_X(messages)
        rows = []
        for message in messages:
            blocks = [
                normalize(csr_matrix(features.features))
                for features in message.features
                if features.attribute == TEXT and features.type == FEATURE_TYPE_SENTENCE
            ]
            rows.append(hstack(blocks))
        return vstack(rows).tocsr()

    def persist(self) -> None:
        """Stores coefficients, intercepts and class names: all a fitted model needs to predict."""
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(
                model_dir / ARRAYS_FILE,
                coef=self.clf.coef_,
                intercept=self.clf.intercept_,
                classes=np.asarray(self.clf.classes_, dtype=str),
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
                coef, intercept, classes = arrays["coef"], arrays["intercept"], arrays["classes"]
        except (ValueError, FileNotFoundError):  # nothing trained (no intents): an untrained component
            return cls.create(config, model_storage, resource, execution_context)
        component = cls(config, execution_context.node_name, model_storage, resource)
        # Fortran order makes coef_.T C-contiguous, so scikit-learn's sparse product does not copy the
        # whole matrix on every message (about ten times faster per prediction).
        component.clf.coef_, component.clf.intercept_ = np.asfortranarray(coef), intercept
        component.clf.classes_ = classes.astype(object)
        component.clf.n_features_in_ = coef.shape[1]
        return component
