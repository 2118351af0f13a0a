from django.urls import reverse


def test_admin_index_links_to_the_statistics_for_those_allowed(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("registration_statistics") in html


def test_admin_index_hides_the_statistics_link_without_permission(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("staff", is_staff=True)
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("registration_statistics") not in html
