"""python manage.py import_openfootball PATH [--competition NAME]"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError

from scoring.errors import ScoringError
from scoring.formats.openfootball import OpenFootballError, load_season
from scoring.imports.season import openfootball_season_import


class Command(BaseCommand):
    help = (
        "Import an openfootball season (football.json) as fixtures and results through the "
        "scoring service. Idempotent; a malformed file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="an openfootball football.json season file")
        parser.add_argument("--competition", help="competition name (default: from the file)")

    def handle(self, *args, **options):
        try:
            season = load_season(options["path"])
            imported = openfootball_season_import(
                season=season, competition_name=options.get("competition")
            )
        except OSError as error:
            raise CommandError(f"{options['path']}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['path']}: not UTF-8 text") from None
        except OpenFootballError as error:
            message = str(error)
            if not message.startswith(options["path"]):
                message = f"{options['path']}: {message}"
            raise CommandError(message) from None
        except ScoringError as error:
            raise CommandError(f"nothing imported: {error.message} ({error.code})") from None
        except DataError as error:  # a name longer than its column; the transaction rolled back
            raise CommandError(
                f"{options['path']}: nothing imported: {_first_line(error)}"
            ) from None
        self.stdout.write(
            f"competition {imported.competition.pk}: {imported.matches} matches imported "
            f"({imported.created} new fixtures, {imported.results} results, "
            f"{imported.called_off} called off) - {imported.competition}"
        )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
