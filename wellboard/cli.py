"""The `wellboard` command: Django's management commands plus Wellboard's own.

`assess` and `bench` are pure computation and run without Django or a database.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["assess"]:
        from wellboard.indicators.assess_cli import main as assess_main

        return assess_main(argv[1:])
    if argv[:2] == ["bench", "assess"]:
        from wellboard.indicators.bench import main as bench_main

        return bench_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wellboard", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
