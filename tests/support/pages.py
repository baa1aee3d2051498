"""Reading the web pages over HTTP: a page's HTML, its tables' headers, and its CSV and
XLSX downloads read back."""

from __future__ import annotations

import csv
import io
import re

import httpx
import openpyxl


def page(client: httpx.Client, path: str, status: int = 200) -> str:
    """The HTML of PATH, which must answer `status` as a page."""
    r = client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def columns(html: str, table: str) -> list[str]:
    """The column headers of the HTML table id="table-NAME"."""
    block = html.split(f'id="table-{table}"', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col">([^<]*)</th>', block)


def download_header(header: list[str], html: str, table: str) -> list[str]:
    """A download's header cut to the HTML table's columns, which it holds first (the
    codes, IRIs and links it adds come after them)."""
    return header[: len(columns(html, table))]


def read_csv(client: httpx.Client, path: str) -> list[list[str]]:
    r = client.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def read_xlsx(client: httpx.Client, path: str) -> dict[str, list[list[object]]]:
    r = client.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    book = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}
