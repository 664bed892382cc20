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


def page_of(request, object_list, *, per_page: int, param: str = "page"):
    """One page of a list ordered by an index, its count capped (``CappedCountPaginator``), with the links to the
    previous and next pages keeping the request's other parameters (a page with several lists pages each by its own
    ``param``). The template ``_pager.html`` shows them."""
    page = CappedCountPaginator(object_list, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    for attribute, number in (
        ("previous_url", page.has_previous() and page.previous_page_number()),
        ("next_url", page.has_next() and page.next_page_number()),
    ):
        query[param] = number
        setattr(page, attribute, f"?{query.urlencode()}" if number else "")
    return page
