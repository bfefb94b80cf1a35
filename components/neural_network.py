"""One hidden layer between SonoPath's weighted sparse features and the intents.

A logistic regression scores each intent from the features directly. A hidden layer first maps the
features to a few learnt units that all intents share, so words used alike in training end up close
together. On questions written apart from the training data (the blind development set
``bench/nlu_dev.yml``) that was right more often than the logistic regression, as Rasa's DIET is,
at a fraction of DIET's training time and without TensorFlow at prediction
(bench/experiments.md, step 8). The features, their weighting and the storage as plain arrays are
those of ``PlainLogisticRegressionClassifier``; training runs a fixed number of epochs from fixed
seeds, so the same data always gives the same model. With ``networks`` above one, that many
networks are trained from consecutive seeds and their probabilities averaged, which evens out what a
single seed happens to learn about the few examples near a boundary.
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

_ARRAY_NAMES = ("hidden_weights", "hidden_bias", "output_weights", "output_bias")


def _stored_name(name: str, index: int) -> str:
    """The first network's arrays keep their names from before there could be several, so a model
    stored then still loads."""
    return name if index == 0 else f"{name}_{index}"


class AveragedNetworks:
    """Networks trained on the same data from different seeds; their probabilities averaged.

    Prediction runs each network's forward pass itself: the same arithmetic as scikit-learn's
    ``predict_proba`` (ReLU, softmax), without its input checks on each network and message (half the
    classifier's time per message in the server, bench/experiments.md step 11)."""

    def __init__(self, networks: list[MLPClassifier]) -> None:
        self.networks = networks
        self.classes_: np.ndarray | None = None

    def fit(self, features: Any, labels: list[str]) -> AveragedNetworks:
        """Trains every network on the same rows; they differ only in their seeds."""
        for network in self.networks:
            network.fit(features, labels)
        self.classes_ = self.networks[0].classes_
        return self

    def predict_proba(self, features: Any) -> np.ndarray:
        """The networks' probabilities averaged: the intents' order is the same in each."""
        total = 0.0
        for network in self.networks:
            hidden = np.maximum(features @ network.coefs_[0] + network.intercepts_[0], 0.0)  # ReLU
            total = total + softmax(hidden @ network.coefs_[1] + network.intercepts_[1])
        return total / len(self.networks)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row's probabilities, computed as scikit-learn's output layer computes them."""
    exponentials = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SparseNeuralNetworkClassifier(PlainLogisticRegressionClassifier):
    """One-hidden-layer networks (ReLU units, softmax over intents) on the weighted features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**PlainLogisticRegressionClassifier.get_default_config(), "hidden_units": 128, "alpha": 1e-3,
                "epochs": 60, "networks": 1}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        if int(self.config["networks"]) < 1:
            raise ValueError(f"networks must be 1 or more, not {self.config['networks']}")
        seed = self.config["random_state"]
        self.clf = AveragedNetworks([
            MLPClassifier(
                hidden_layer_sizes=(int(self.config["hidden_units"]),),
                alpha=float(self.config["alpha"]),
                max_iter=int(self.config["epochs"]),
                random_state=None if seed is None else seed + index,
            )
            for index in range(int(self.config["networks"]))
        ])

    def train(self, training_data: TrainingData) -> Resource:
        """Trains for exactly ``epochs`` passes; scikit-learn warns when it stops before its own
        convergence test, but a fixed number of epochs is the schedule here, as in DIET."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return super().train(training_data)

    def _estimator_arrays(self) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {}
        for index, network in enumerate(self.clf.networks):
            values = (network.coefs_[0], network.intercepts_[0], network.coefs_[1], network.intercepts_[1])
            arrays.update({_stored_name(name, index): value for name, value in zip(_ARRAY_NAMES, values, strict=True)})
        return arrays

    def _restore_estimator(self, arrays: dict[str, np.ndarray]) -> None:
        stored = sum(name.startswith("hidden_weights") for name in arrays)
        self.clf.networks = [self._restored_network(arrays, index) for index in range(stored)]

    def _restored_network(self, arrays: dict[str, np.ndarray], index: int) -> MLPClassifier:
        hidden_weights, hidden_bias, output_weights, output_bias = (
            arrays[_stored_name(name, index)] for name in _ARRAY_NAMES
        )
        network = MLPClassifier(hidden_layer_sizes=(hidden_weights.shape[1],))
        network.coefs_ = [hidden_weights, output_weights]
        network.intercepts_ = [hidden_bias, output_bias]
        network.n_layers_ = 3  # input, hidden, output
        network.n_outputs_ = output_weights.shape[1]
        network.out_activation_ = "softmax" if network.n_outputs_ > 1 else "logistic"
        network.n_features_in_ = hidden_weights.shape[0]
        return network
