"""The trained model's rules, matched as the server matches them (rasa_patches.rule_matching): the same
rules as Rasa's own matching, for conversations made of the states the rules themselves contain."""

from __future__ import annotations

import copy
import json
import random

import pytest
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import INTENT

from rasa_patches import rule_matching
from tools.servers import MODEL

# Rasa's own matching, the yardstick.
rasas_possible_keys = rule_matching.PATCH.replacements[0].rasas
CONVERSATIONS = 3000


@pytest.fixture(scope="module")
def policy() -> RulePolicy:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make setup` first")
    nodes = Agent.load(str(MODEL)).processor.graph_runner._instantiated_nodes.values()
    components = (node._component for node in nodes)
    return next(component for component in components if isinstance(component, RulePolicy))


def state_pool(policy: RulePolicy) -> list[State]:
    """Every state in the rules, and each again with every intent the rules name, or none."""
    states = [state for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH])
              for key in lookup for state in json.loads(key)]
    intents = sorted({state[USER][INTENT] for state in states if isinstance(state.get(USER, {}).get(INTENT), str)})
    pool = list(states)
    for state in states:
        if PREVIOUS_ACTION not in state:
            continue
        for intent in [*intents, None]:
            changed = copy.deepcopy(state)
            if intent is None:
                changed.pop(USER, None)
            else:
                changed.setdefault(USER, {})[INTENT] = intent
            pool.append(changed)
    return pool


@pytest.mark.parametrize("lookup_name", [RULES, RULES_FOR_LOOP_UNHAPPY_PATH])
def test_the_rules_that_can_apply_are_the_ones_rasa_finds(policy: RulePolicy, lookup_name: str) -> None:
    lookup = policy.lookup[lookup_name]
    pool = state_pool(policy)
    chooser = random.Random(14)
    matched = 0
    for _ in range(CONVERSATIONS):
        states = [chooser.choice(pool) for _ in range(chooser.randint(0, 6))]
        ours = rule_matching.possible_keys(policy, lookup, states)
        assert ours == rasas_possible_keys(policy, lookup, states), states
        matched += bool(ours)
    assert matched > CONVERSATIONS // 20  # the comparison is not only of empty sets


def test_a_rule_s_own_states_find_the_rule(policy: RulePolicy) -> None:
    lookup = policy.lookup[RULES]
    for key in lookup:
        assert key in rule_matching.possible_keys(policy, lookup, json.loads(key))


def test_a_lookup_that_changes_size_is_grouped_again(policy: RulePolicy) -> None:
    lookup = dict(policy.lookup[RULES])
    key = next(iter(lookup))
    states = json.loads(key)
    assert key in rule_matching.possible_keys(policy, lookup, states)
    del lookup[key]  # as training removes a rule it found contradicting
    assert key not in rule_matching.possible_keys(policy, lookup, states)
