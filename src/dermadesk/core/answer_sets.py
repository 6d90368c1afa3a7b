"""A client's screening answer sets: kept beside the old ones, and read back the latest
first, with the answers to the practice's own questions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, String, insert, text
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

from dermadesk.core.errors import Problem, ValidationError
from dermadesk.core.screening import (
    CONDITION_QUESTIONS,
    DATE_QUESTIONS,
    CustomAnswer,
    ScreeningAnswers,
)


def _questionnaire_fields(answers: ScreeningAnswers) -> dict[str, Any]:
    """A health_questionnaire row's answer columns, with the date they were given."""
    return {
        "answered_on": answers.answered_on,
        "question_set": answers.question_set,
        **answers.answers(),
    }


def add_custom_answers(
    connection: Connection, answered: list[tuple[int, ScreeningAnswers]]
) -> None:
    """Keep the answers to the practice's own questions beside their answer sets."""
    from dermadesk.core.models import ScreeningAnswer

    if not any(answers.custom for _, answers in answered):
        return
    ids: dict[str, int] = dict(
        connection.execute(text("SELECT slug, id FROM screening_question")).all()
    )
    rows = []
    for questionnaire_id, answers in answered:
        for slug, answer in answers.custom:
            if slug not in ids:
                raise ValidationError([Problem(slug, f"There is no question “{slug}”.")])
            rows.append({
                "questionnaire_id": questionnaire_id,
                "question_id": ids[slug],
                "yes": answer if isinstance(answer, bool) else None,
                "last_on": answer if isinstance(answer, date) else None,
            })  # fmt: skip
    connection.execute(insert(ScreeningAnswer.__table__), rows)  # type: ignore[attr-defined]


def questionnaire_row(
    client_id: int, answers: ScreeningAnswers, now: datetime
) -> dict[str, object]:
    """A new health_questionnaire row's column values."""
    return {"client_id": client_id, "recorded_at": now, **_questionnaire_fields(answers)}


# Plain SQL: screening reads the latest answers for every session of the day list and
# every file opened, where compiling an ORM query costs more than running it.
_ANSWER_TYPES: dict[str, TypeEngine[Any]] = {
    "answered_on": Date(),
    "question_set": Integer(),
    **{name: Boolean() for name in CONDITION_QUESTIONS},
    **{name: Date() for name in DATE_QUESTIONS},
}
# A client's answer sets, the latest first (by date given, then by entry).
_ANSWERS_NEWEST_FIRST = text(
    f"SELECT id, {', '.join(_ANSWER_TYPES)} FROM health_questionnaire WHERE client_id = :id "
    "ORDER BY answered_on DESC, id DESC LIMIT :limit"
).columns(id=Integer(), **_ANSWER_TYPES)
# "No limit" that both stores take: LIMIT -1 means all only to SQLite; PostgreSQL refuses it.
_ALL = 2**62
_CUSTOM_ANSWERS = text(
    "SELECT q.slug, q.kind, a.yes, a.last_on FROM screening_answer a "
    "JOIN screening_question q ON q.id = a.question_id "
    "WHERE a.questionnaire_id = :id ORDER BY q.slug"
).columns(slug=String(), kind=String(), yes=Boolean(), last_on=Date())


def _custom_answers(
    connection: Connection, questionnaire_id: int
) -> tuple[tuple[str, CustomAnswer], ...]:
    """The answers to the practice's own questions in one answer set, by slug."""
    rows = connection.execute(_CUSTOM_ANSWERS, {"id": questionnaire_id})
    return tuple((slug, yes if kind == "yes_no" else last_on) for slug, kind, yes, last_on in rows)


def answer_sets(
    connection: Connection, client_id: int, limit: int | None = None
) -> list[ScreeningAnswers]:
    """The client's screening answers, the latest first, read on `connection`."""
    rows = connection.execute(
        _ANSWERS_NEWEST_FIRST, {"id": client_id, "limit": _ALL if limit is None else limit}
    ).all()
    return [
        ScreeningAnswers(
            answered_on=row.answered_on,
            question_set=row.question_set,
            custom=_custom_answers(connection, row.id),
            **{name: row._mapping[name] for name in ScreeningAnswers.answer_fields()},
        )
        for row in rows
    ]


def latest_answers(connection: Connection, client_id: int) -> ScreeningAnswers | None:
    """The client's most recent screening answers, read on `connection` (None: never asked)."""
    latest = answer_sets(connection, client_id, limit=1)
    return latest[0] if latest else None


def add_answer_set(
    session: Session, client_id: int, answers: ScreeningAnswers, now: datetime
) -> bool:
    """Add answers unless they repeat the latest ones on the same or an earlier day.

    The same answers given again on a later day are kept: they confirm the
    answers are current (screening counts how old the latest answers are).
    """
    from dermadesk.core.models import HealthQuestionnaire

    latest = latest_answers(session.connection(), client_id)
    if (
        latest is not None
        and answers.same_answers_as(latest)
        and answers.answered_on <= latest.answered_on
    ):
        return False
    row = HealthQuestionnaire(
        client_id=client_id, recorded_at=now, **_questionnaire_fields(answers)
    )
    session.add(row)
    session.flush()
    add_custom_answers(session.connection(), [(row.id, answers)])  # type: ignore[list-item]
    return True
