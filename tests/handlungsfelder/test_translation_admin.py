"""Staff add a missing Turkish translation of a goal in the admin, and the
page shows it at once: the adopted edition's German text stays frozen, the
translation is saved, and the page cache does not serve the stale page."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.cache import content_version
from handlungsfelder.models import Goal
from tests.conftest import FormValues, adopt, make_action_field, make_edition

NOTE_TR = "Bu metin yalnızca Almanca olarak mevcuttur."


def form_data(client, url, **changes) -> dict:
    """What the browser sends back for the admin page, with `changes`."""
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if not name.startswith(("CHANGE_FORM-", ACTION_CHECKBOX_NAME))
        and name != "csrfmiddlewaretoken"
    }
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["Save"]
    return data


def test_staff_add_a_turkish_goal_title_and_the_page_shows_it_at_once(
    client, admin_client, city
):
    edition = make_edition(city)
    field = make_action_field(edition, name="Bildung", slug="bildung")
    goal = field.goals.create(order=1, title="Sprachkurse für alle")
    adopt(edition)
    path = f"/tr/leitbild/2025/handlungsfelder/bildung/ziele/{goal.pk}/"

    before = client.get(path).content.decode()
    assert '<h1><span lang="de" dir="ltr">Sprachkurse für alle</span></h1>' in before
    assert NOTE_TR in before
    # Served from the page cache from now on.
    assert client.get(path).content.decode() == before
    version = content_version()

    url = reverse("admin:handlungsfelder_goal_change", args=[goal.pk])
    response = admin_client.post(
        url, form_data(admin_client, url, title_tr="Herkese dil kursu")
    )

    assert response.status_code == 302
    goal = Goal.objects.get(pk=goal.pk)
    assert goal.title_tr == "Herkese dil kursu"
    assert goal.title_de == "Sprachkurse für alle"
    assert content_version() != version
    after = client.get(path).content.decode()
    assert "<h1>Herkese dil kursu</h1>" in after
    assert NOTE_TR not in after
    # The German page keeps the German text.
    assert (
        "<h1>Sprachkurse für alle</h1>"
        in client.get(
            f"/leitbild/2025/handlungsfelder/bildung/ziele/{goal.pk}/"
        ).content.decode()
    )
