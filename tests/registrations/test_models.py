import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registrations.models import (
    CODE_LENGTH,
    District,
    Registration,
    generate_code,
)
from tests.conftest import make_city, make_event, make_process, make_registration

# Crockford's base32: digits and letters without I, L, O and U.
CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
CANCELLED = Registration.Status.CANCELLED


@pytest.fixture
def event(city):
    return make_event(make_process(city))


# One active registration per e-mail address and event


def test_one_active_registration_per_email_and_event(event):
    make_registration(event, email="a@x.de")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, email="a@x.de")


def test_the_email_check_ignores_case(event):
    make_registration(event, email="A@x.de")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, email="a@x.de")


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
        Registration.Status.ATTENDED,
    ],
)
def test_every_active_status_blocks_a_second_registration(event, status):
    make_registration(event, email="a@x.de", status=status)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, email="A@X.DE")


def test_a_cancelled_registration_does_not_block_a_new_one(event):
    make_registration(event, email="a@x.de", status=CANCELLED)

    again = make_registration(event, email="A@x.de")

    assert Registration.objects.filter(event=event).active().get() == again


def test_several_cancelled_registrations_may_exist(event):
    make_registration(event, email="a@x.de", status=CANCELLED)
    make_registration(event, email="a@x.de", status=CANCELLED)

    assert Registration.objects.filter(event=event).count() == 2


def test_the_same_email_may_register_for_another_event(city, event):
    other = make_event(event.process, slug="andere", title="Andere")
    make_registration(event, email="a@x.de")

    second = make_registration(other, email="a@x.de")

    assert second.pk is not None


def test_registrations_without_email_do_not_block_each_other(event):
    phone = Registration.Channel.PHONE
    make_registration(event, email="", channel=phone, consent_at=None)

    second = make_registration(event, email="", channel=phone, consent_at=None)

    assert second.pk is not None


def test_full_clean_rejects_a_second_active_registration(event):
    make_registration(event, email="a@x.de")
    duplicate = Registration(
        event=event, name="B", email="A@X.de", consent_at=timezone.now()
    )

    with pytest.raises(ValidationError):
        duplicate.full_clean()


# What the web form must record


def test_web_registration_requires_consent(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, channel=Registration.Channel.WEB, consent_at=None)


def test_web_registration_requires_an_email(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, channel=Registration.Channel.WEB, email="")


def test_full_clean_rejects_web_registration_without_consent(event):
    registration = Registration(event=event, name="A", email="a@x.de")

    with pytest.raises(ValidationError):
        registration.full_clean()


@pytest.mark.parametrize(
    "channel",
    [
        Registration.Channel.PHONE,
        Registration.Channel.EMAIL,
        Registration.Channel.DOOR,
    ],
)
def test_staff_entered_registrations_need_neither_consent_nor_email(event, channel):
    registration = make_registration(event, channel=channel, email="", consent_at=None)

    registration.full_clean()


# Registration codes


def test_generated_codes_are_eight_crockford_characters():
    codes = [generate_code() for _ in range(500)]

    assert CODE_LENGTH == 8
    assert all(len(code) == 8 for code in codes)
    assert set("".join(codes)) <= CROCKFORD
    assert len(set(codes)) == len(codes)


def test_a_registration_gets_its_own_code(event):
    first = make_registration(event)
    second = make_registration(event)

    assert len(first.code) == 8
    assert set(first.code) <= CROCKFORD
    assert first.code != second.code
    assert Registration.objects.get(code=first.code) == first


def test_registration_codes_are_unique(event):
    first = make_registration(event)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, code=first.code)


# Districts


def test_one_outside_district_per_city(city):
    District.objects.create(
        city=city, name="außerhalb", slug="ausserhalb", is_outside=True
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(
            city=city, name="woanders", slug="woanders", is_outside=True
        )


def test_each_city_may_have_its_own_outside_district(city):
    other = make_city()
    District.objects.create(
        city=city, name="außerhalb", slug="ausserhalb", is_outside=True
    )

    District.objects.create(
        city=other, name="außerhalb", slug="ausserhalb", is_outside=True
    )

    assert District.objects.filter(is_outside=True).count() == 2


def test_a_city_has_many_districts_inside(city):
    for slug in ("mitte", "nord", "ost"):
        District.objects.create(city=city, name=slug.title(), slug=slug)

    assert District.objects.filter(city=city, is_outside=False).count() == 3


def test_outside_district_is_listed_last(city):
    District.objects.create(
        city=city, name="außerhalb", slug="ausserhalb", is_outside=True, order=0
    )
    District.objects.create(city=city, name="Mitte", slug="mitte", order=1)
    District.objects.create(city=city, name="Nord", slug="nord", order=2)

    names = list(District.objects.filter(city=city).values_list("slug", flat=True))

    assert names == ["mitte", "nord", "ausserhalb"]
