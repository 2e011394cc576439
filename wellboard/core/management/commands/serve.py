"""`wellboard serve`: the production web server (gunicorn), sized to the machine."""

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from wellboard.gunicorn_conf import default_workers


class Command(BaseCommand):
    help = "Serve Wellboard with gunicorn (production). Run `wellboard migrate` first."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("WELLBOARD_BIND", "127.0.0.1:8000"),
                            help="address:port to listen on (default 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=None,
                            help="worker processes (default WEB_CONCURRENCY, else 2 × CPUs + 1)")
        parser.add_argument("--timeout", type=int, default=None, help="seconds before a stuck worker is replaced")

    def handle(self, *args, bind, workers, timeout, **options):
        workers = workers or int(os.environ.get("WEB_CONCURRENCY") or default_workers())
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        # Fail here, in one line, rather than in every worker: the cli reports an unreachable database.
        connections["default"].ensure_connection()
        connections.close_all()
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it
        if settings.DEBUG:
            self.stderr.write("Warning: DEBUG is on; production must run with DEBUG off.")
        bound = "" if connections["default"].vendor == "sqlite" else (
            f", at most {workers * settings.DATABASE_POOL_MAX_SIZE} database connections")
        self.stdout.write(f"Serving Wellboard on http://{bind}/ with {workers} workers{bound}.")
        self.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:wellboard.gunicorn_conf",
                "--bind", bind, "--workers", str(workers)]
        if timeout:
            argv += ["--timeout", str(timeout)]
        env = dict(os.environ)
        env.pop("WELLBOARD_NO_POOL", None)  # the workers serve many requests: they use the pool
        os.execve(sys.executable, [*argv, "wellboard.wsgi:application"], env)
