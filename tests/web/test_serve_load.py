"""`wellboard serve` under 20 concurrent clients on PostgreSQL: no errors, connections bounded.

Runs against a fresh database of its own (the test database's name + `_serve_load`), set up
with the real commands, and a real gunicorn on a free port of 127.0.0.1.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the load test measures PostgreSQL connections; it runs in the PostgreSQL run",
)

WELLBOARD = str(Path(sys.executable).with_name("wellboard"))
WORKERS, POOL_MAX = 3, 2
BOUND = WORKERS * POOL_MAX  # the README's bound: workers × DATABASE_POOL_MAX_SIZE
CLIENTS, REQUESTS = 20, 400
PAGES = [
    "/",
    "/plans/nottingham-jhws-2013/",
    "/plans/nottingham-healthy-culture-2016/",
    "/bodies/",
    "/api/v1/plans/",
    "/sign-in/",
    "/static/wellboard/wellboard.css",
    "/rag-colours.css",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def load_database():
    base, name = DATABASE_URL.rsplit("/", 1)
    name = name.split("?")[0] + "_serve_load"
    admin = base + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin, name, f"{base}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_serve_twenty_clients_no_errors_connections_bounded(load_database, tmp_path):
    admin, name, url = load_database
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    env.update(DATABASE_URL=url, WELLBOARD_DATA_DIR=str(tmp_path), SECRET_KEY="load-test-" + "k" * 40 + "x7Yq",
               ALLOWED_HOSTS="127.0.0.1", DATABASE_POOL_MAX_SIZE=str(POOL_MAX))
    setup = subprocess.run([WELLBOARD, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stderr[-2000:]

    port = free_port()
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would stall the access log
    with open(log, "w") as out:
        server = subprocess.Popen(
            [WELLBOARD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
            env={**env, "DEBUG": "0"}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        root = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(root + "/", timeout=30).read()
                break
            except OSError:  # refused while starting, or a first response still being built
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.3)

        peak, stop = [0], threading.Event()

        def sample():
            with psycopg.connect(admin, autocommit=True) as conn:
                while not stop.is_set():
                    count = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()[0]
                    peak[0] = max(peak[0], count)
                    time.sleep(0.02)

        def fetch(i):
            try:
                with urllib.request.urlopen(root + PAGES[i % len(PAGES)], timeout=60) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code
            except Exception as exc:  # a refused or dropped connection is an error too
                return repr(exc)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        try:
            with ThreadPoolExecutor(CLIENTS) as pool:
                results = list(pool.map(fetch, range(REQUESTS)))
        finally:
            stop.set()
            sampler.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    output = log.read_text()

    errors = [r for r in results if r != 200]
    assert errors == [], f"{len(errors)} errors, e.g. {errors[:5]}"
    assert 1 <= peak[0] <= BOUND, f"peak {peak[0]} connections, bound {BOUND}"
    assert f"at most {BOUND} database connections" in output
    print(f"{REQUESTS} requests, {CLIENTS} clients: {elapsed:.1f}s, peak {peak[0]} connections (bound {BOUND})")
