"""One bounded store for what a long-lived process remembers (a batch worker, a cluster worker, the studio).

A plain dict in a process that serves thousands of leaflets grows without end; ``Bounded`` keeps the
``size`` entries used most recently and forgets the rest, so memory stays flat however long it runs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Bounded(Generic[V]):
    """At most ``size`` values, the least recently used forgotten first."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a bounded store holds at least one value")
        self.size = size
        self.items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``, made by ``make()`` (and kept) if it is not here."""
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        value = self.items[key] = make()
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        self.items.clear()

    def __len__(self) -> int:
        return len(self.items)
