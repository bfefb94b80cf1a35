"""Builds SonoPath's own spaCy pipeline for Rasa's ``SpacyNLP`` component.

No pretrained model is downloaded: the pipeline is blank English plus the lookup lemmatizer from
``spacy-lookups-data`` (so "earns" and "earn" share features) and an entity ruler whose patterns
come from the knowledge base's role names and aliases (so new aliases need no retraining of an
extractor, only a rebuild of this pipeline). Role mentions, and the states and cities of the school
catalogue, each share one lemma, so the intent classifier learns the shape of a question rather than
the particular role or place its training examples happened to name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.language import Language

from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.reading.places import city_key
from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import plural_forms
from bot.schools.catalogue import SchoolCatalogue, default_catalogue

ROLE_LABEL = "role"
CREDENTIAL_LABEL = "credential"
# The lemma every token of a role mention gets, so the intent classifier learns the question's
# shape ("what about <role>?") instead of which role happened to be in the training example.
ROLE_LEMMA = "rolemention"
PIPELINE_NAME = "sonopath_en"
# The lemma of every token of a state or city name: "any in Nevada?" and "any in Ohio?" look alike,
# and an unknown short word ("aloha", "tnx") no longer resembles a place the data happened to name.
PLACE_LEMMA = "placemention"
# Cities with fewer institutions in the catalogue are rarely named and more often collide with words.
MIN_CITY_INSTITUTIONS = 5


def role_patterns(kb: KnowledgeBase) -> list[dict[str, object]]:
    """Token patterns for every role name and alias, case-insensitive, plural-tolerant."""
    tokenizer = spacy.blank("en").tokenizer
    patterns: dict[tuple, dict[str, object]] = {}
    for role in kb.roles.values():
        for alias in {role.name, role.plural, *role.aliases}:
            words = [token.lower_ for token in tokenizer(alias)]
            token_patterns: list[dict[str, object]] = [{"LOWER": word} for word in words[:-1]]
            token_patterns.append({"LOWER": {"IN": plural_forms(words[-1])}})
            key = (role.id, tuple(words))
            patterns[key] = {"label": ROLE_LABEL, "id": role.id, "pattern": token_patterns}
    return sorted(patterns.values(), key=lambda pattern: (str(pattern["id"]), str(pattern["pattern"])))


def credential_patterns(kb: KnowledgeBase) -> list[dict[str, object]]:
    """Credential abbreviations ("RDCS", "rdcs") and full names, case-insensitive."""
    tokenizer = spacy.blank("en").tokenizer
    patterns = []
    for credential in kb.credentials.values():
        for name in (credential.id, credential.full_name):
            tokens = [{"LOWER": token.lower_} for token in tokenizer(name)]
            patterns.append({"label": CREDENTIAL_LABEL, "id": credential.id, "pattern": tokens})
    return patterns


def _short_spellings(name: str, abbreviations: dict[str, str]) -> set[str]:
    """How people shorten a city name: "Saint Louis" -> "St. Louis" and "St Louis", "Fort Worth" -> "Ft. Worth"."""
    short_of = {long: short.title() for short, long in abbreviations.items()}
    words = name.split(" ")
    return {
        " ".join([*words[:index], form, *words[index + 1:]])
        for index, word in enumerate(words[:-1])
        if word.lower() in short_of
        for form in (short_of[word.lower()] + ".", short_of[word.lower()])
    }


def place_patterns(catalogue: SchoolCatalogue) -> list[list[dict[str, object]]]:
    """Token patterns, any case, for state names, the larger cities and the resolver's city aliases.

    Postal codes are not patterns: Rasa's ``SpacyNLP`` (``case_sensitive: false``) lowercases every
    message before spaCy sees it, and in lower case "in", "or", "me", "ok" and "hi" are words.
    """
    tokenizer = spacy.blank("en").tokenizer
    places = default_vocabulary().places
    names = set(catalogue.programs.state_names.values()) | set(places.city_aliases) | {
        city.name
        for city in catalogue.cities.values()
        if city.institutions >= MIN_CITY_INSTITUTIONS and city_key(city.name) not in places.cities_that_are_words
    }
    spellings = names | {name.replace("-", " ") for name in names} | {
        short for name in names for short in _short_spellings(name, places.city_abbreviations)
    }
    # "St. Louis" and "st. louis" split differently ("St." is a known abbreviation, "st." is not).
    token_lists = {
        tuple(token.lower_ for token in tokenizer(text)) for name in spellings for text in (name, name.lower())
    }
    return [[{"LOWER": word} for word in words] for words in sorted(token_lists)]


def lemma_rules(patterns: list[list[dict[str, object]]], lemma: str) -> list[dict[str, object]]:
    """Attribute-ruler rules that set ``lemma`` on every token of every pattern."""
    rules = []
    for tokens in patterns:
        for index in range(len(tokens)):
            rules.append({"patterns": [tokens], "attrs": {"LEMMA": lemma}, "index": index})
    return rules


def build_pipeline(kb: KnowledgeBase, catalogue: SchoolCatalogue) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # initialize() would empty the rulers, so they are added and filled afterwards.
    patterns = role_patterns(kb)
    attribute_ruler = nlp.add_pipe("attribute_ruler")
    attribute_ruler.add_patterns(lemma_rules(place_patterns(catalogue), PLACE_LEMMA))
    attribute_ruler.add_patterns(lemma_rules([pattern["pattern"] for pattern in patterns], ROLE_LEMMA))
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns + credential_patterns(kb))
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["description"] = "SonoPath: blank English, lookup lemmatizer, role and place lemmas, role ruler"
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write the pipeline to")
    args = parser.parse_args(argv)
    nlp = build_pipeline(default_knowledge_base(), default_catalogue())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    patterns = len(nlp.get_pipe("entity_ruler").patterns)
    print(f"spaCy pipeline written to {args.output} ({patterns} role patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
