"""Paging a page's table: the page number a request asks for, and the pager's links (the
same URL, every filter kept, another page); templates draw it with the `pager` macro of
_macros.html."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

from api.web.render import PageError


@dataclass(frozen=True)
class Pager:
    prev: str | None
    next: str | None
    label: str  # where the page is: "2 / 7", or the rows it shows

    @property
    def shown(self) -> bool:
        return self.prev is not None or self.next is not None


def page_number(request: Request, key: str = "page") -> int:
    """The page asked for (from 1; 1 when not asked); PageError 400 for anything else."""
    value = request.query_params.get(key) or "1"
    if not value.isdigit() or int(value) < 1:
        raise PageError(400, f"{key}={value!r}: a page number from 1")
    return int(value)


def page_count(rows: int, per_page: int) -> int:
    return max(1, (rows + per_page - 1) // per_page)


def at(request: Request, **changes: str) -> str:
    """This page's URL with other values of some parameters, the rest kept as asked."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    return request.url.path + "?" + urlencode([*params, *changes.items()])


def numbered(request: Request, page: int, pages: int) -> Pager:
    """The pager of page `page` of `pages`, moving by `page=`."""
    return Pager(
        at(request, page=str(page - 1)) if page > 1 else None,
        at(request, page=str(page + 1)) if page < pages else None,
        f"{page} / {pages}",
    )
