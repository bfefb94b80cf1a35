"""Knowledge base: the seed's facts are all there, and broken files fail with clear messages."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from tests.conftest import REPO_ROOT, SHARED_DIR

SEED = SHARED_DIR / "seed" / "career-advancement-in-sonography.txt"
SEED_ROW = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+?) \$(?P<pay>[\d,]+) (?P<growth>\d+)% \((?P<group>[^)]+)\)")


def seed_rows() -> list:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"seed article not found at {SEED}: CI must have ../shared beside the checkout")
        pytest.skip(f"seed article not found at {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rows = [match.groupdict() for line in lines if (match := SEED_ROW.match(line))]
    assert len(rows) == 4, "the seed table should have four roles"
    return rows


def test_the_five_roles_load(kb: KnowledgeBase) -> None:
    assert set(kb.roles) == {
        "diagnostic_medical_sonographer",
        "echocardiographer",
        "pacs_administrator",
        "clinical_educator",
        "diagnostic_imaging_manager",
    }
    assert [role.id for role in kb.roles.values() if role.starting_point] == ["diagnostic_medical_sonographer"]


def test_every_seed_figure_is_in_the_knowledge_base_with_its_year_and_source(kb: KnowledgeBase) -> None:
    for row in seed_rows():
        role_id = kb.resolve_role(row["title"])
        assert role_id, f"seed role {row['title']!r} resolves to no role"
        role = kb.role(role_id)
        pay = [(figure.amount, figure.year, figure.source) for figure in role.median_pay]
        assert (int(row["pay"].replace(",", "")), 2018, "seed_article_2019") in pay
        growth = [(figure.percent, figure.period, figure.occupation_group, figure.source) for figure in role.job_growth]
        assert (float(row["growth"]), "2016-2026", row["group"], "bls_ep_2016_2026") in growth


def test_every_figure_names_a_known_source(kb: KnowledgeBase) -> None:
    for role in kb.roles.values():
        for figure in [*role.median_pay, *role.job_growth]:
            assert kb.source(figure.source).short


@pytest.mark.parametrize(
    ("typed", "role_id"),
    [
        ("PACS admin", "pacs_administrator"),
        ("pacs admins", "pacs_administrator"),
        ("Imaging Informatics", "pacs_administrator"),
        ("echo tech", "echocardiographer"),
        ("Cardiac Sonographers", "echocardiographer"),
        ("radiology manager", "diagnostic_imaging_manager"),
        ("sonography instructor", "clinical_educator"),
        ("ultrasound technicians", "diagnostic_medical_sonographer"),
        ("clinical_educator", "clinical_educator"),
        ("Picture Archiving and Communication Systems Administrator", "pacs_administrator"),
    ],
)
def test_aliases_resolve_to_the_canonical_role(kb: KnowledgeBase, typed: str, role_id: str) -> None:
    assert kb.resolve_role(typed) == role_id


@pytest.mark.parametrize("typed", ["astronaut", "", "<script>", "pilots", None])
def test_unknown_roles_resolve_to_nothing(kb: KnowledgeBase, typed) -> None:
    assert kb.resolve_role(typed) is None


# --- broken files -------------------------------------------------------------------------------


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", target)
    return target


def edit_role(directory: Path, role_id: str, change) -> None:
    path = directory / "roles" / f"{role_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


def load_error(directory: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(directory)
    return str(error.value)


def test_a_wrong_type_names_the_file_role_and_field(knowledge_copy: Path) -> None:
    edit_role(knowledge_copy, "pacs_administrator", lambda data: data["median_pay"][0].update(amount="lots"))
    message = load_error(knowledge_copy)
    assert "pacs_administrator.yml" in message
    assert "role 'pacs_administrator'" in message
    assert "field 'median_pay.0.amount'" in message


def test_a_missing_field_is_reported(knowledge_copy: Path) -> None:
    edit_role(knowledge_copy, "echocardiographer", lambda data: data.pop("summary"))
    message = load_error(knowledge_copy)
    assert "echocardiographer.yml" in message and "field 'summary'" in message and "required" in message


def test_an_unknown_field_is_reported(knowledge_copy: Path) -> None:
    edit_role(knowledge_copy, "clinical_educator", lambda data: data.update(salary=99))
    assert "field 'salary'" in load_error(knowledge_copy)


def test_an_unknown_source_is_reported(knowledge_copy: Path) -> None:
    edit_role(knowledge_copy, "clinical_educator", lambda data: data["job_growth"][0].update(source="my_cousin"))
    message = load_error(knowledge_copy)
    assert "clinical_educator" in message and "job_growth.0.source" in message and "my_cousin" in message


def test_an_alias_claimed_by_two_roles_is_reported(knowledge_copy: Path) -> None:
    edit_role(knowledge_copy, "echocardiographer", lambda data: data["aliases"].append("PACS admin"))
    message = load_error(knowledge_copy)
    assert "field 'aliases'" in message and "'PACS admin' is already an alias of" in message
    assert "echocardiographer" in message and "pacs_administrator" in message


def test_invalid_yaml_names_the_file(knowledge_copy: Path) -> None:
    (knowledge_copy / "roles" / "echocardiographer.yml").write_text("id: [unclosed\n", encoding="utf-8")
    message = load_error(knowledge_copy)
    assert "echocardiographer.yml" in message and "not valid YAML" in message
