"""``wellboard bench outputs``: how long the board documents take to build, and to serve once cached.

Builds seed 001's progress report and seed 000's action plan in every format the registry offers
them in, as the public sees them, printing for each the build time (first run, then the best of
``--repeat``) and the peak of Python's allocations during one more build traced with
:mod:`tracemalloc` (a separate run, as tracing slows allocation; memory that WeasyPrint's C
libraries take is not traced, so the process's peak resident set is printed at the end too).
Then it downloads one document through the full request path until it is cached and times
``--serves`` more downloads, checking that none of them built anything.

Goals on a 2-core machine: each build under 1 s; a cached document served in under 50 ms.

The command line (wellboard/cli.py) runs this against a throwaway SQLite database with the demo
data loaded, so it never touches a real site's data or its document cache.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from wellboard.plans.models import Strategy

from . import registry

GOAL_BUILD_SECONDS = 1.0
GOAL_CACHED_SECONDS = 0.050
# (document, plan): seed 001's progress report and seed 000's action plan.
DOCUMENTS = (("progress-report", "nottingham-jhws-2013"), ("action-plan", "nottingham-healthy-culture-2016"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wellboard bench outputs",
                                     description="Time building and serving the board documents.")
    parser.add_argument("--formats", metavar="F,F", help="only these formats (default: every one)")
    parser.add_argument("--repeat", type=int, default=2, metavar="R", help="timed builds of each (best)")
    parser.add_argument("--serves", type=int, default=20, metavar="N", help="timed cached downloads")
    return parser


def _mib(n: float) -> str:
    return f"{n / (1 << 20):,.1f} MiB"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _timed(call) -> tuple[float, object]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    wanted = set(args.formats.split(",")) if args.formats else None
    if args.repeat < 1 or args.serves < 1 or (wanted and not wanted <= set(registry.FORMATS)):
        print(f"wellboard bench outputs: --repeat and --serves must be positive and --formats from "
              f"{', '.join(registry.FORMATS)}", file=sys.stderr)
        return 2
    public = AnonymousUser()
    print(f"goals: each build < {GOAL_BUILD_SECONDS:g} s; a cached document served in < {_ms(GOAL_CACHED_SECONDS)}")
    slowest = 0.0
    for kind, code in DOCUMENTS:
        plan = Strategy.objects.get(code=code)
        for fmt in registry.KINDS[kind].formats:
            if wanted and fmt not in wanted:
                continue
            first, produced = _timed(lambda: registry.produce(kind, plan, fmt, public))  # noqa: B023
            times = [_timed(lambda: registry.produce(kind, plan, fmt, public))[0]  # noqa: B023
                     for _ in range(args.repeat)]
            tracemalloc.start()
            registry.produce(kind, plan, fmt, public)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            best = min(times)
            slowest = max(slowest, best)
            verdict = "within goal" if best < GOAL_BUILD_SECONDS else "OVER GOAL"
            print(f"build {kind} {fmt} ({code}): {best:.3f} s best of {args.repeat} (first {first:.3f} s), "
                  f"peak {_mib(peak)} traced, {len(produced.content):,} bytes; goal < {GOAL_BUILD_SECONDS:g} s: "
                  f"{verdict}")

    cached = _cached_serves(args.serves, wanted)
    if cached is None:
        print("cached serve: no format chosen that is served by download")
    else:
        url, median, worst, built = cached
        verdict = "within goal" if median < GOAL_CACHED_SECONDS and not built else "OVER GOAL"
        print(f"cached serve {url}: median {_ms(median)}, slowest {_ms(worst)} over {args.serves} downloads, "
              f"{built} rebuilt; goal < {_ms(GOAL_CACHED_SECONDS)}: {verdict}")
    # ru_maxrss is in KiB on Linux.
    print(f"peak memory: {_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)} resident (whole process)")
    met = slowest < GOAL_BUILD_SECONDS and (cached is None or (cached[1] < GOAL_CACHED_SECONDS and not cached[3]))
    print(f"goals (each build < {GOAL_BUILD_SECONDS:g} s, cached < {_ms(GOAL_CACHED_SECONDS)}): "
          + ("met" if met else "not met"))
    return 0


def _cached_serves(count: int, wanted: set | None):
    """Download seed 000's action plan (PDF where chosen: the costliest) as the public, once to fill
    the cache, then ``count`` times more: (url, median, slowest, builds during the timed downloads)."""
    kind, code = DOCUMENTS[1]
    formats = [f for f in ("pdf", "docx", "xlsx", "csv", "html") if not wanted or f in wanted]
    if not formats:
        return None
    url = f"/plans/{code}/{kind}.{formats[0]}"
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    client = Client(HTTP_HOST=host)
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    before = sum(registry.BUILDS.values())
    times = []
    for _ in range(count):
        elapsed, response = _timed(lambda: client.get(url))
        times.append(elapsed)
    return url, statistics.median(times), max(times), sum(registry.BUILDS.values()) - before
