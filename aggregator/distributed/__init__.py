"""Distributed mode: ``aggregator worker`` processes on several hosts share one PostgreSQL store.

The engine is Procrastinate, a PostgreSQL task queue, so the database that already holds the
articles is also the queue and the only coordinator: there is no scheduler process to lose.

- :mod:`~aggregator.distributed.periods`: each site's periods (its ``every``, phase-shifted by
  a hash of its id so sites sharing an interval do not all start on the same second);
- :mod:`~aggregator.distributed.tasks`: the app factory and the two tasks, "crawl one site"
  (queue ``crawl``) and "publish every feed" (queue ``publish``), with the locks that keep a
  site to one crawl at a time and publishing to one run at a time;
- :mod:`~aggregator.distributed.schedule`: what every worker runs beside its jobs: deferring
  the crawl of each site once per period (the database refuses a second deferral of the same
  period) and, on one worker at a time, handing the jobs of dead workers back to the queue;
- :mod:`~aggregator.distributed.names`: queue, task and lock names and liveness timings, the
  protocol every process of a cluster shares;
- :mod:`~aggregator.distributed.registry`: which host and process each worker id is, and
  :mod:`~aggregator.distributed.queue_view`: the jobs per site as ``aggregator status`` shows
  them, holder included;
- :mod:`~aggregator.distributed.queue_schema`: the queue tables, created once;
- :mod:`~aggregator.distributed.crawl_child`: the child process one crawl job runs.
"""
