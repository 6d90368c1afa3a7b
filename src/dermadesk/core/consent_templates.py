"""Consent forms: DermaDesk's default texts, the practice's edited versions (each kept),
and a form's text filled in for one client."""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from dermadesk.core.consent_status import KINDS, PHOTO, TREATMENT
from dermadesk.core.custom_questions import form_questions, questions_json
from dermadesk.core.dates import long_date
from dermadesk.core.db import Store
from dermadesk.core.errors import Problem, ValidationError
from dermadesk.core.models import Client, ConsentTemplate
from dermadesk.core.placeholders import (
    fill_placeholders,
    unknown_placeholders,
    unknown_placeholders_message,
)
from dermadesk.core.records import ClientFile, ConsentForm
from dermadesk.core.settings import PracticeDetails, PracticeSettings
from dermadesk.core.text_rules import free_text_problem, single_line_problem
from dermadesk.paths import resource_path

_DEFAULT_TEXTS = {TREATMENT: "treatment_consent.txt", PHOTO: "photo_consent.txt"}


def default_text(kind: str) -> tuple[str, str]:
    """DermaDesk's default (title, body) for a kind of consent."""
    text = resource_path("templates", _DEFAULT_TEXTS[kind]).read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    return title.strip(), body.strip()


def _versions_newest_first(kind: str) -> SelectOfScalar[ConsentTemplate]:
    """A form's versions, the newest first."""
    return (
        select(ConsentTemplate)
        .where(ConsentTemplate.kind == kind)
        .order_by(col(ConsentTemplate.version).desc())
    )


PLACEHOLDERS = ("practice_name", "practice_phone", "practitioner_name", "client_name",
                "date_of_birth")  # fmt: skip


class ConsentTemplates:
    """The versions of each consent form."""

    def __init__(self, store: Store, settings: PracticeSettings):
        self._store = store
        self._settings = settings

    def current_template(self, kind: str) -> ConsentTemplate:
        """The newest version of a form (DermaDesk's default text becomes version 1)."""
        if kind not in KINDS:
            raise ValidationError([Problem("kind", f"There is no “{kind}” consent.")])
        with self._store.reading() as session:
            template = self._newest(session, kind)
        if template is None:
            return self.save_template(kind, *default_text(kind))
        if kind == TREATMENT and template.questions != self._questions_now(kind):
            # The questionnaire changed: a signed record keeps the questions it was asked.
            return self.save_template(kind, template.title, template.body)
        return template

    def _questions_now(self, kind: str) -> str:
        """The questions a new version of the form would ask ("" for the photo form)."""
        if kind != TREATMENT:
            return ""
        return questions_json(form_questions(self._settings.screening().custom_questions))

    @staticmethod
    def _newest(session: Session, kind: str) -> ConsentTemplate | None:
        return session.exec(_versions_newest_first(kind)).first()

    def template_versions(self, kind: str) -> list[ConsentTemplate]:
        """Every version of a form, newest first."""
        with self._store.reading() as session:
            return list(session.exec(_versions_newest_first(kind)))

    def save_template(self, kind: str, title: str, body: str) -> ConsentTemplate:
        """Keep an edited form as a new version; the same text again adds nothing."""
        title, body = title.strip(), body.strip()
        problems = []
        if not title:
            problems.append(Problem("title", "The form needs a title."))
        elif message := single_line_problem(title, "The form's title"):
            problems.append(Problem("title", message))
        if not body:
            problems.append(Problem("body", "The form needs its text."))
        elif message := free_text_problem(body, "The form's text"):
            problems.append(Problem("body", message))
        if unknown := unknown_placeholders(f"{title}\n{body}", PLACEHOLDERS):
            problems.append(Problem("body", unknown_placeholders_message(unknown, PLACEHOLDERS)))
        if problems:
            raise ValidationError(problems)
        questions = self._questions_now(kind)
        with self._store.writing() as session:
            newest = self._newest(session, kind)
            if newest is not None and (newest.title, newest.body, newest.questions) == (
                title,
                body,
                questions,
            ):
                return newest
            template = ConsentTemplate(
                kind=kind,
                version=(newest.version + 1) if newest else 1,
                title=title,
                body=body,
                questions=questions,
                created_at=self._store.clock.now(),
            )
            session.add(template)
            session.flush()
            session.refresh(template)
            return template

    def form_text(
        self,
        template: ConsentTemplate | ConsentForm,
        client: Client | ClientFile,
        practice: PracticeDetails | None = None,
    ) -> str:
        """The form's text for this client, the practice's details filled in."""
        practice = practice or self._settings.practice_details()
        values = {
            "practice_name": practice.name,
            "practice_phone": practice.phone or "the number on this form",
            "practitioner_name": practice.practitioner_name,
            "client_name": f"{client.first_name} {client.last_name}",
            "date_of_birth": long_date(client.date_of_birth),
        }
        return fill_placeholders(template.body, values)

    # --- signing -----------------------------------------------------------------
