"""The real servers: NLU, dialogue, action server and tracker store together, over REST."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.servers import action_server, rasa_server, reply_text, say


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="module")
def actions_url(workdir: Path):
    with action_server(workdir) as url:
        yield url


def test_a_conversation_over_rest_survives_a_rasa_restart(workdir: Path, actions_url: str) -> None:
    with rasa_server(workdir, actions_url) as bot:
        first = say(bot, "nurse-jo", "How much does a PACS administrator earn?")
        assert "$72,218" in reply_text(first) and "2018" in reply_text(first)

        assert "RDCS" in reply_text(say(bot, "nurse-jo", "what exams do I need to become an echocardiographer?"))
        # Role switch keeps the question type (certification -> for managers).
        assert "CRA" in reply_text(say(bot, "nurse-jo", "what about an imaging manager?"))

    with rasa_server(workdir, actions_url) as bot:
        # Same conversation after a restart: the role in focus came back from the SQLite store.
        text = reply_text(say(bot, "nurse-jo", "and how much do they make?"))
        assert "$79,953" in text


def test_buttons_reach_the_channel_and_work_when_clicked(workdir: Path, actions_url: str) -> None:
    with rasa_server(workdir, actions_url) as bot:
        replies = say(bot, "new-user", "what education do I need?")
        buttons = replies[-1].get("buttons", [])
        assert len(buttons) == 5, replies
        educator = next(button for button in buttons if button["title"] == "Clinical educator")
        assert "Master's degree" in reply_text(say(bot, "new-user", educator["payload"]))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", "empty"),
        ("\x00\x1b  \t", "empty"),
        ("what does an echocardiographer earn? " * 100, "first 1,000 characters"),
        ('/ask_salary{"role": "astronaut"}', "don't know the role"),
        ('/ask_salary{"role": "<script>alert(1)</script>"}', "don't know the role"),
        ("😀😀😀", "Sorry"),
        ("what's the weather in Paris?", "outside what I know"),
    ],
)
def test_odd_input_gets_a_polite_answer(live_bot: str, message: str, expected: str) -> None:
    text = reply_text(say(live_bot, f"odd-{abs(hash(message))}", message))
    assert expected in text
    assert "<script" not in text and "Traceback" not in text


def test_restart_forgets_the_role_in_focus(live_bot: str) -> None:
    assert "$72,218" in reply_text(say(live_bot, "restarter", "what does a PACS admin earn?"))
    assert "Starting over" in reply_text(say(live_bot, "restarter", "/restart"))
    assert "Which role" in reply_text(say(live_bot, "restarter", "and what do they earn?"))


def test_the_questionnaire_recommends_a_role_from_typed_answers(live_bot: str) -> None:
    user = "questionnaire"
    assert "enjoy most" in reply_text(say(live_bot, user, "which role would fit me?"))
    assert "highest degree" in reply_text(say(live_bot, user, '/inform_choice{"interest":"leading"}'))
    assert "How many years" in reply_text(say(live_bot, user, "I have a bachelor's degree"))
    assert "more study" in reply_text(say(live_bot, user, "about 7 years"))
    text = reply_text(say(live_bot, user, "maybe a short course"))
    assert "**diagnostic imaging manager**" in text and "Next steps" in text


def test_the_questionnaire_survives_a_bad_answer_and_a_digression(live_bot: str) -> None:
    user = "questionnaire-detours"
    assert "enjoy most" in reply_text(say(live_bot, user, "which role would fit me?"))
    assert "highest degree" in reply_text(say(live_bot, user, '/inform_choice{"interest":"technology"}'))
    text = reply_text(say(live_bot, user, '/inform_choice{"degree":"wizardry"}'))
    assert "didn't catch that" in text and "highest degree" in text  # asked again, not guessed
    text = reply_text(say(live_bot, user, "how much does a PACS admin make?"))
    assert "$72,218" in text  # a new question leaves the questionnaire and is answered
    text = reply_text(say(live_bot, user, "which role would fit me?"))
    assert "enjoy most" in text  # the old answers were forgotten


def test_school_suggestions_one_shot_refine_and_page(live_bot: str) -> None:
    user = "future-student"
    text = reply_text(say(live_bot, user, "Associate sonography programs in Ohio"))
    assert "in Ohio: 1-5 of" in text and "not a list of accredited programs" in text and "caahep.org" in text
    assert "in Ohio: 6-" in reply_text(say(live_bot, user, "show more"))
    assert "in Michigan" in reply_text(say(live_bot, user, "what about Michigan?"))
    assert "don't know a place called" in reply_text(say(live_bot, "lost-student", "sonography schools in Narnia"))
    assert "not whether its sonography program is one" in reply_text(say(live_bot, user, "are there online programs?"))


def test_a_school_search_with_a_place_answers_at_once_and_offers_the_levels(live_bot: str) -> None:
    user = "searching-student"
    replies = say(live_bot, user, "sonography schools in Ohio")
    assert "in Ohio: 1-5 of" in reply_text(replies)  # every level, no question first
    buttons = [button for reply in replies for button in reply.get("buttons", [])]
    titles = [button["title"] for button in buttons]
    assert titles[0] == "Show more" and "Bachelor's" in titles and "Any level" not in titles
    bachelor = next(button["payload"] for button in buttons if button["title"] == "Bachelor's")
    assert "bachelor" in reply_text(say(live_bot, user, bachelor)).lower()
    assert "in Ohio: 6-" in reply_text(say(live_bot, user, "show more"))
    text = reply_text(say(live_bot, user, "what about in texas"))  # a newer place replaces the older one
    assert "in Texas" in text and "Indiana" not in text


def test_a_question_on_the_road_into_sonography_gets_a_sourced_answer(live_bot: str) -> None:
    user = "career-changer"
    story = "I've been a cashier for years and I'm 41 now. My neighbour scans at a clinic. Is it too late to start?"
    text = reply_text(say(live_bot, user, story))
    assert "the choice is yours" in text and "Source" in text  # the advice topic, with its sources
    assert "$72,218" in reply_text(say(live_bot, user, "what does a PACS admin earn?"))  # the dialogue goes on
    assert "vs radiologic technologist" in reply_text(say(live_bot, user, "rad tech vs sonographer"))
