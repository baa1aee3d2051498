"""Query workers: tasks run in processes that can be killed at their deadline.

pyoxigraph cannot cancel a running query, and its results must be consumed in the thread
that ran them. So the service runs every query in one of a few long-lived worker
processes, each with its own read-only handle on the store (or its own client of the
remote SPARQL server), and kills a worker whose task outlives its time limit.

The parts, each in its module:

- errors: what a lane raises instead of an answer;
- registry: the tasks a worker may run, by name (a worker imports only their module);
- transport: the length-prefixed frames between the server and a worker;
- worker: a worker process's main (start-up, store, limits, the task loop);
- process: one worker process seen from the server;
- pool: a lane's processes, started, watched and replaced;
- admission: bounded queue, per-client share, round robin (plain asyncio);
- stats: counters and the timing of a request's work;
- lane: all of it together, `await lane.run(fn, *args, timeout=…)`;
- in_process: the same interface on threads of this process (tests, command line);
- executor: that interface, as a type.

Nothing is imported here: a worker process imports `workers.worker` and what its tasks
need, not the server's side of this package.
"""
