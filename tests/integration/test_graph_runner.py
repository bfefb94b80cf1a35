"""The server runs the trained model's graphs without dask (rasa_patches.graph_runner): the same answers as
Rasa's own runner."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.exceptions import GraphRunError
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.nlu.training_data.message import Message

from rasa_patches import graph_runner
from tools.servers import MODEL

# Rasa's own run, the yardstick.
run_with_dask = graph_runner.PATCH.replacements[0].rasas

QUESTIONS = [
    "what does a PACS administrator earn?",
    "what exams do I need to become an echocardiographer",
    "which role fits someone who likes teaching?",
    "schools in Ohio",
    "asdf qwerty",
]


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make setup` first")
    return Agent.load(str(MODEL))


def understanding(message: Message) -> dict:
    return {key: message.get(key) for key in ("text", "intent", "intent_ranking", "entities")}


def both_ways(agent: Agent, inputs: dict, target: str) -> tuple:
    runner = agent.processor.graph_runner
    return (
        run_with_dask(runner, inputs=inputs, targets=[target])[target],
        graph_runner.run_graph_in_order(runner, inputs=inputs, targets=[target])[target],
    )


@pytest.mark.parametrize("question", QUESTIONS)
def test_understanding_is_the_same_with_and_without_dask(agent: Agent, question: str) -> None:
    target = agent.processor.model_metadata.nlu_target
    with_dask, in_order = both_ways(agent, {"__message__": [UserMessage(question)]}, target)
    understood = [understanding(message) for message in in_order]
    assert understood == [understanding(message) for message in with_dask]
    assert understood[0]["intent"]["name"]


def test_the_next_action_is_the_same_with_and_without_dask(agent: Agent) -> None:
    parsed = asyncio.run(agent.parse_message(QUESTIONS[0]))
    tracker = agent.tracker_store.init_tracker("someone")
    for event in [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(QUESTIONS[0], parsed["intent"], parsed["entities"])]:
        tracker.update(event)
    target = agent.processor.model_metadata.core_target
    with_dask, in_order = both_ways(agent, {"__tracker__": tracker}, target)
    assert in_order.max_confidence > 0.5
    assert (in_order.probabilities, in_order.policy_name) == (with_dask.probabilities, with_dask.policy_name)


def test_an_input_named_like_a_node_is_refused(agent: Agent) -> None:
    runner = agent.processor.graph_runner
    node = next(iter(runner._graph_schema.nodes))
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        graph_runner.run_graph_in_order(runner, inputs={"__message__": node}, targets=[node])
