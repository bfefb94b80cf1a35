"""Tests for bot.schools: programs.yml, place resolution, searches and alternatives on the committed catalogue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeBase
from bot.reading.levels import resolve_credential
from bot.render.schools import alternative_text, honesty_text
from bot.schools.catalogue import (
    MAX_RADIUS_MILES,
    MIN_NEARBY_RESULTS,
    SchoolCatalogue,
    SchoolsQueryError,
    default_catalogue,
    load_catalogue,
)
from bot.schools.programs import PROGRAMS_FILE, SchoolsDataError, load_programs
from bot.schools.results import Place
from bot.schools.sql import haversine_miles
from bot.schools.tables import CATALOGUE_FILE, CITIES_FILE

SONOGRAPHER = "diagnostic_medical_sonographer"
SONOGRAPHY = "51.0910"
STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
STATES_AND_DC = set(STATE_CODES.split())


@pytest.fixture(scope="module")
def catalogue() -> SchoolCatalogue:
    return default_catalogue()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def place(catalogue: SchoolCatalogue, text: str) -> Place:
    resolved = catalogue.resolve_place(text)
    assert resolved is not None, text
    return resolved


def all_pages(catalogue: SchoolCatalogue, *args, page_size: int = 50, **kwargs) -> list:
    found, page = [], 0
    while True:
        result = catalogue.search(*args, page=page, page_size=page_size, **kwargs)
        found += result.rows
        if not result.has_more:
            return found
        page += 1


# --- programs.yml ---------------------------------------------------------------------------------


def test_programs_map_every_role_of_the_knowledge_base(catalogue: SchoolCatalogue, kb: KnowledgeBase) -> None:
    assert set(catalogue.programs.role_ids) == set(kb.roles)


def test_program_words_ask_for_the_programs_first_role(catalogue: SchoolCatalogue) -> None:
    words = dict(catalogue.programs.program_words)
    assert words["ultrasound"] == SONOGRAPHER and words["echo"] == "echocardiographer"
    assert words["informatics"] == "pacs_administrator" and words["management"] == "diagnostic_imaging_manager"


def test_programs_cip_mapping(catalogue: SchoolCatalogue) -> None:
    programs = catalogue.programs
    assert programs.offerings_for(SONOGRAPHER) == [(SONOGRAPHY, None)]
    assert programs.offerings_for("echocardiographer") == [(SONOGRAPHY, None), ("51.0901", None)]
    assert programs.offerings_for("pacs_administrator") == [("51.2706", None)]
    assert programs.offerings_for("diagnostic_imaging_manager") == [("51.0701", None), ("51.2211", None)]
    master = frozenset({7})
    educator = [(SONOGRAPHY, master), ("51.0701", master), ("51.2211", master)]
    assert programs.offerings_for("clinical_educator") == educator
    assert "no CIP code for health-professions education" in programs.role_notes["clinical_educator"]


def test_neighbours_cover_the_states_and_dc_and_are_symmetric(catalogue: SchoolCatalogue) -> None:
    neighbours = catalogue.programs.neighbours
    assert set(neighbours) == STATES_AND_DC
    assert neighbours["AK"] == [] and neighbours["HI"] == []
    assert set(neighbours["OH"]) == {"IN", "KY", "MI", "PA", "WV"}
    for state, others in neighbours.items():
        assert all(state in neighbours[other] for other in others), state
    assert set(catalogue.programs.state_names) >= STATES_AND_DC


def test_award_levels_and_groups_follow_the_readme(catalogue: SchoolCatalogue) -> None:
    programs = catalogue.programs
    assert set(programs.award_levels) == {20, 21, 2, 4, 3, 5, 6, 7, 8, 17, 18, 19}
    assert programs.credential_groups == {
        "certificate": [20, 21, 2, 4, 6, 8], "associate": [3], "bachelor": [5], "master": [7],
        "doctorate": [17, 18, 19],
    }


def broken_programs(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(PROGRAMS_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "programs.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda data: data["neighbours"]["OH"].remove("PA"), "neighbours.PA: lists OH"),
        (lambda data: data["credential_groups"]["master"].append(8), "award level 8 is already in 'certificate'"),
        (lambda data: data["credential_groups"].pop("doctorate"), "award level 17 belongs to no group"),
        (lambda data: data["programs"]["51.0910"]["roles"].append({"role": "x", "award_levels": [99]}),
         "unknown award level 99"),
        (lambda data: data["programs"].update({51.091: data["programs"].pop("51.0910")}), "51.091"),
        (lambda data: data["honesty"].update(accreditation_url="http://caahep.org"), "accreditation_url"),
        (lambda data: data["programs"]["51.0901"]["words"].append("Echo"), "must be written as fold leaves it"),
        (lambda data: data["programs"]["51.0901"]["words"].append("ultrasound"), "already a word of 51.0910"),
    ],
)
def test_programs_file_is_validated(tmp_path: Path, edit, fragment: str) -> None:
    path = broken_programs(tmp_path, edit)
    with pytest.raises(SchoolsDataError) as caught:
        load_programs(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)


def test_catalogue_errors_name_the_file_and_line(tmp_path: Path) -> None:
    lines = CATALOGUE_FILE.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 2)[0] + ",many,2023-24"  # the graduates of the file's line 4
    bad = tmp_path / "catalogue.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SchoolsDataError, match=r"catalogue.csv: line 4: column 'graduates': .*'many'"):
        load_catalogue(bad, CITIES_FILE, PROGRAMS_FILE)
    with pytest.raises(SchoolsDataError, match="file not found"):
        load_catalogue(tmp_path / "missing.csv", CITIES_FILE, PROGRAMS_FILE)


def test_catalogue_and_programs_agree(tmp_path: Path) -> None:
    path = broken_programs(tmp_path, lambda data: data["programs"].pop("51.2706"))
    with pytest.raises(SchoolsDataError, match="CIP code 51.2706 is not in"):
        load_catalogue(CATALOGUE_FILE, CITIES_FILE, path)


def test_every_credential_group_has_words_in_the_reading_lists(tmp_path: Path) -> None:
    def rename(data: dict) -> None:
        data["credential_groups"]["diploma"] = data["credential_groups"].pop("certificate")

    with pytest.raises(SchoolsDataError, match="'certificate' is not a credential group of .*programs.yml"):
        load_catalogue(CATALOGUE_FILE, CITIES_FILE, broken_programs(tmp_path, rename))


# --- places ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Ohio", "OH", "oh", "in ohio", "the state of Ohio", "OHIO"])
def test_state_names_and_codes(catalogue: SchoolCatalogue, text: str) -> None:
    resolved = place(catalogue, text)
    assert (resolved.kind, resolved.state, resolved.label) == ("state", "OH", "Ohio")


@pytest.mark.parametrize(("text", "state"), [("ME", "ME"), ("in", "IN"), ("near Indiana", "IN"), ("DC", "DC")])
def test_codes_that_are_also_words(catalogue: SchoolCatalogue, text: str, state: str) -> None:
    assert place(catalogue, text).state == state


@pytest.mark.parametrize("text", ["Columbus, OH", "columbus ohio", "Columbus, Ohio", "near Columbus OH", "COLUMBUS oh"])
def test_city_with_state(catalogue: SchoolCatalogue, text: str) -> None:
    resolved = place(catalogue, text)
    assert (resolved.kind, resolved.city, resolved.state, resolved.ambiguous) == ("city", "Columbus", "OH", False)
    assert resolved.latitude == pytest.approx(40.0, abs=0.2) and resolved.longitude == pytest.approx(-83.0, abs=0.2)


def test_ambiguous_city_picks_the_one_with_most_institutions(catalogue: SchoolCatalogue) -> None:
    resolved = place(catalogue, "Columbus")
    assert (resolved.kind, resolved.state) == ("city", "OH")
    assert resolved.ambiguous and {"GA", "IN", "MS"} <= set(resolved.other_states)
    counts = {state: catalogue.cities[("columbus", state)].institutions for state in ("OH", *resolved.other_states)}
    assert counts["OH"] == max(counts.values())


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("St. Louis", "Saint Louis, MO"),
        ("saint louis mo", "Saint Louis, MO"),
        ("Charleston West Virginia", "Charleston, WV"),
        ("Washington, D.C.", "Washington, DC"),
        ("Helena MT", "Helena, MT"),
        ("new york city", "New York, NY"),
        ("Columbus, OH 43215", "Columbus, OH"),
        ("Springfield, Illinois, USA", "Springfield, IL"),
    ],
)
def test_city_spellings(catalogue: SchoolCatalogue, text: str, label: str) -> None:
    assert place(catalogue, text).label == label


def test_anywhere(catalogue: SchoolCatalogue) -> None:
    for text in ("anywhere", "Anywhere in the US", "nationwide"):
        assert catalogue.resolve_place(text) is Place.anywhere
    assert Place.anywhere.is_anywhere and Place.anywhere.state is None


def test_a_state_name_beats_a_city_of_that_name(catalogue: SchoolCatalogue) -> None:
    assert place(catalogue, "Washington").state == "WA"


def test_unknown_city_in_a_known_state_falls_back_to_the_state(catalogue: SchoolCatalogue) -> None:
    resolved = place(catalogue, "Nowheresville, OH")
    assert (resolved.kind, resolved.state, resolved.unknown_city) == ("state", "OH", "Nowheresville")


@pytest.mark.parametrize("text", ["Atlantis", "Paris, France", "near me", "around here", "", None, "   ", "zz"])
def test_unknown_places(catalogue: SchoolCatalogue, text: str | None) -> None:
    assert catalogue.resolve_place(text) is None


# --- searching ------------------------------------------------------------------------------------


def test_state_search_sorts_by_graduates_then_name(catalogue: SchoolCatalogue, rows: list[dict[str, str]]) -> None:
    ohio = place(catalogue, "Ohio")
    result = catalogue.search(SONOGRAPHER, ohio, page_size=3)
    assert result.total == sum(1 for row in rows if row["cip"] == SONOGRAPHY and row["state"] == "OH")
    assert result.total > 10 and result.has_more and len(result.rows) == 3
    found = all_pages(catalogue, SONOGRAPHER, ohio)
    assert len(found) == result.total
    assert all(row.state == "OH" and row.cip == SONOGRAPHY for row in found)
    assert [(-row.graduates, row.institution) for row in found] == sorted((-row.graduates, row.institution)
                                                                          for row in found)
    assert all(row.distance_miles is None for row in found)
    first = found[0]
    assert first.credential and first.website.startswith("http") and first.city


def test_city_search_ranks_by_distance_within_the_radius(catalogue: SchoolCatalogue, rows: list[dict]) -> None:
    columbus = place(catalogue, "Columbus, OH")
    result = catalogue.search(SONOGRAPHER, columbus)
    assert result.radius_miles == 100 and not result.widened
    found = all_pages(catalogue, SONOGRAPHER, columbus)
    distances = [row.distance_miles for row in found]
    assert distances == sorted(distances)
    assert all(distance <= result.radius_miles for distance in distances)
    # Independently: every sonography row within 100 miles of the city's coordinates, no more.
    expected = sum(
        1 for row in rows if row["cip"] == SONOGRAPHY
        and haversine_miles(columbus.latitude, columbus.longitude, float(row["latitude"]), float(row["longitude"]))
        <= 100
    )
    assert len(found) == result.total == expected
    assert {row.state for row in found} >= {"OH"}


def test_city_search_widens_the_radius_where_schools_are_few(catalogue: SchoolCatalogue) -> None:
    widened = [
        result for result in (catalogue.search(SONOGRAPHER, place(catalogue, text))
                              for text in ("Billings, MT", "Fargo, ND", "Barrow, AK", "Cheyenne, WY"))
        if result.widened
    ]
    assert widened
    for result in widened:
        assert 100 < result.radius_miles <= MAX_RADIUS_MILES
        assert result.total >= MIN_NEARBY_RESULTS or result.radius_miles == MAX_RADIUS_MILES
        assert all(row.distance_miles <= result.radius_miles for row in result.rows)


def test_anywhere_search(catalogue: SchoolCatalogue, rows: list[dict[str, str]]) -> None:
    result = catalogue.search(SONOGRAPHY, Place.anywhere, page_size=10)
    assert result.total == sum(1 for row in rows if row["cip"] == SONOGRAPHY)
    graduates = [row.graduates for row in result.rows]
    assert graduates == sorted(graduates, reverse=True)


@pytest.mark.parametrize(
    ("credential", "levels"),
    [("associate", {3}), ("bachelor", {5}), ("certificate", {20, 21, 2, 4, 6, 8}), ("master", {7})],
)
def test_credential_filters(catalogue: SchoolCatalogue, credential: str, levels: set[int]) -> None:
    found = all_pages(catalogue, SONOGRAPHER, Place.anywhere, credential)
    assert found and {row.award_level for row in found} <= levels


def test_credential_filters_combine_and_any_means_none(catalogue: SchoolCatalogue) -> None:
    texas = place(catalogue, "Texas")
    both = catalogue.search(SONOGRAPHER, texas, ["associate", "bachelor"]).total
    assert both == (catalogue.search(SONOGRAPHER, texas, "associate").total
                    + catalogue.search(SONOGRAPHER, texas, "bachelor").total)
    assert catalogue.search(SONOGRAPHER, texas, "any").total == catalogue.search(SONOGRAPHER, texas).total


def test_paging_continues_without_overlap(catalogue: SchoolCatalogue) -> None:
    california = place(catalogue, "California")
    first = catalogue.search(SONOGRAPHER, california, page=0, page_size=5)
    second = catalogue.search(SONOGRAPHER, california, page=1, page_size=5)
    both = catalogue.search(SONOGRAPHER, california, page=0, page_size=10)
    assert first.has_more and second.page == 1
    assert first.rows + second.rows == both.rows
    keys = {(row.unitid, row.cip, row.award_level) for row in first.rows}
    assert keys.isdisjoint((row.unitid, row.cip, row.award_level) for row in second.rows)
    last_page = (first.total - 1) // 5
    last = catalogue.search(SONOGRAPHER, california, page=last_page, page_size=5)
    assert not last.has_more and 1 <= len(last.rows) <= 5


def test_city_paging_continues_without_overlap(catalogue: SchoolCatalogue) -> None:
    chicago = place(catalogue, "Chicago, IL")
    first = catalogue.search("echocardiographer", chicago, page=0, page_size=4)
    second = catalogue.search("echocardiographer", chicago, page=1, page_size=4)
    both = catalogue.search("echocardiographer", chicago, page=0, page_size=8)
    assert first.rows + second.rows == both.rows and first.radius_miles == second.radius_miles


def test_educator_gets_masters_level_offerings_only(catalogue: SchoolCatalogue) -> None:
    found = all_pages(catalogue, "clinical_educator", Place.anywhere)
    assert found
    assert {row.award_level for row in found} == {7}
    assert {row.cip for row in found} <= {SONOGRAPHY, "51.0701", "51.2211"}
    result = catalogue.search("clinical_educator", Place.anywhere)
    assert "no CIP code for health-professions education" in honesty_text(result)
    assert catalogue.search("clinical_educator", Place.anywhere, "associate").empty


def test_role_and_cip_list_searches_agree(catalogue: SchoolCatalogue) -> None:
    ohio = place(catalogue, "Ohio")
    assert catalogue.search("echocardiographer", ohio).total == catalogue.search([SONOGRAPHY, "51.0901"], ohio).total


def test_unknown_role_or_credential_is_an_error(catalogue: SchoolCatalogue) -> None:
    with pytest.raises(SchoolsQueryError, match="unknown role or CIP code"):
        catalogue.search("astronaut", Place.anywhere)
    with pytest.raises(SchoolsQueryError, match="unknown credential level 'diploma'"):
        catalogue.search(SONOGRAPHER, Place.anywhere, "diploma")


def test_honesty_note(catalogue: SchoolCatalogue) -> None:
    result = catalogue.search(SONOGRAPHER, place(catalogue, "Ohio"))
    note, text = result.note, honesty_text(result)
    assert note.data_year == "2023-24"
    assert "institutions that reported awards to IPEDS for 2023-24, not a list of accredited programs" in text
    assert note.accreditation_url == "https://www.caahep.org/students/find-an-accredited-program"
    assert note.accreditation_url in text
    pacs = catalogue.search("pacs_administrator", Place.anywhere)
    assert pacs.note.accreditation_url is None and "not a list of accredited programs" in honesty_text(pacs)


# --- alternatives ---------------------------------------------------------------------------------


def test_no_school_in_a_state_suggests_neighbouring_states(catalogue: SchoolCatalogue) -> None:
    vermont = place(catalogue, "Vermont")
    assert catalogue.search(SONOGRAPHER, vermont).empty
    alternatives = catalogue.alternatives(SONOGRAPHER, vermont)
    assert alternatives and alternatives[0].relaxed == ("place",)
    neighbours = set(catalogue.programs.neighbours["VT"])
    assert all(row.state in neighbours for row in alternatives[0].result.rows)
    assert set(alternatives[0].result.states) == neighbours
    assert "neighbouring states" in alternative_text(catalogue, alternatives[0])


def test_missing_credential_level_suggests_neighbours_or_any_level(
    catalogue: SchoolCatalogue, rows: list[dict[str, str]]
) -> None:
    delaware = place(catalogue, "Delaware")
    levels = {row["award_level"] for row in rows if row["cip"] == SONOGRAPHY and row["state"] == "DE"}
    assert levels and "5" not in levels  # Delaware reports sonography, but no bachelor's
    assert catalogue.search(SONOGRAPHER, delaware, "bachelor").empty
    alternatives = catalogue.alternatives(SONOGRAPHER, delaware, "bachelor")
    by_relaxed = {alternative.relaxed: alternative for alternative in alternatives}
    assert set(by_relaxed) <= {("place",), ("credential",)} and ("credential",) in by_relaxed
    any_level = by_relaxed[("credential",)].result
    assert any_level.total and all(row.state == "DE" for row in any_level.rows)
    assert "any credential" in alternative_text(catalogue, by_relaxed[("credential",)])
    if ("place",) in by_relaxed:
        assert all(row.state in {"MD", "NJ", "PA"} and row.award_level == 5
                   for row in by_relaxed[("place",)].result.rows)


def test_educator_alternatives_keep_the_masters_level(catalogue: SchoolCatalogue) -> None:
    alternatives = catalogue.alternatives("clinical_educator", place(catalogue, "Ohio"), "associate")
    relaxed = [alternative for alternative in alternatives if alternative.relaxed == ("credential",)]
    assert relaxed and all(row.award_level == 7 for row in relaxed[0].result.rows)


def test_remote_city_suggests_the_rest_of_its_state(catalogue: SchoolCatalogue) -> None:
    barrow = place(catalogue, "Barrow, AK")
    assert catalogue.search(SONOGRAPHER, barrow).empty
    alternatives = catalogue.alternatives(SONOGRAPHER, barrow)
    assert alternative_text(catalogue, alternatives[0]) == "elsewhere in Alaska"
    assert all(row.state == "AK" and row.distance_miles > MAX_RADIUS_MILES for row in alternatives[0].result.rows)


def test_no_alternatives_when_nothing_exists_anywhere(catalogue: SchoolCatalogue) -> None:
    assert catalogue.search(SONOGRAPHER, Place.anywhere, "doctorate").empty
    alternatives = catalogue.alternatives(SONOGRAPHER, Place.anywhere, "doctorate")
    assert [alternative.relaxed for alternative in alternatives] == [("credential",)]


def test_alaska_has_no_neighbours_to_suggest(catalogue: SchoolCatalogue) -> None:
    alternatives = catalogue.alternatives(SONOGRAPHER, place(catalogue, "Alaska"), "bachelor")
    assert [alternative.relaxed for alternative in alternatives] == [("credential",)]


# --- helpers --------------------------------------------------------------------------------------


def test_haversine() -> None:
    assert haversine_miles(40.0, -83.0, 40.0, -83.0) == 0
    # Columbus, OH to Cleveland, OH is about 125 miles as the crow flies.
    assert haversine_miles(39.9612, -82.9988, 41.4993, -81.6944) == pytest.approx(125, abs=5)


@pytest.mark.parametrize(
    ("text", "group"),
    [("an associate's degree", "associate"), ("Bachelors", "bachelor"), ("MS", "master"), ("PhD", "doctorate"),
     ("certificate", "certificate"), ("any", "any"), ("a unicorn", None)],
)
def test_resolve_credential(text: str, group: str | None) -> None:
    assert resolve_credential(text) == group


def test_searches_are_repeatable(catalogue: SchoolCatalogue) -> None:
    columbus = place(catalogue, "Columbus")
    assert catalogue.search("echocardiographer", columbus) == catalogue.search("echocardiographer", columbus)
