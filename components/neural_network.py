"""One hidden layer between SonoPath's weighted sparse features and the intents.

A logistic regression scores each intent from the features directly. A hidden layer first maps the
features to a few learnt units that all intents share, so words used alike in training end up close
together. On questions written apart from the training data (the blind development set
``bench/nlu_dev.yml``) that was right more often than the logistic regression, as Rasa's DIET is,
at a fraction of DIET's training time and without TensorFlow at prediction
(bench/experiments.md, step 8). The features, their weighting and the storage as plain arrays are
those of ``PlainLogisticRegressionClassifier``; training runs a fixed number of epochs from a fixed
seed, so the same data always gives the same model.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from components.logistic_regression import PlainLogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SparseNeuralNetworkClassifier(PlainLogisticRegressionClassifier):
    """A one-hidden-layer network (ReLU units, softmax over intents) on the weighted features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**PlainLogisticRegressionClassifier.get_default_config(), "hidden_units": 128, "alpha": 1e-3,
                "epochs": 60}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = MLPClassifier(
            hidden_layer_sizes=(int(self.config["hidden_units"]),),
            alpha=float(self.config["alpha"]),
            max_iter=int(self.config["epochs"]),
            random_state=self.config["random_state"],
        )

    def train(self, training_data: TrainingData) -> Resource:
        """Trains for exactly ``epochs`` passes; scikit-learn warns when it stops before its own
        convergence test, but a fixed number of epochs is the schedule here, as in DIET."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return super().train(training_data)

    def _estimator_arrays(self) -> dict[str, np.ndarray]:
        hidden_weights, output_weights = self.clf.coefs_
        hidden_bias, output_bias = self.clf.intercepts_
        return {"hidden_weights": hidden_weights, "hidden_bias": hidden_bias, "output_weights": output_weights,
                "output_bias": output_bias}

    def _restore_estimator(self, arrays: dict[str, np.ndarray]) -> None:
        self.clf.coefs_ = [arrays["hidden_weights"], arrays["output_weights"]]
        self.clf.intercepts_ = [arrays["hidden_bias"], arrays["output_bias"]]
        self.clf.n_layers_ = 3  # input, hidden, output
        self.clf.n_outputs_ = arrays["output_weights"].shape[1]
        self.clf.out_activation_ = "softmax" if self.clf.n_outputs_ > 1 else "logistic"
        self.clf.n_features_in_ = arrays["hidden_weights"].shape[0]
