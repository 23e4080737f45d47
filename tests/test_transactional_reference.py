"""A transactional test empties every table when it ends; the tests after it still find the
reference data (regions, framework) that the session loaded once."""

import pytest

from tests.conftest import World


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_there_after_a_transactional_test(world: World) -> None:
    # Ordered among the transactional tests, this one runs after the notifications
    # migration test (which ends by emptying the tables) in a file-ordered run; a parallel
    # worker that takes over another's last tests does the same. It failed so before the
    # reference data was loaded again after each transactional test.
    assert world.region.code == "17.71" and world.region.agencies.exists()
