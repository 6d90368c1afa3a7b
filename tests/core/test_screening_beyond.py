"""Screening beyond the sources (issue 12): allergies, medicines of note, pregnancy,
isotretinoin, blood thinners, too-soon sessions, the practice's own questions, and answer
sets given before the newer questions. A scenario table for the pure rules, then the same
rules through a real practice database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from dermadesk.core.allergies import product_allergies, recorded_allergies
from dermadesk.core.clock import FixedClock
from dermadesk.core.custom_questions import DATE, YES_NO
from dermadesk.core.errors import ValidationError
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import (
    CustomQuestion,
    Level,
    ScreeningContext,
    ScreeningSettings,
    Status,
    screen,
)
from dermadesk.core.session_records import AreaNote, SessionRecord
from tests.helpers import TEST_NOW, details

pytestmark = pytest.mark.both_stores

ON = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for ON: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(ON, TEST_NOW.time()))


ADULT = date(1990, 6, 15)
ANSWERED = ScreeningAnswers(answered_on=ON - timedelta(days=3))


def found(result) -> list[tuple[str, Level]]:  # type: ignore[no-untyped-def]
    return [(f.rule, f.level) for f in result.findings]


# --- allergies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "none_form",
    ["none", "None known", "NONE KNOWN.", "no known allergies", "NKDA", "nkda.", "nil", "No",
     "n/a", "N/A.", "-", "", "  "],
)  # fmt: skip
def test_an_allergies_entry_that_says_none_is_no_allergy(none_form: str) -> None:
    result = screen(ANSWERED, ADULT, ON, context=ScreeningContext(allergies=none_form))
    assert result.status is Status.CLEAR
    assert result.findings == []


@pytest.mark.parametrize(
    ("allergies", "messages"),
    [
        ("Lidocaine (numbing cream): rash",
         ["Allergy: Lidocaine (numbing cream): rash; allergic to a numbing agent: check the "
          "numbing cream."]),
        ("Penicillin", ["Allergy: Penicillin."]),
        ("EMLA, latex", ["Allergy: EMLA; allergic to a numbing agent: check the numbing cream.",
                         "Allergy: latex."]),
        ("prilocaine\nnickel.", ["Allergy: prilocaine; allergic to a numbing agent: check the "
                                 "numbing cream.", "Allergy: nickel."]),
        ("Ametop; none", ["Allergy: Ametop; allergic to a numbing agent: check the numbing "
                          "cream."]),
        ("local anaesthetic", ["Allergy: local anaesthetic; allergic to a numbing agent: check "
                               "the numbing cream."]),
    ],
)  # fmt: skip
def test_every_recorded_allergy_is_a_caution_quoting_the_clients_words(
    allergies: str, messages: list[str]
) -> None:
    result = screen(ANSWERED, ADULT, ON, context=ScreeningContext(allergies=allergies))
    assert result.status is Status.CAUTION
    assert [f.rule for f in result.findings] == ["allergy"] * len(messages)
    assert [f.message for f in result.findings] == messages


def test_allergy_entries_keep_commas_inside_brackets() -> None:
    assert recorded_allergies("Lidocaine (cream, patch): rash, Nickel") == [
        "Lidocaine (cream, patch): rash",
        "Nickel",
    ]


@pytest.mark.parametrize(
    ("product", "allergies", "numbing", "matches"),
    [
        ("LMX4 lidocaine 4%", "Lidocaine (numbing cream): rash", True, 1),
        ("LMX4", "Lidocaine (numbing cream): rash", True, 1),  # a numbing brand, numbing allergy
        ("LMX4", "Lidocaine (numbing cream): rash", False, 0),  # only the numbing field
        ("Hydrating cream", "Lidocaine (numbing cream): rash", False, 0),  # "cream" says nothing
        ("Hyaluronic serum with fragrance", "Fragrance mix", False, 1),
        ("Hyaluronic serum", "Fragrance mix", False, 0),
        ("Lidocaine 5%", "none known", True, 0),
        ("", "Lidocaine", True, 0),
    ],
)
def test_a_product_matches_an_allergy_when_it_shares_a_word_with_it(
    product: str, allergies: str, numbing: bool, matches: int
) -> None:
    assert len(product_allergies(product, allergies, numbing=numbing)) == matches


# --- medicines of note ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("medications", "message"),
    [
        ("Roaccutane 20 mg", "Takes roaccutane (oral isotretinoin): healing is impaired and "
                             "scarring can be abnormal."),
        ("Isotretinoin (stopped this year)", "Takes oral isotretinoin: healing is "
                                             "impaired and scarring can be abnormal."),
        ("Warfarin 3 mg", "Takes warfarin (a blood thinner): expect more bleeding and bruising."),
        ("apixaban", "Takes apixaban (a blood thinner): expect more bleeding and bruising."),
        ("Clopidogrel 75mg", "Takes clopidogrel (a blood thinner): expect more bleeding and "
                             "bruising."),
        ("Methotrexate weekly", "Takes methotrexate (an immunosuppressant): healing is slower "
                                "and infection more likely."),
        ("Prednisolone 5 mg", "Takes prednisolone (an immunosuppressant): healing is slower and "
                              "infection more likely."),
    ],
)  # fmt: skip
def test_each_family_of_medicines_of_note_warns_naming_the_medicine(
    medications: str, message: str
) -> None:
    result = screen(ANSWERED, ADULT, ON, context=ScreeningContext(medications=medications))
    assert found(result) == [("medication_of_note", Level.WARN)]
    assert result.findings[0].message == message


def test_ordinary_medicines_are_nothing_of_note() -> None:
    context = ScreeningContext(medications="Levothyroxine 50 µg, Metformin, Sertraline")
    assert screen(ANSWERED, ADULT, ON, context=context).status is Status.CLEAR


def test_the_medicines_of_note_are_a_practice_setting() -> None:
    settings = ScreeningSettings()
    families = tuple(
        replace(f, names=(*f.names, "rinvoq")) if f.key == "immunosuppressant" else f
        for f in settings.medicines_of_note
    )
    context = ScreeningContext(medications="Rinvoq 15 mg")
    assert screen(ANSWERED, ADULT, ON, settings, context).status is Status.CLEAR
    custom = replace(settings, medicines_of_note=families)
    assert found(screen(ANSWERED, ADULT, ON, custom, context)) == [
        ("medication_of_note", Level.WARN)
    ]


# --- the newer questions -------------------------------------------------------------------


def test_pregnancy_or_breastfeeding_warns_and_blood_thinners_warn() -> None:
    answers = replace(ANSWERED, pregnant_or_breastfeeding=True, anticoagulants=True)
    result = screen(answers, ADULT, ON)
    assert found(result) == [
        ("pregnancy_or_breastfeeding", Level.WARN),
        ("anticoagulants", Level.WARN),
    ]
    assert result.status is Status.CAUTION


@pytest.mark.parametrize(("days_before", "blocks"), [(0, True), (179, True), (180, False)])
def test_oral_isotretinoin_blocks_for_180_days(days_before: int, blocks: bool) -> None:
    answers = replace(ANSWERED, isotretinoin_last=ON - timedelta(days=days_before))
    result = screen(answers, ADULT, ON)
    if blocks:
        assert found(result) == [("recent_isotretinoin", Level.BLOCK)]
        assert result.status is Status.BLOCKED
        assert f"{days_before} day" in result.findings[0].message
    else:
        assert result.status is Status.CLEAR


def test_the_isotretinoin_interval_and_level_are_settings() -> None:
    answers = replace(ANSWERED, isotretinoin_last=ON - timedelta(days=100))
    settings = replace(ScreeningSettings(), isotretinoin_days=90)
    assert screen(answers, ADULT, ON, settings).status is Status.CLEAR
    warns = ScreeningSettings().with_blocking("recent_isotretinoin", False)
    assert found(screen(answers, ADULT, ON, warns)) == [("recent_isotretinoin", Level.WARN)]


def test_answers_given_before_the_newer_questions_are_not_asked_yet_never_no() -> None:
    old = replace(
        ANSWERED,
        question_set=1,
        pregnant_or_breastfeeding=None,
        anticoagulants=None,
        isotretinoin_last=None,
    )
    result = screen(old, ADULT, ON)
    assert found(result) == [("not_asked_yet", Level.WARN)]
    assert result.findings[0].message == (
        "Not asked yet: pregnancy or breastfeeding, blood thinners, oral isotretinoin; "
        "ask before treating."
    )


# --- too soon ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_since", "plan_days", "fires"),
    [(2, 28, True), (27, 28, True), (28, 28, False), (20, None, True), (21, None, False),
     (0, None, True)],
)  # fmt: skip
def test_too_soon_counts_from_the_last_session_by_the_plan_or_the_practice_minimum(
    days_since: int, plan_days: int | None, fires: bool
) -> None:
    context = ScreeningContext(
        last_session_on=ON - timedelta(days=days_since), plan_interval_days=plan_days
    )
    result = screen(ANSWERED, ADULT, ON, context=context)
    if fires:
        assert found(result) == [("too_soon", Level.WARN)]
        assert long_date_of(ON - timedelta(days=days_since)) in result.findings[0].message
    else:
        assert result.status is Status.CLEAR


def long_date_of(day: date) -> str:
    from dermadesk.core.dates import long_date

    return long_date(day)


# --- the practice's own questions ----------------------------------------------------------

LASER = CustomQuestion("laser", DATE, "A laser treatment in the area", interval_days=28)
PACEMAKER = CustomQuestion("pacemaker", YES_NO, "A pacemaker or other implanted device")


@pytest.mark.parametrize("blocks", [True, False])
def test_a_custom_yes_no_question_blocks_or_warns_as_the_practice_says(blocks: bool) -> None:
    settings = ScreeningSettings(custom_questions=(replace(PACEMAKER, blocks=blocks),))
    answers = replace(ANSWERED, custom=(("pacemaker", True),))
    result = screen(answers, ADULT, ON, settings)
    level = Level.BLOCK if blocks else Level.WARN
    assert found(result) == [("custom:pacemaker", level)]
    assert result.findings[0].message == (
        "Answered yes to “A pacemaker or other implanted device”."
    )
    no = replace(ANSWERED, custom=(("pacemaker", False),))
    assert screen(no, ADULT, ON, settings).status is Status.CLEAR


@pytest.mark.parametrize("blocks", [True, False])
@pytest.mark.parametrize(("days_before", "fires"), [(27, True), (28, False)])
def test_a_custom_date_question_fires_within_its_interval(
    blocks: bool, days_before: int, fires: bool
) -> None:
    settings = ScreeningSettings(custom_questions=(replace(LASER, blocks=blocks),))
    answers = replace(ANSWERED, custom=(("laser", ON - timedelta(days=days_before)),))
    result = screen(answers, ADULT, ON, settings)
    if fires:
        assert found(result) == [("custom:laser", Level.BLOCK if blocks else Level.WARN)]
    else:
        assert result.status is Status.CLEAR


def test_a_custom_question_not_in_the_answers_is_not_asked_yet_and_a_retired_one_is_not() -> None:
    settings = ScreeningSettings(custom_questions=(PACEMAKER, replace(LASER, in_use=False)))
    result = screen(ANSWERED, ADULT, ON, settings)
    assert found(result) == [("not_asked_yet", Level.WARN)]
    assert "A pacemaker" in result.findings[0].message
    assert "laser" not in result.findings[0].message


# --- order: blockers first, then by seriousness --------------------------------------------


def test_findings_are_ordered_blockers_first_then_by_seriousness() -> None:
    answers = replace(
        ANSWERED,
        active_acne=True,
        pregnant_or_breastfeeding=True,
        isotretinoin_last=ON - timedelta(days=10),
        custom=(("pacemaker", True),),
    )
    settings = ScreeningSettings(custom_questions=(replace(PACEMAKER, blocks=True),))
    context = ScreeningContext(allergies="Latex", last_session_on=ON - timedelta(days=3))
    result = screen(answers, ADULT, ON, settings, context)
    assert [f.rule for f in result.findings] == [
        "recent_isotretinoin",
        "custom:pacemaker",
        "allergy",
        "pregnancy_or_breastfeeding",
        "active_acne",
        "too_soon",
    ]
    assert all(f.message.count(". ") == 0 for f in result.findings)  # one sentence each


# --- through a real practice ---------------------------------------------------------------


def test_the_client_file_screens_allergies_medicines_and_the_practices_questions(
    practice: Practice,
) -> None:
    question = practice.custom_questions.add(YES_NO, "  A pacemaker or implant? ", blocks=True)
    assert question.slug == "a-pacemaker-or-implant"
    client = practice.clients.create(
        details(allergies="Lidocaine (numbing cream): rash", medications="Warfarin 3 mg"),
        ScreeningAnswers(answered_on=ON, custom=((question.slug, True),)),
        today=ON,
    )
    result = practice.screen_client(client, ON)
    assert result.status is Status.BLOCKED
    assert [f.rule for f in result.findings] == [
        "custom:a-pacemaker-or-implant",
        "allergy",
        "medication_of_note",
    ]
    assert practice.clients.latest_screening(client).custom == ((question.slug, True),)


def test_settings_keep_the_new_intervals_and_a_rule_newer_than_the_practices_choice(
    practice: Practice,
) -> None:
    chosen = replace(
        practice.settings.screening(), isotretinoin_days=200, minimum_gap_days=14
    ).with_blocking("chemotherapy", False)
    practice.settings.set_screening(chosen)
    again = practice.settings.screening()
    assert (again.isotretinoin_days, again.minimum_gap_days) == (200, 14)
    assert "chemotherapy" not in again.blocking
    assert "recent_isotretinoin" in again.blocking


def test_an_answered_custom_question_keeps_its_wording_and_is_retired_not_deleted(
    practice: Practice,
) -> None:
    question = practice.custom_questions.add(DATE, "A laser treatment", interval_days=28)
    client = practice.clients.create(
        details(), ScreeningAnswers(answered_on=ON, custom=((question.slug, ON),)), today=ON
    )
    with pytest.raises(ValidationError, match="Retire it"):
        practice.custom_questions.change(question.slug, wording="A laser or IPL treatment")
    practice.custom_questions.retire(question.slug)
    assert practice.custom_questions.all()[0].in_use is False
    assert practice.clients.latest_screening(client).custom == ((question.slug, ON),)
    assert practice.screen_client(client, ON).status is Status.CLEAR


def test_adding_a_question_makes_a_new_version_of_the_treatment_form(practice: Practice) -> None:
    before = practice.consents.current_template("treatment")
    assert practice.consents.current_template("treatment").id == before.id  # stable
    practice.custom_questions.add(YES_NO, "A recent sunburn on the area")
    after = practice.consents.current_template("treatment")
    assert after.version == before.version + 1
    assert "A recent sunburn on the area" in after.questions
    assert (after.title, after.body) == (before.title, before.body)


def test_too_soon_uses_the_sessions_done_and_the_plans_interval(practice: Practice) -> None:
    client = practice.clients.create(details(), ScreeningAnswers(answered_on=ON))
    plan = practice.sessions.create_plan(
        client, PlanDetails("acne scars", sessions_planned=4, interval_weeks=4, starts_on=ON)
    )
    first = practice.sessions.book(client, datetime.combine(ON - timedelta(days=2), time(10)), plan)
    practice.sessions.start(first, today=ON)
    practice.sessions.save(first, SessionRecord(areas=(AreaNote("forehead", 0.5),)), done=True)
    second = practice.sessions.book(client, datetime.combine(ON, time(10)), plan)
    result = practice.sessions.screening_for(client, ON, second)
    assert found(result) == [("too_soon", Level.WARN)]
    assert "this plan's interval is 28 days" in result.findings[0].message
    later = ON + timedelta(days=26)
    assert practice.sessions.screening_for(client, later, second).status is Status.CLEAR
