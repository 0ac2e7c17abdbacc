"""Pagination that does not count a million rows: the count stops at ``cap`` (the page links
then say "more than"), so a page costs about the same with 10,000 rows as with 10 million.
Every list page uses it (a list held in memory is counted as it is)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        self.cap = CAP if cap is None else cap
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # only the key: the count leaves out the page's annotations (e.g. a subquery per row)
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return len(self.object_list)

    def page(self, number):
        """A whole page even where the count stopped at the cap (Django's would end there)."""
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        """ "1,234", or "more than 10,000" when the count stopped at the cap."""
        return f"more than {self.cap:,}" if self.capped else f"{self.count:,}"

    @property
    def pages_label(self) -> str:
        """The number of pages, or "more than N" when the count stopped at the cap."""
        return f"more than {self.cap // self.per_page:,}" if self.capped else str(self.num_pages)
