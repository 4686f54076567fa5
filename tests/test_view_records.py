"""The views are frozen keyword-only records (views._Frozen: what the dataclasses gave
them, at a fraction of the start-up cost): equal by value and type, hashable, immutable,
copied with changes by `replace`, and strict about their fields."""

from __future__ import annotations

import pytest

from papercli import views
from papercli.filters import NO_FILTERS


def test_equal_by_value_and_type_and_hashable() -> None:
    a = views.Listing(period="day", arg="2026-01-02")
    assert a == views.Listing(period="day", arg="2026-01-02")
    assert hash(a) == hash(views.Listing(period="day", arg="2026-01-02"))
    assert a != views.Listing(period="day", arg="2026-01-03")
    assert views.Search(query="x") != views.LibraryText(query="x")  # same fields, other kind
    assert len({a, views.Listing(period="day", arg="2026-01-02"), views.Library()}) == 2


def test_fields_inherited_in_order_with_their_defaults() -> None:
    view = views.Related(paper_id="2401.00001", limit=3)
    assert views.Related._fields[:4] == ("filters", "sort", "limit", "hidden")
    assert "kind" not in views.Related._fields  # a ClassVar is no field
    assert (view.filters, view.sort, view.limit, view.hidden, view.paper_ids) == (
        NO_FILTERS, None, 3, False, ())
    assert repr(view).startswith("Related(filters=FilterOptions(")


def test_immutable_and_replaced() -> None:
    view = views.Listing(period="week", arg="2026-W01", limit=5)
    with pytest.raises(AttributeError):
        view.arg = "2026-W02"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del view.arg
    moved = view.replace(arg="2026-W02")
    assert (moved.arg, moved.limit, moved.period, view.arg) == (
        "2026-W02", 5, "week", "2026-W01")
    assert type(moved) is views.Listing


def test_an_unknown_field_is_an_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'querry'"):
        views.Search(querry="x")  # type: ignore[call-arg]
