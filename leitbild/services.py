"""Services of the leitbild app: an edition's lifecycle.

The steps that reach above this app compose these: adopting with the PDF
(portal.services.edition_status_change) and a new draft with its action
fields (handlungsfelder.services.edition_copy_as_draft).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import content_changed
from core.languages import german_columns, language_columns

from .models import Edition, Section, Term

Status = Edition.Status

# The steps an edition may take. Adoption is the council's decision and
# final: an adopted edition is only ever archived, when the next is adopted.
EDITION_TRANSITIONS = {
    (Status.DRAFT, Status.CONSULTATION),
    (Status.CONSULTATION, Status.DRAFT),
    (Status.DRAFT, Status.ADOPTED),
    (Status.CONSULTATION, Status.ADOPTED),
    (Status.ADOPTED, Status.ARCHIVED),
}


@transaction.atomic
def edition_transition(
    *,
    edition: Edition,
    status: str,
    decision_date: dt.date | None = None,
    decision_reference: str = "",
) -> Edition:
    """Move an edition one step along draft ⇄ consultation → adopted →
    archived and return it as stored.

    Adopting records the council decision, archives the city's edition
    adopted so far (one adopted edition per city). Storing the adopted PDF
    is portal.services.edition_status_change, which calls this.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if (edition.status, status) not in EDITION_TRANSITIONS:
        raise ValidationError(
            _("An edition cannot go from “%(old)s” to “%(new)s”."),
            code="invalid_transition",
            params={
                "old": Status(edition.status).label,
                "new": Status(status).label if status in Status else status,
            },
        )
    if status == Status.ADOPTED:
        if decision_date is None:
            raise ValidationError(
                {
                    "council_decision_date": ValidationError(
                        _("Enter the date of the council decision."),
                        code="required",
                    )
                }
            )
        if decision_date > timezone.localdate():
            raise ValidationError(
                {
                    "council_decision_date": ValidationError(
                        _("The council decision cannot lie in the future."),
                        code="future",
                    )
                }
            )
        previous = Edition.objects.select_for_update().filter(
            city_id=edition.city_id, status=Status.ADOPTED
        )
        for old in previous.exclude(pk=edition.pk):
            old.status = Status.ARCHIVED
            old.full_clean()
            old.save(update_fields=["status", "updated_at"])
        edition.council_decision_date = decision_date
        edition.council_decision_reference = decision_reference.strip()
    edition.status = status
    edition.full_clean()
    edition.save()
    return edition


def row_copy[M: models.Model](obj: M, **changes) -> M:
    """An unsaved copy of a row with every concrete field but the key and
    the timestamps, so that fields added later are copied too."""
    skipped = {"created_at", "updated_at"}
    values = {
        model_field.attname: getattr(obj, model_field.attname)
        for model_field in obj._meta.concrete_fields
        if not model_field.primary_key and model_field.name not in skipped
    }
    values.update(changes)
    return type(obj)(**values)


@transaction.atomic
def edition_draft_start(
    *, edition: Edition, year: int, title: str | None = None
) -> Edition:
    """Start a new draft edition from an edition, with its sections and terms.
    handlungsfelder.services.edition_copy_as_draft adds the action fields.

    The draft gets the city's next number, the given year and a period of
    the same length starting that year. A fixed number of queries whatever
    the size of the edition: one read and one bulk insert per kind of row.
    """
    if year <= edition.year:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("The new edition must come after %(year)s."),
                    code="not_later",
                    params={"year": edition.year},
                )
            }
        )
    last_number = Edition.objects.filter(city_id=edition.city_id).aggregate(
        last=Max("number")
    )["last"]
    period_end = None
    if edition.period_end is not None:
        period_end = year + edition.period_end - edition.period_start
    # The text in every language, column by column (whatever language is
    # active), as row_copy() copies the rows below; a new title starts
    # without translations.
    texts = {
        column: getattr(edition, column)
        for name in ("title", "summary")
        for column in language_columns(name)
    }
    if title:
        (german,) = german_columns(Edition, ("title",))
        texts |= dict.fromkeys(language_columns("title")) | {german: title}
    draft = Edition(
        city_id=edition.city_id,
        number=(last_number or 0) + 1,
        year=year,
        period_start=year,
        period_end=period_end,
        status=Status.DRAFT,
        **texts,
    )
    draft.full_clean()
    draft.save()

    # The copies are not validated one by one (that would cost queries per
    # row): they repeat rows that passed validation, into an empty edition,
    # so their per-edition constraints hold. bulk_create() bypasses save(),
    # which is fine: the draft is not frozen.
    Section.objects.bulk_create(
        row_copy(section, edition_id=draft.pk)
        for section in Section.objects.filter(edition=edition)
    )
    Term.objects.bulk_create(
        row_copy(term, edition_id=draft.pk)
        for term in Term.objects.filter(edition=edition)
    )
    # Bulk inserts send no signals: drop cached pages once the copy is in.
    transaction.on_commit(content_changed)
    return draft
