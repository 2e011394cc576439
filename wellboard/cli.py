"""The `wellboard` command: Django's management commands plus Wellboard's own.

`assess` and `bench` are pure computation and run without Django or a database.
"""

import os
import sys
import time


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["assess"]:
        from wellboard.indicators.assess_cli import main as assess_main

        return assess_main(argv[1:])
    if argv[:2] == ["bench", "assess"]:
        from wellboard.indicators.bench import main as bench_main

        return bench_main(argv[2:])
    if argv[:2] == ["bench", "outputs"]:
        return _bench_outputs(argv[2:])
    if argv[:1] == ["send-reminders"]:
        argv[0] = "send_reminders"  # the documented spelling; Django's command names use underscores
    if argv[:1] == ["demo"]:
        # The demo is for trying Wellboard on one's own machine: debug pages are wanted there.
        # Set before the settings load; DEBUG=0 in the environment still wins.
        os.environ.setdefault("DEBUG", "1")
    if argv[:1] not in (["demo"], ["runserver"]):
        # A one-shot command uses one connection; without a pool an unreachable database
        # fails at once instead of after the pool's wait. (`serve` hands its workers the pool.)
        os.environ.setdefault("WELLBOARD_NO_POOL", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    return _run_django(["wellboard", *argv])


def _run_django(argv: list[str]) -> int:
    """Run a management command; configuration and database failures are one line, status 1."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError as DjangoOperationalError

    try:
        from psycopg import OperationalError as PsycopgOperationalError
    except ImportError:  # psycopg is a dependency, but SQLite-only use does not need it loaded
        PsycopgOperationalError = DjangoOperationalError

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"wellboard: configuration problem: {exc}", file=sys.stderr)
        return 1
    except (DjangoOperationalError, PsycopgOperationalError) as exc:
        print(f"wellboard: cannot use the database ({_describe_database()}): {_first_line(exc)}", file=sys.stderr)
        return 1
    return 0


def _bench_outputs(argv: list[str]) -> int:
    """`wellboard bench outputs` on a throwaway SQLite database holding the demo data, in a data
    directory of its own: timing must not depend on, or write into, a real site's data and cache."""
    import secrets
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wellboard-bench-") as data_dir:
        os.environ["WELLBOARD_DATA_DIR"] = data_dir
        os.makedirs(f"{data_dir}/static")  # served files come from the apps; an empty root keeps WhiteNoise quiet
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # nothing here outlives the run
        os.environ.setdefault("WELLBOARD_NO_POOL", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
        import django
        from django.core.management import call_command

        django.setup()
        from wellboard.imports.datafile import load_files
        from wellboard.imports.demo_data import demo_files
        from wellboard.outputs.bench import main as bench_main

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        load_files(demo_files())
        print(f"set up a throwaway database with the demo data in {time.perf_counter() - began:.1f} s")
        return bench_main(argv)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _describe_database() -> str:
    """Where the database is, without its password."""
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:  # the settings themselves failed; say nothing more than we know
        return "DATABASE_URL"
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"PostgreSQL {db.get('NAME')} on {host}{port}"


if __name__ == "__main__":
    sys.exit(main())
