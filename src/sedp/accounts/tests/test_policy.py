"""The one permission policy, over pages and API, with named personas.

Village head (Buôn Ea Kmát), commune planner and leader (Phường Ea Kao), province officer (Đắk Lắk), a citizen
(not signed in) and an outsider (leader of a Hà Nội ward). `private_cycle` is an unpublished Ea Kao cycle.
"""

import pytest

from sedp.accounts.models import RoleGrant
from sedp.accounts.policy import can, restrict
from sedp.accounts.roles import Action
from sedp.cycles.models import Cycle, Milestone

pytestmark = pytest.mark.django_db


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    "persona, page, api",
    [
        ("village_head", 200, 200),  # a cycle of the commune is the context of the village's work
        ("commune_planner", 200, 200),
        ("province_officer", 200, 200),
        ("citizen", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_it_shows_an_unpublished_cycle_only_to_people_of_its_tree(
    client, request, private_cycle, persona, page, api
):
    user = None if persona == "citizen" else request.getfixturevalue(persona)
    assert get(client, user, f"/cycles/{private_cycle.pk}/").status_code == page
    assert client.get(f"/api/v1/cycles/{private_cycle.pk}/").status_code == api
    listed = [c["id"] for c in client.get("/api/v1/cycles/?limit=100").json()["items"]]
    assert (private_cycle.pk in listed) == (api == 200)


def test_citizens_read_published_cycles_without_signing_in(client, units):
    published = Cycle.objects.get(unit=units.daklak)
    assert client.get(f"/cycles/{published.pk}/").status_code == 200
    assert client.get(f"/api/v1/cycles/{published.pk}/").json()["is_published"] is True


@pytest.mark.parametrize(
    "persona, status",
    [
        ("commune_leader", 200),
        ("province_officer", 200),
        ("commune_planner", 403),
        ("village_head", 403),
        ("outsider", 404),
    ],
)
def test_only_managers_of_the_tree_may_edit_a_milestone(client, request, private_cycle, persona, status):
    milestone = private_cycle.milestones.first()
    response = get(client, request.getfixturevalue(persona), f"/cycles/milestones/{milestone.pk}/edit/")
    assert response.status_code == status


def test_a_citizen_is_sent_to_sign_in_before_editing(client, private_cycle):
    response = client.get(f"/cycles/milestones/{private_cycle.milestones.first().pk}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_role_applies_to_everything_below_its_unit(village_head, province_officer, units):
    assert can(province_officer, Action.CHANGE, units.ea_kmat)
    assert can(village_head, Action.CHANGE, units.ea_kmat)
    assert not can(village_head, Action.CHANGE, units.thon_1)  # a sibling village
    assert not can(village_head, Action.CHANGE, units.ea_kao)  # the commune above
    assert not can(village_head, Action.MANAGE, units.ea_kmat)  # heads record, they do not run the cycle


def test_the_fatherland_front_reads_and_comments_but_does_not_edit(db, units):
    from django.contrib.auth import get_user_model

    front = get_user_model().objects.get(username="mattran")
    assert can(front, Action.VIEW, units.ea_kmat) and can(front, Action.COMMENT, units.ea_kmat)
    assert not can(front, Action.CHANGE, units.ea_kmat)


def test_the_same_restricting_query_serves_every_model(outsider, commune_planner, private_cycle):
    assert not restrict(Milestone.objects.filter(cycle=private_cycle), outsider).exists()
    assert restrict(Milestone.objects.filter(cycle=private_cycle), commune_planner).count() == 10


def test_a_system_administrator_sees_everything(db, private_cycle):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="quantri")
    assert restrict(Cycle.objects.all(), admin).filter(pk=private_cycle.pk).exists()


def test_a_role_cannot_be_granted_on_the_wrong_level(village_head, units):
    from django.core.exceptions import ValidationError

    grant = RoleGrant(user=village_head, role="province_officer", unit=units.ea_kao)
    with pytest.raises(ValidationError):
        grant.full_clean()


def test_demo_logins_work_only_with_the_demo_setting(client, settings):
    settings.SEDP_DEMO = True
    assert client.login(username="canboxa", password="demo-opensedp")
    client.logout()
    settings.SEDP_DEMO = False
    assert not client.login(username="canboxa", password="demo-opensedp")


def test_public_reference_data_stays_readable_by_people_with_roles_elsewhere(client, outsider, units):
    client.force_login(outsider)
    assert client.get(f"/places/{units.ea_kao.pk}/").status_code == 200
    assert client.get("/api/v1/places/", {"level": "province"}).json()["count"] == 34
