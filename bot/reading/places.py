"""Reading a place as a person types it: a state, "Columbus, OH", "columbus ohio", "Columbus", "anywhere".

Names are compared ``fold``-ed, with the word lists of ``knowledge/reading.yml``; the states come
from ``programs.yml`` and the cities from the catalogue's gazetteer.
"""

from __future__ import annotations

import re

from bot.reading.vocabulary import PlaceWords, default_vocabulary
from bot.reading.words import fold
from bot.schools.results import City, Place


def city_key(name: str) -> str:
    """The key two spellings of one city share: "St. Louis", "SAINT LOUIS" and "Saint  Louis" agree."""
    abbreviations = default_vocabulary().places.city_abbreviations
    return " ".join(abbreviations.get(word, word) for word in fold(name).split())


class PlaceReader:
    """Resolves place text against the state names and the city gazetteer, read once."""

    def __init__(self, state_names: dict[str, str], cities: dict[tuple[str, str], City]) -> None:
        vocabulary = default_vocabulary()
        self._words: PlaceWords = vocabulary.places
        self._anywhere = frozenset([*vocabulary.places.anywhere, *vocabulary.no_preference])
        self._state_names = state_names
        self._cities = cities
        self._states: dict[str, str] = {}  # folded code or name -> code
        for code, name in state_names.items():
            self._states[code.lower()] = code
            self._states[fold(name)] = code
        self._by_city: dict[str, list[City]] = {}
        for (key, _state), city in cities.items():
            self._by_city.setdefault(key, []).append(city)
        for matches in self._by_city.values():
            matches.sort(key=lambda city: (-city.institutions, city.state))

    def state_code(self, text: str) -> str | None:
        """"ohio", "OH", "Oh." -> "OH"; None when the text is not a state or territory."""
        return self._states.get(fold(text))

    def resolve(self, text: str | None) -> Place | None:
        """The place ``text`` names, or None when it is no place the data knows or needs the person's location.

        A leading "near", "in", "around"... is ignored. A state name or code wins over a city of the
        same name ("Washington" is the state; "Washington, DC" or "Washington DC" is the city). A bare
        city name in several states is the one with most institutions, with the others in
        ``other_states``.
        """
        folded = fold(text or "")
        words = self._strip_prefixes(folded)
        if not words or words in self._words.needs_location:
            return None
        if words != folded and words in self._words.needs_location_after_lead:
            return None  # "near me" needs the person's location; a bare "ME" is Maine
        if words in self._anywhere:
            return Place.anywhere
        words = self._words.city_aliases.get(words, words)
        state = self._states.get(words)
        if state:
            return self._state_place(state)
        if "," in (text or ""):
            return self._comma_place(text or "")
        return self._spaced_place(words)

    def needs_location(self, phrase: str) -> bool:
        """Whether a phrase after "in", "near"... means where the person is ("near me", "around here")."""
        words = self._strip_prefixes(fold(phrase))
        return words in self._words.needs_location or words in self._words.needs_location_after_lead

    def is_english_word(self, word: str) -> bool:
        """A two-letter word read as English, not as a state code, when it is not in capitals ("in", "or")."""
        return fold(word) in self._words.words_not_codes

    def _strip_prefixes(self, words: str) -> str:
        """Drop "near", "in", "around the"... in front of a place, unless nothing would be left ("in" is Indiana)."""
        changed = True
        while changed:
            changed = False
            for prefix in self._words.prefixes:
                if words.startswith(prefix + " ") and words[len(prefix) + 1:]:
                    words = words[len(prefix) + 1:]
                    changed = True
        return words

    def _state_place(self, code: str, unknown_city: str | None = None) -> Place:
        return Place(kind="state", label=self._state_names[code], state=code, unknown_city=unknown_city)

    def _city_place(self, city: City, other_states: tuple[str, ...] = ()) -> Place:
        return Place(
            kind="city", label=f"{city.name}, {city.state}", state=city.state, city=city.name,
            latitude=city.latitude, longitude=city.longitude, other_states=other_states,
        )

    def _comma_place(self, text: str) -> Place | None:
        """"Columbus, OH", "Columbus, Ohio 43215" or "Columbus, OH, USA": after the last comma, a state."""
        city_part, state_part = text.rsplit(",", 1)
        if fold(state_part) in self._anywhere and "," in city_part:
            return self._comma_place(city_part)
        state = self.state_code(re.sub(r"\d", "", state_part))
        city_words = self._strip_prefixes(fold(city_part))
        if state is None or not city_words:
            return None
        city = self._cities.get((city_key(city_words), state))
        return self._city_place(city) if city else self._state_place(state, unknown_city=city_part.strip())

    def _spaced_place(self, words: str) -> Place | None:
        """"columbus ohio", "charleston west virginia", "helena mt", or a bare city name."""
        tokens = words.split()
        fallback: Place | None = None
        for size in (3, 2, 1):
            if len(tokens) <= size:
                continue
            state = self._states.get(" ".join(tokens[-size:]))
            if state is None:
                continue
            city_words = " ".join(tokens[:-size])
            city = self._cities.get((city_key(city_words), state))
            if city:
                return self._city_place(city)
            fallback = fallback or self._state_place(state, unknown_city=city_words)
        matches = self._by_city.get(city_key(words))
        if matches:
            return self._city_place(matches[0], tuple(city.state for city in matches[1:]))
        return fallback
