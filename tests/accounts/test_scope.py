"""What the system actor and signed-in users reach."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.accounts.scope import scope_of
from kotacerdas.regions.models import Region
from kotacerdas.regions.queries import regions_visible_to

from ..conftest import World


def test_the_system_actor_reaches_every_region_and_anonymous_none(world: World) -> None:
    assert scope_of(SYSTEM).national
    assert regions_visible_to(SYSTEM).count() == Region.objects.count()
    assert not regions_visible_to(AnonymousUser()).exists()


def test_a_superuser_flag_alone_reaches_no_region(world: World) -> None:
    user = world.users["no_role"]
    assert user is not None
    user.is_superuser = True
    user.save()
    assert not scope_of(user).national
    assert not regions_visible_to(user).exists()
