"""The service's worker tasks (api.tasks) in a real worker process: each runs there, and
after all of them the worker has imported nothing of the web framework (FastAPI,
Starlette, Jinja, uvicorn) nor any route or page module, since a worker imports only the
task module and what its tasks, their arguments and their answers need."""

from __future__ import annotations

import tempfile
from pathlib import Path

from api import collection_items, tasks
from api.engine import Answer, Job, execute
from api.void import dataset_stats
from api.web import data, evidence, search_index
from plankg.backends import StoreSpec
from plankg.dataset import read_modified
from plankg.queries import resolve
from tests.support import worker_tasks
from tests.support.aio import run
from workers.lane import Lane

BASE = "https://w3id.org/plankg/"
CITY = "130682"  # 定州市, a bundled plan
PLAN = f"{BASE}id/plan/{CITY}"
WEB_FRAMEWORK = ("fastapi", "starlette", "jinja2", "uvicorn", "markupsafe")
SERVER_MODULES = ("api.app", "api.deps", "api.web.render", "api.routes_", "api.web.pages_")


def test_every_task_runs_in_a_worker_that_imports_no_web_framework(bundled_store: Path) -> None:
    async def scenario() -> list[str]:
        lane = Lane(StoreSpec(bundled_store), worker_tasks.TASKS, workers=1)
        timeout = 60.0
        try:
            assert await lane.run(tasks.ask, timeout=timeout) is True
            named = Job(resolve("responsibilities").bound({"city": CITY}), "text/csv", 100)
            answer = await lane.run(execute, named, timeout=timeout)
            assert isinstance(answer, Answer) and answer.body.count(b"\n") > 1
            [rows] = await lane.run(data.run_jobs, [named], timeout=timeout)
            assert rows.body == answer.body
            body, count = await lane.run(
                collection_items.items,
                collection_items.PLANS,
                {"city": CITY},
                10,
                0,
                "ctx",
                BASE,
                timeout=timeout,
            )
            assert count == 1 and PLAN.encode() in body
            listed, names = await lane.run(
                collection_items.rows,
                collection_items.PLANS,
                {"city": CITY},
                10,
                0,
                BASE,
                timeout=timeout,
            )
            assert [r["item"] for r in listed] == [PLAN] and names[listed[0]["city"]].code == CITY
            city = await lane.run(data.city, BASE, CITY, timeout=timeout)
            assert city is not None and city["measures"]
            compared = await lane.run(data.compare, BASE, [CITY], timeout=timeout)
            assert compared["missing"] == []
            assert await lane.run(data.plan_rows, [PLAN], timeout=timeout)
            reading = await lane.run(evidence.read, PLAN, BASE, timeout=timeout)
            assert reading is not None
            for fmt in ("jsonld", "ttl"):
                described = await lane.run(
                    tasks.describe_resource, PLAN, fmt, "ctx", BASE, timeout=timeout
                )
                assert described is not None and PLAN.encode() in described
            graph = await lane.run(tasks.read_graph, PLAN, "nq", 100_000, timeout=timeout)
            assert graph is not None and graph[1] is False
            with tempfile.TemporaryDirectory() as folder:
                dump = Path(folder) / "dump.nq"
                await lane.run(tasks.write_dump, str(dump), "nq", timeout=timeout)
                assert dump.stat().st_size > len(graph[0])
            stats = await lane.run(dataset_stats, BASE, timeout=timeout)
            assert stats is not None  # its figures: tests/api/test_dataset.py
            versions = await lane.run(search_index.plan_versions, timeout=timeout)
            assert PLAN in versions
            docs = await lane.run(
                search_index.plan_docs, [PLAN], f"{BASE}id/role/lead", timeout=timeout
            )
            assert PLAN in docs
            assert await lane.run(read_modified, BASE, timeout=timeout) is not None
            loaded: list[str] = await lane.run(worker_tasks.modules, timeout=timeout)
            return loaded
        finally:
            await lane.close()

    loaded = run(scenario)
    assert "api.tasks" in loaded and "pyoxigraph" in loaded
    framework = [m for m in loaded if m.split(".")[0] in WEB_FRAMEWORK]
    assert not framework, f"a worker imported {framework}"
    server = [m for m in loaded if m.startswith(SERVER_MODULES)]
    assert not server, f"a worker imported {server}"


def test_the_registry_holds_every_task_once_by_the_name_of_its_definition() -> None:
    names = [tasks.TASKS.name(fn) for fn in tasks.TASKS]
    assert len(names) == len(set(names)) == len(tasks.TASKS)
    assert "api.engine:execute" in names and "api.tasks:ask" in names
