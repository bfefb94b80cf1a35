"""Rule matching that skips the rules whose last step needs another intent than the one just heard.

``RulePolicy._get_possible_keys`` (Rasa 3.6.21) checks every learnt rule against the conversation's
latest state, two or three times per message: with this project's 171 rules, nearly all of the
policy's matching work (bench/experiments.md, step 11). Most rules end in a state that names the
user's intent, and such a rule can only match a conversation whose latest state names the same
intent: ``_does_rule_match_state`` rejects any other. The replacement keeps, per lookup, the rules
grouped by that intent, and checks only the rules for the intent heard plus every rule without one,
with Rasa's own checks, from the latest state back. The rules it returns are the same.

A rule is grouped only where Rasa's check compares that intent: its last state follows an action (is
not a conversation start), and the intent is a plain name that must be set. Every other rule is
checked as Rasa checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import INTENT

from rasa_patches.patch import Patch, Replacement

# Where a policy keeps its groups, one per lookup (a policy has a lookup for rules and one for loops).
GROUPS_ATTRIBUTE = "_sonopath_rules_by_intent"


@dataclass
class RulesByIntent:
    """A lookup's rules: those whose last state needs an intent, by that intent, and all others."""

    by_intent: dict[str, set[str]] = field(default_factory=dict)
    others: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, policy: RulePolicy, lookup: dict[str, str]) -> RulesByIntent:
        groups = cls()
        for key in lookup:
            intent = needed_intent(policy._rule_key_to_state(key)[-1])
            if intent is None:
                groups.others.add(key)
            else:
                groups.by_intent.setdefault(intent, set()).add(key)
        return groups

    def candidates(self, latest: State) -> set[str]:
        """The rules that can match ``latest``. (At a conversation start, which follows no action,
        Rasa rejects every grouped rule: they all follow one.)"""
        heard = latest.get(USER, {}).get(INTENT)
        return self.others | self.by_intent.get(heard, set()) if isinstance(heard, str) else self.others.copy()


def needed_intent(rule_state: State) -> str | None:
    """The intent a rule's state requires, where Rasa's check compares it; else None."""
    intent = rule_state.get(USER, {}).get(INTENT)
    if not rule_state.get(PREVIOUS_ACTION) or not isinstance(intent, str) or not intent or intent == SHOULD_NOT_BE_SET:
        return None
    return intent


def groups_for(policy: RulePolicy, lookup: dict[str, str]) -> RulesByIntent:
    """The lookup's groups, made on first use. A loaded policy's lookups do not change; training
    removes rules from one while it checks them, so a lookup of another size is grouped again."""
    stored = policy.__dict__.setdefault(GROUPS_ATTRIBUTE, {})
    kept = stored.get(id(lookup))
    if kept is None or kept[0] is not lookup or kept[1] != len(lookup):
        kept = stored[id(lookup)] = (lookup, len(lookup), RulesByIntent.of(policy, lookup))
    return kept[2]


def possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """Rasa's ``RulePolicy._get_possible_keys``, starting from the rules that can match the latest state."""
    possible = groups_for(self, lookup).candidates(states[-1]) if states else set(lookup.keys())
    for turn_index, state in enumerate(reversed(states)):
        possible = {key for key in possible if self._is_rule_applicable(key, turn_index, state)}
    return possible


PATCH = Patch(
    "rule_matching",
    rasa_version="3.6.21",
    replacements=(Replacement(RulePolicy, "_get_possible_keys", possible_keys),),
)
