"""The practice's own screening questions, and the whole questionnaire a form asks.

Every practice adds a few questions (a recent laser, a pacemaker for
radio-frequency needling): yes/no, or a date with an interval in days, each
blocking or warning. A question once answered is never deleted, only
retired, and its slug (its rule id is "custom:<slug>") never changes, so old
answers keep their meaning. Changing the questions makes a new version of
the treatment consent form (core.consent), because a signed record keeps the
questions it was asked.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Integer, String, text
from sqlmodel import Session, select

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.db import Store
from dermadesk.core.errors import NotFoundError, Problem, ValidationError
from dermadesk.core.screening import CONDITION_QUESTIONS, DATE_QUESTIONS
from dermadesk.core.screening_rules import CUSTOM_PREFIX, CustomQuestion
from dermadesk.core.text_rules import single_line_problem

if TYPE_CHECKING:  # the tables load where used: start-up paints the list without them
    from dermadesk.core.models import ScreeningQuestion

YES_NO = "yes_no"
DATE = "date"
KINDS = {YES_NO: "Yes or no", DATE: "A date"}
MAX_WORDING = 300


@dataclass(frozen=True)
class FormQuestion:
    """One question as a consent form asks it: its answer's key, wording and kind."""

    key: str  # a built-in answer's field name, or "custom:<slug>"
    text: str
    kind: str  # YES_NO or DATE

    def as_json(self) -> dict[str, str]:
        """How a consent form keeps it."""
        return {"key": self.key, "text": self.text, "kind": self.kind}


# The questions forms asked before they kept their own list: DermaDesk's original eight.
ORIGINAL_QUESTIONS = (
    *(
        FormQuestion(key, text, YES_NO)
        for key, text in CONDITION_QUESTIONS.items()
        if key not in ("pregnant_or_breastfeeding", "anticoagulants")
    ),
    FormQuestion("botulinum_toxin_last", DATE_QUESTIONS["botulinum_toxin_last"], DATE),
    FormQuestion("retinoid_last_used", DATE_QUESTIONS["retinoid_last_used"], DATE),
)


def form_questions(custom: tuple[CustomQuestion, ...]) -> list[FormQuestion]:
    """The questionnaire today: the built-in questions, then the practice's own in use."""
    return [
        *(FormQuestion(key, text, YES_NO) for key, text in CONDITION_QUESTIONS.items()),
        *(FormQuestion(key, text, DATE) for key, text in DATE_QUESTIONS.items()),
        *(FormQuestion(CUSTOM_PREFIX + q.slug, q.wording, q.kind) for q in custom if q.in_use),
    ]


def questions_json(questions: list[FormQuestion]) -> str:
    """The questions as a form keeps them (stable text, so equal lists compare equal)."""
    return json.dumps([q.as_json() for q in questions], ensure_ascii=False, sort_keys=True)


def questions_from_json(text: str) -> list[FormQuestion]:
    """A form's questions ("" on the oldest forms: the original eight)."""
    if not text:
        return list(ORIGINAL_QUESTIONS)
    return [FormQuestion(q["key"], q["text"], q["kind"]) for q in json.loads(text)]


def _slug(wording: str) -> str:
    folded = unicodedata.normalize("NFKD", wording.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_only)
    return "-".join(words)[:40].strip("-") or "question"


def _as_question(row: ScreeningQuestion) -> CustomQuestion:
    return CustomQuestion(
        slug=row.slug,
        kind=row.kind,
        wording=row.wording,
        blocks=row.blocks,
        interval_days=row.interval_days,
        in_use=row.in_use,
    )


_QUESTIONS = text(
    "SELECT slug, kind, wording, blocks, interval_days, in_use FROM screening_question "
    "ORDER BY position, id"
).columns(
    slug=String(),
    kind=String(),
    wording=String(),
    blocks=Boolean(),
    interval_days=Integer(),
    in_use=Boolean(),
)


def read_questions(session: Session) -> tuple[CustomQuestion, ...]:
    """Every question the practice has made, retired ones too, in the order asked (plain
    SQL: screening reads them for every file opened and every session of the day)."""
    rows = session.connection().execute(_QUESTIONS)
    return tuple(CustomQuestion(**row._mapping) for row in rows)


def _problems(kind: str, wording: str, interval_days: int | None) -> list[Problem]:
    found = []
    if kind not in KINDS:
        found.append(Problem("kind", "A question is answered yes or no, or with a date."))
    if not wording:
        found.append(Problem("wording", "Write the question as the client will read it."))
    elif len(wording) > MAX_WORDING:
        found.append(Problem("wording", f"Keep the question under {MAX_WORDING} characters."))
    elif message := single_line_problem(wording, "The question"):
        found.append(Problem("wording", message))
    elif any(unicodedata.category(c) in ("Cc", "Cf") for c in wording):
        found.append(Problem("wording", "The question has invisible control characters in it."))
    if kind == DATE and not (interval_days and 1 <= interval_days <= 3650):
        found.append(
            Problem("interval_days", "A date question needs an interval of 1 to 3,650 days.")
        )
    return found


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the settings editor holds it: `slug` None for a new one."""

    slug: str | None
    kind: str
    wording: str
    blocks: bool = False
    interval_days: int | None = None
    in_use: bool = True

    @classmethod
    def of(cls, question: CustomQuestion) -> QuestionDraft:
        """A draft of a question already kept."""
        return cls(question.slug, question.kind, question.wording, question.blocks,
                   question.interval_days, question.in_use)  # fmt: skip


def _interval(draft: QuestionDraft) -> int | None:
    return draft.interval_days if draft.kind == DATE else None


def _free_slug(wording: str, taken: set[str]) -> str:
    base = slug = _slug(wording)
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class CustomQuestions:
    """The practice's own screening questions. Reached as `practice.custom_questions`."""

    def __init__(self, store: Store, audit: Audit):
        self._store = store
        self._audit = audit

    def all(self) -> tuple[CustomQuestion, ...]:
        """Every question, retired ones too, in the order asked."""
        with self._store.reading() as session:
            return read_questions(session)

    def add(
        self, kind: str, wording: str, blocks: bool = False, interval_days: int | None = None
    ) -> CustomQuestion:
        """Add a question at the end of the questionnaire; returns it with its lasting slug."""
        drafts = [QuestionDraft.of(q) for q in self.all()]
        drafts.append(QuestionDraft(None, kind, wording, blocks, interval_days))
        return self.save_all(drafts)[-1]

    def change(
        self,
        slug: str,
        *,
        wording: str | None = None,
        blocks: bool | None = None,
        interval_days: int | None = None,
        in_use: bool | None = None,
    ) -> CustomQuestion:
        """Change a question (what is not given stays). The wording of one already answered
        stays: its answers mean what was asked (retire it and add a new one instead)."""
        drafts = [QuestionDraft.of(q) for q in self.all()]
        for index, draft in enumerate(drafts):
            if draft.slug == slug:
                drafts[index] = replace(
                    draft,
                    wording=draft.wording if wording is None else wording,
                    blocks=draft.blocks if blocks is None else blocks,
                    interval_days=draft.interval_days if interval_days is None else interval_days,
                    in_use=draft.in_use if in_use is None else in_use,
                )
                return next(q for q in self.save_all(drafts) if q.slug == slug)
        raise NotFoundError(f"There is no question “{slug}”.")

    def save_all(self, drafts: list[QuestionDraft]) -> tuple[CustomQuestion, ...]:
        """Make the questionnaire's own questions what `drafts` say, in their order, all or
        nothing: a draft with a slug changes that question, one without adds a question, and
        a question left out is kept as it is (questions are retired, never deleted)."""
        from dermadesk.core.models import ScreeningQuestion

        problems = [
            Problem(f"question {number}", problem.message)
            for number, draft in enumerate(drafts, start=1)
            for problem in _problems(draft.kind, " ".join(draft.wording.split()), _interval(draft))
        ]
        if problems:
            raise ValidationError(problems)
        with self._store.writing() as session:
            rows = {row.slug: row for row in session.exec(select(ScreeningQuestion))}
            taken = set(rows)
            entries = []
            for position, draft in enumerate(drafts):
                wording = " ".join(draft.wording.split())
                row = rows.get(draft.slug) if draft.slug else None
                if draft.slug and row is None:
                    raise NotFoundError(f"There is no question “{draft.slug}”.")
                if row is None:
                    slug = _free_slug(wording, taken)
                    taken.add(slug)
                    now = self._store.clock.now()
                    row = ScreeningQuestion(slug=slug, kind=draft.kind, wording=wording,
                                            blocks=draft.blocks, interval_days=_interval(draft),
                                            in_use=draft.in_use, position=position,
                                            created_at=now, updated_at=now)  # fmt: skip
                    entries.append(Entry("screening.question_added", None, slug, wording))
                else:
                    if wording != row.wording and self._answered(session, row):
                        raise ValidationError([Problem(f"question {position + 1}", (
                            f"Clients have answered “{row.wording}”, so its wording stays as "
                            "they read it. Retire it and add the new wording as a new question."
                        ))])  # fmt: skip
                    before = _as_question(row)
                    row.wording, row.blocks, row.in_use = wording, draft.blocks, draft.in_use
                    row.interval_days = _interval(draft) if row.kind == DATE else None
                    row.position = position
                    after = _as_question(row)
                    if after != before:
                        row.updated_at = self._store.clock.now()
                        what = "retired" if before.in_use and not after.in_use else "changed"
                        entries.append(Entry(f"screening.question_{what}", None, row.slug, wording))
                session.add(row)
            self._audit.add(session, entries)
            session.flush()
            return read_questions(session)

    def retire(self, slug: str) -> CustomQuestion:
        """Stop asking a question; its answers stay on file."""
        return self.change(slug, in_use=False)

    @staticmethod
    def _answered(session: Session, row: ScreeningQuestion) -> bool:
        from dermadesk.core.models import ScreeningAnswer

        statement = select(ScreeningAnswer.id).where(ScreeningAnswer.question_id == row.id)
        return session.exec(statement).first() is not None
