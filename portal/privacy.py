"""Small-number protection for published figures (k = 5).

The participation report counts people and what they wrote. A count under K
could help someone tell who took part, so no figure of 1 to K-1 is published,
nor one that can be worked out from the published figures:

1. A count of 1 to K-1 is not shown. A table merges it into "other"; a
   figure on its own reads "fewer than 5". Zero is shown as 0: that nobody
   has a property tells nothing about any one person.
2. A table splits one population, and its total is shown (the same total in
   every table of that population: whoever subtracts uses it). The hidden
   cells of a table are then known only through their sum, the total minus
   the shown cells. That sum must be K or more, and it must not pin a hidden
   small count, or a small remainder, to a single value, reckoning with what
   the rule itself tells a reader: a hidden small count is 1 to K-1, a cell
   hidden to protect others is at least K and no more than the smallest
   cell still shown. Where it would, more cells are hidden, smallest first;
   where no split is safe, only the total is shown.
3. A figure of another table that bounds the sum of some cells (the people
   who took part in person are at least as many as the largest event's
   sign-ups) is reckoned with in the same way (`Linked`).
4. A total under K reads "fewer than 5" and is not broken down.

"Cannot be worked out" means exactly: a reader may narrow a hidden count
down, never to one value.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K = 5


@dataclass(frozen=True)
class Figure:
    """A count as it may be published: its value, or None when it is not
    shown; `small` says it is not shown because it is under K."""

    value: int | None = None
    small: bool = False

    @property
    def shown(self) -> bool:
        return self.value is not None


WITHHELD = Figure()


def figure(value: int, *, k: int = K) -> Figure:
    """A count that no shown figure adds up with: shown unless under K."""
    if value == 0 or value >= k:
        return Figure(value)
    return Figure(small=True)


@dataclass(frozen=True)
class Linked:
    """What another table tells about the sum of some cells: it lies between
    `low` and `high` (None: no upper bound)."""

    cells: frozenset[int]
    low: int
    high: int | None = None


@dataclass(frozen=True)
class Protected:
    """The cells of one table that may be shown, and the sum of the others.

    `broken_down` is False when only the total may be shown. `linked_safe`
    is False when even the total alone, with the linked figure, gives a
    small count away: then the linked figure must be hidden too.
    """

    values: tuple[int, ...]
    hidden: frozenset[int]
    small: frozenset[int]
    broken_down: bool
    linked_safe: bool = True
    k: int = K

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def total_figure(self) -> Figure:
        return figure(self.total, k=self.k)

    def cell(self, index: int) -> Figure:
        if index not in self.hidden:
            return Figure(self.values[index])
        if self.broken_down:
            return Figure(small=index in self.small)
        return WITHHELD

    @property
    def other(self) -> Figure | None:
        """The hidden cells together (K or more), or None when none is."""
        if not self.broken_down or not self.hidden:
            return None
        return Figure(sum(self.values[i] for i in self.hidden))

    def sum_of(self, indices: Iterable[int]) -> Figure:
        """A sum of cells: shown only when it follows from the shown figures
        (it holds no hidden cell, or all of them)."""
        indices = set(indices)
        value = sum(self.values[i] for i in indices)
        if not indices & self.hidden:
            return Figure(value)
        if self.hidden <= indices and (self.broken_down or self.total >= self.k):
            return Figure(value)
        return WITHHELD


def protect(
    values: Sequence[int], *, linked: Linked | None = None, k: int = K
) -> Protected:
    """Decide which cells of a table may be shown (see the module's rule).

    `values` split one population; their sum is the total, which is shown
    when it is 0 or K or more.
    """
    values = tuple(values)
    total = sum(values)
    small = frozenset(i for i, value in enumerate(values) if 0 < value < k)
    everything = frozenset(range(len(values)))
    if 0 < total < k:
        return Protected(values, everything, small, broken_down=False, k=k)
    hidden = set(small)
    while not _split_safe(values, hidden, small, linked, k):
        candidates = [
            i for i, value in enumerate(values) if i not in hidden and value >= k
        ]
        if not candidates:
            bounds = {i: (0, total) for i in everything}
            return Protected(
                values,
                everything,
                small,
                broken_down=False,
                linked_safe=_unpinned(values, bounds, total, linked, k),
                k=k,
            )
        hidden.add(min(candidates, key=lambda i: (values[i], i)))
    return Protected(values, frozenset(hidden), small, broken_down=True, k=k)


def _split_safe(values, hidden, small, linked, k) -> bool:
    if not hidden:
        return True
    rest = sum(values[i] for i in hidden)
    if rest < k:
        return False
    cap = min(
        (value for i, value in enumerate(values) if i not in hidden and value >= k),
        default=sum(values),
    )
    bounds = {i: (1, k - 1) if i in small else (k, cap) for i in hidden}
    return _unpinned(values, bounds, rest, linked, k)


def _unpinned(values, bounds: dict, rest: int, linked: Linked | None, k) -> bool:
    """Whether no small count can be pinned down, knowing that the hidden
    cells (each within its bounds) add up to `rest` and the linked cells'
    sum lies within the linked bounds.

    The hidden cells fall into two spans, inside and outside the linked
    cells. The range of each span's sum and of each cell follow exactly
    from the interval bounds (they are integer intervals that add up).
    """
    inside = [i for i in bounds if linked is not None and i in linked.cells]
    outside = [i for i in bounds if i not in inside]
    low, high = -math.inf, math.inf
    if linked is not None:
        shown_inside = sum(values[i] for i in linked.cells if i not in bounds)
        low = linked.low - shown_inside
        if linked.high is not None:
            high = linked.high - shown_inside

    def sums(cells):
        return sum(bounds[i][0] for i in cells), sum(bounds[i][1] for i in cells)

    low_in, high_in = sums(inside)
    low_out, high_out = sums(outside)
    span_low = max(low_in, low, rest - high_out)
    span_high = min(high_in, high, rest - low_out)
    spans = [
        (inside, span_low, span_high),
        (outside, rest - span_high, rest - span_low),
    ]
    for cells, least_sum, most_sum in spans:
        if not cells:
            continue
        low_sum, high_sum = sums(cells)
        pinned = 0
        for i in cells:
            low_i, high_i = bounds[i]
            least = max(low_i, least_sum - (high_sum - high_i))
            most = min(high_i, most_sum - (low_sum - low_i))
            if least == most:
                if 0 < values[i] < k:
                    return False
                pinned += values[i]
        if least_sum == most_sum and 0 < least_sum - pinned < k:
            return False
    return True
