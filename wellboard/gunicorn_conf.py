"""gunicorn settings for Wellboard, used by `wellboard serve` and usable directly:

    gunicorn -c python:wellboard.gunicorn_conf wellboard.wsgi

Sync workers, one request at a time each, so a worker holds at most one database connection
and the connections an app server opens are bounded by its worker count (and never exceed
workers × DATABASE_POOL_MAX_SIZE). Command-line options override these.
"""

import os


def default_workers() -> int:
    """2 × CPUs + 1, gunicorn's own advice: enough to keep the CPUs busy while others wait."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return 2 * cpus + 1


bind = os.environ.get("WELLBOARD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
worker_class = "sync"
# PDFs of the larger reports take a few seconds; a minute means a stuck worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
# Replace workers now and then so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# X-Forwarded-* headers are trusted from these proxy addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
