"""Small-number protection (portal.privacy): what may be shown of a table,
and that no hidden count of 1 to 4 can be worked out from what is shown.

Besides examples, each rule is checked by brute force: every table of small
sizes, attacked the way a reader who knows the rule would attack it.
"""

import itertools

import pytest

from portal.privacy import WITHHELD, Figure, K, Linked, figure, protect


def shown_values(protection) -> list[int]:
    """Every number the table shows: cells, "others together", total."""
    numbers = [
        protection.values[i]
        for i in range(len(protection.values))
        if i not in protection.hidden
    ]
    if protection.other is not None:
        numbers.append(protection.other.value)
    if protection.total_figure.shown:
        numbers.append(protection.total)
    return numbers


def possible_tables(protection, *, linked=None, limit=None):
    """Every table a reader who knows the rule cannot tell from this one:
    the same figures shown, the same cells hidden, as small or not."""
    values = protection.values
    limit = limit or protection.total + K
    # Cells hidden to protect others are no larger than the smallest shown.
    cap = min(
        (v for i, v in enumerate(values) if i not in protection.hidden and v >= K),
        default=limit,
    )
    ranges = []
    for i, value in enumerate(values):
        if i not in protection.hidden:
            ranges.append([value])
        elif protection.broken_down and i in protection.small:
            ranges.append(range(1, K))
        elif protection.broken_down:
            ranges.append(range(K, cap + 1))
        else:
            ranges.append(range(0, limit + 1))
    for candidate in itertools.product(*ranges):
        if protection.total_figure.shown and sum(candidate) != protection.total:
            continue
        if not protection.total_figure.shown and not 0 < sum(candidate) < K:
            continue
        if linked is not None:
            part = sum(candidate[i] for i in linked.cells)
            if part < linked.low or (linked.high is not None and part > linked.high):
                continue
        yield candidate


def assert_no_small_count_pinned(protection, *, linked=None) -> None:
    candidates = list(possible_tables(protection, linked=linked))
    assert protection.values in candidates
    for i, value in enumerate(protection.values):
        if 0 < value < K:
            assert {c[i] for c in candidates} != {value}, (protection, i)


def test_a_figure_on_its_own_under_five_reads_fewer_than_five():
    assert figure(0) == Figure(0)
    assert figure(3) == Figure(small=True)
    assert figure(5) == Figure(5)


def test_a_table_of_large_counts_is_shown_whole():
    protection = protect([10, 20, 0])

    assert protection.hidden == frozenset()
    assert protection.total_figure == Figure(30)
    assert protection.cell(2) == Figure(0)


def test_a_small_count_is_merged_with_the_next_smallest():
    protection = protect([40, 3, 12, 0])

    assert protection.hidden == {1, 2}
    assert protection.cell(1) == Figure(small=True)
    assert protection.cell(2) == WITHHELD
    assert protection.other == Figure(15)
    assert protection.cell(0) == Figure(40) and protection.cell(3) == Figure(0)


def test_three_and_twenty_cannot_be_told_apart_from_their_total():
    # The differencing attack: total 23 minus a shown 20 would give 3.
    protection = protect([3, 20])

    assert protection.hidden == {0, 1}
    assert 20 not in shown_values(protection)
    assert protection.total_figure == Figure(23)
    assert_no_small_count_pinned(protection)


def test_small_counts_that_only_add_up_to_a_small_sum_take_a_large_one_along():
    protection = protect([1, 2, 30, 9])

    assert protection.hidden == {0, 1, 3}
    assert protection.other == Figure(12)


def test_small_counts_all_at_four_are_not_left_alone_together():
    # 4 + 4 = 8 hidden together would pin both at 4.
    protection = protect([4, 4, 30])

    assert protection.hidden == {0, 1, 2}
    assert_no_small_count_pinned(protection)


def test_five_ones_are_not_left_alone_together():
    protection = protect([1, 1, 1, 1, 1, 50])

    assert 50 not in shown_values(protection)
    assert_no_small_count_pinned(protection)


def test_a_table_that_cannot_be_split_safely_shows_only_its_total():
    # 5 and 1: whatever is hidden, the rule gives the 1 away.
    protection = protect([5, 1])

    assert not protection.broken_down
    assert protection.cell(0) == WITHHELD and protection.cell(1) == WITHHELD
    assert protection.other is None
    assert protection.total_figure == Figure(6)


def test_a_total_under_five_is_not_broken_down():
    protection = protect([2, 1, 0])

    assert not protection.broken_down
    assert protection.total_figure == Figure(small=True)
    assert shown_values(protection) == []


def test_a_sum_is_shown_only_when_it_follows_from_the_shown_figures():
    protection = protect([30, 3, 10])

    assert protection.hidden == {1, 2}
    assert protection.sum_of({0}) == Figure(30)
    assert protection.sum_of({1, 2}) == Figure(13)
    assert protection.sum_of({0, 2}) == WITHHELD


def test_a_linked_figure_that_gives_a_small_count_away_is_reported():
    # Only in person 20, only online 3, both 0, and the one event held had
    # 20 sign-ups: 23 people minus 20 would give the 3 away.
    linked = Linked(frozenset({0, 2}), 20, 20)

    protection = protect([20, 3, 0], linked=linked)

    assert not protection.linked_safe
    # Once the event's figure is withheld (at least 5 came), it is safe.
    protection = protect([20, 3, 0], linked=Linked(frozenset({0, 2}), K, None))
    assert protection.linked_safe
    assert_no_small_count_pinned(protection, linked=Linked(frozenset({0, 2}), K))


def test_a_linked_lower_bound_is_reckoned_with():
    # The largest event had 24 sign-ups, 20 came only in person: "both" would
    # be at least 4, and being under 5, exactly 4.
    linked = Linked(frozenset({0, 2}), 24, None)

    protection = protect([20, 30, 4], linked=linked)

    assert protection.linked_safe
    assert 20 not in shown_values(protection)
    assert_no_small_count_pinned(protection, linked=linked)


@pytest.mark.parametrize("size", [2, 3])
def test_no_table_of_small_sizes_gives_a_small_count_away(size):
    for values in itertools.product([0, 1, 2, 3, 4, 5, 6, 9], repeat=size):
        protection = protect(values)
        assert all(not 0 < n < K for n in shown_values(protection)), values
        if protection.other is not None:
            assert protection.other.value >= K
        assert_no_small_count_pinned(protection)


def test_no_linked_table_of_small_sizes_gives_a_small_count_away():
    for values in itertools.product([0, 1, 3, 4, 5, 7], repeat=3):
        inside = values[0] + values[2]
        for low, high in [(inside, inside), (max(inside - 2, 0), None)]:
            linked = Linked(frozenset({0, 2}), low, high)
            protection = protect(values, linked=linked)
            if protection.linked_safe:
                assert_no_small_count_pinned(protection, linked=linked)
