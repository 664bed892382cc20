"""A paginator that counts up to a cap: a staff list of 100,000 rows need not count them all on every page.

Counting every application took 45-60 ms of each changelist request at 100,000 (issue 15, EXPLAIN in
docs/benchmarks.md); counting up to 10,001 stops early. Past the cap the list says "more than 10,000" and offers
the first 200 pages (filters and search narrow it).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP
