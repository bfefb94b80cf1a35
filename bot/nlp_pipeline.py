"""Builds SonoPath's own spaCy pipeline for Rasa's ``SpacyNLP`` component.

No pretrained model is downloaded: the pipeline is blank English plus the lookup lemmatizer from
``spacy-lookups-data`` (so "earns" and "earn" share features) and an entity ruler whose patterns
come from the knowledge base's role names and aliases (so new aliases need no retraining of an
extractor, only a rebuild of this pipeline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.language import Language

from bot.knowledge import KnowledgeBase, default_knowledge_base

ROLE_LABEL = "role"
CREDENTIAL_LABEL = "credential"
# The lemma every token of a role mention gets, so the intent classifier learns the question's
# shape ("what about <role>?") instead of which role happened to be in the training example.
ROLE_LEMMA = "rolemention"
PIPELINE_NAME = "sonopath_en"


def _plural_forms(word: str) -> list[str]:
    """The word and its regular plural, so "PACS admins" matches the alias "PACS admin"."""
    if word.endswith("s"):
        return [word]
    if word.endswith(("ch", "sh", "x")):
        return [word, word + "es", word + "s"]  # "coaches", but also "techs"
    return [word, word + "s"]


def role_patterns(kb: KnowledgeBase) -> list[dict[str, object]]:
    """Token patterns for every role name and alias, case-insensitive, plural-tolerant."""
    tokenizer = spacy.blank("en").tokenizer
    patterns: dict[tuple, dict[str, object]] = {}
    for role in kb.roles.values():
        for alias in {role.name, role.plural, *role.aliases}:
            words = [token.lower_ for token in tokenizer(alias)]
            token_patterns: list[dict[str, object]] = [{"LOWER": word} for word in words[:-1]]
            token_patterns.append({"LOWER": {"IN": _plural_forms(words[-1])}})
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


def role_lemma_rules(patterns: list[dict[str, object]]) -> list[dict[str, object]]:
    """Attribute-ruler rules that set ROLE_LEMMA on every token of every role pattern."""
    rules = []
    for pattern in patterns:
        tokens = pattern["pattern"]
        for index in range(len(tokens)):
            rules.append({"patterns": [tokens], "attrs": {"LEMMA": ROLE_LEMMA}, "index": index})
    return rules


def build_pipeline(kb: KnowledgeBase) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # initialize() would empty the rulers, so they are added and filled afterwards.
    patterns = role_patterns(kb)
    nlp.add_pipe("attribute_ruler").add_patterns(role_lemma_rules(patterns))
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns + credential_patterns(kb))
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["description"] = "SonoPath: blank English, lookup lemmatizer, knowledge-base role ruler"
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write the pipeline to")
    args = parser.parse_args(argv)
    nlp = build_pipeline(default_knowledge_base())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    patterns = len(nlp.get_pipe("entity_ruler").patterns)
    print(f"spaCy pipeline written to {args.output} ({patterns} role patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
