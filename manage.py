#!/usr/bin/env python
"""Django's command-line utility; defaults to the dev settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmroles.settings.dev")
    # Django is imported after the settings module is chosen, as its own manage.py does.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
