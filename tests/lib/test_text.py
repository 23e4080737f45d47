"""Text is text: control characters are refused at every edge, naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django import forms as django_forms
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.lib import forms
from kotacerdas.lib.text import first_forbidden, forbidden_in, refuse_control_characters
from tests.conftest import World
from tests.planning import factories as f


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\ud800"])
def test_control_characters_and_lone_surrogates_are_found(char: str) -> None:
    assert first_forbidden(f"Dinas{char}Kominfo") == 5


@given(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs"])))
def test_ordinary_text_of_any_script_passes(text: str) -> None:
    assert first_forbidden(text + "\t\r\n") is None


def test_the_validator_names_the_character_and_position() -> None:
    with pytest.raises(Exception) as caught:
        refuse_control_characters("ab\x0bc")
    assert "U+000B" in str(caught.value) and "3" in str(caught.value)


def test_nested_json_reports_each_path() -> None:
    found = dict(forbidden_in({"name": "ok", "funding": [{"source": "a\x01"}], "k\x02": 1}))
    assert set(found) == {("funding", 0, "source"), ("k\x02",)}


class _Sample(forms.Form):
    name = django_forms.CharField()
    tags = django_forms.MultipleChoiceField(choices=[("a\x01", "a"), ("b", "b")], required=False)
    size = django_forms.IntegerField(required=False)


def test_a_form_refuses_a_control_character_in_the_field_it_is_in() -> None:
    form = _Sample({"name": "Diskominfo\x01", "size": "3"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert "U+0001" in form.errors["name"][0]
    assert _Sample({"name": "Dinas\tKesehatan\r\nKota", "size": "3"}).is_valid()
    assert not _Sample({"name": "x", "tags": ["a\x01"]}).is_valid()


@pytest.mark.django_db
def test_the_api_refuses_control_characters_in_bodies_and_queries(world: World) -> None:
    plan = f.masterplan(world)
    client = world.client("coordinator")
    url = f"/api/v1/masterplans/{plan.pk}"
    response = client.patch(
        url, json.dumps({"title": "Masterplan\x0b2026"}), content_type="application/json"
    )
    assert response.status_code == 422
    body: dict[str, Any] = response.json()
    assert body["error"]["details"][0]["field"] == "title"
    assert "U+000B" in body["error"]["details"][0]["message"]
    plan.refresh_from_db()
    assert "\x0b" not in plan.title
    nul = client.patch(url, '{"title": "a\\u0000b"}', content_type="application/json")
    assert nul.status_code == 422
    broken = client.patch(url, b"{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "invalid_json"
    query = client.get("/api/v1/regions?q=a%01b")
    assert query.status_code in (200, 422)
    if query.status_code == 422:
        assert query.json()["error"]["details"][0]["field"] == "q"
