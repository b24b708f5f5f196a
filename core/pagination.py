"""Page numbers of the long public lists (catalogue, webinars, search) and the links that
templates/includes/pagination.html shows.

A page number comes from the query string and is never trusted: anything that is not a whole number
(« abc », « 1e5 », a NUL byte, 5 000 digits) gives the first page, a number below 1 the first page and
a number past the end the last one, so that a crafted `?page=` never fails and never shows an empty
page. The links keep every other parameter of the query string (the filters), so that a visitor who
filtered the list keeps the filters from one page to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

PAGE_PARAMETER = "page"


def page_number(raw: str | None, num_pages: int) -> int:
    """The page asked for by `raw`, brought within 1..num_pages."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, max(num_pages, 1)))


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class Pagination:
    """Where a page stands in a list of `total` items shown `per_page` at a time."""

    number: int
    num_pages: int
    total: int
    per_page: int
    path: str
    query: QueryDict
    parameter: str = PAGE_PARAMETER
    fragment: str = ""

    @property
    def start(self) -> int:
        """Index of the page's first item in the whole list."""
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return min(self.start + self.per_page, self.total)

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def url(self, number: int) -> str:
        """The address of page `number`, with the other parameters of the current address."""
        query = self.query.copy()
        if number > 1:
            query[self.parameter] = str(number)
        else:
            query.pop(self.parameter, None)
        encoded = query.urlencode()
        return (f"?{encoded}" if encoded else self.path) + (f"#{self.fragment}" if self.fragment else "")

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1) if self.number < self.num_pages else ""

    @property
    def links(self) -> list[PageLink | None]:
        """First page, last page and the pages around the current one; None where pages are left out."""
        shown = sorted({1, self.num_pages, *range(self.number - 1, self.number + 2)} & set(range(1, self.num_pages + 1)))
        links: list[PageLink | None] = []
        for number in shown:
            if links and links[-1] is not None and number > links[-1].number + 1:
                links.append(None)
            links.append(PageLink(number=number, url=self.url(number), current=number == self.number))
        return links


def paginate(request, *, total: int, per_page: int, parameter: str = PAGE_PARAMETER, fragment: str = "") -> Pagination:
    """The page of a list of `total` items that the request asks for (see `page_number`)."""
    num_pages = max(1, -(-total // per_page))
    return Pagination(
        number=page_number(request.GET.get(parameter), num_pages),
        num_pages=num_pages,
        total=total,
        per_page=per_page,
        path=request.path,
        query=request.GET,
        parameter=parameter,
        fragment=fragment,
    )
