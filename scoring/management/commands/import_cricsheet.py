"""Import Cricsheet JSON matches through the scoring service, one transaction per file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError

from scoring.errors import ScoringError
from scoring.formats.files import ImportFileError, json_file_read
from scoring.imports.cricsheet import cricsheet_check, cricsheet_match_import
from scoring.selectors import match_detail_get


class Command(BaseCommand):
    help = (
        "Import Cricsheet JSON files (or directories of them): fixtures, squads and every "
        "ball through the scoring service. Re-importing a file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Cricsheet .json files or dirs")

    def handle(self, *args, paths: list[Path], **options):
        # Every file is read and replayed through the engine before anything is written, so
        # one bad file among good ones (a truncated download) leaves the database untouched.
        checked, refusals = [], []
        for path in _files(paths):
            try:
                checked.append((path, cricsheet_check(json_file_read(path))))
            except ImportFileError as error:
                refusals.append(str(error))
            except ScoringError as error:
                refusals.append(f"{path}: not imported ({error.code}): {error.message}")
        if not checked and not refusals:
            raise CommandError(f"{', '.join(map(str, paths))}: no .json files")
        _refuse(self, refusals)
        for path, converted in checked:
            try:
                imported = cricsheet_match_import(
                    document=converted.document, match_key=path.stem, checked=converted
                )
            except DataError as error:  # a name longer than its column: this file rolled back
                message = str(error).strip().splitlines()[0]
                raise CommandError(f"{path}: not imported: {message}") from None
            except ScoringError as error:
                # Only a conflict with rows already in the database gets here (a competition
                # of the same name with other rules); the files before this one stay imported.
                raise CommandError(
                    f"{path}: not imported ({error.code}): {error.message}"
                ) from None
            line = score_line(imported.match.pk)
            if not imported.is_new:
                line += " (already imported)"
            self.stdout.write(line)


def _refuse(command: BaseCommand, refusals: list[str]) -> None:
    """One line per refused file; the last one is the CommandError (exit status 1)."""
    if not refusals:
        return
    if len(refusals) == 1:
        raise CommandError(f"{refusals[0]}; nothing imported")
    for line in refusals:
        command.stderr.write(line)
    raise CommandError(f"{len(refusals)} files refused; nothing imported")


def _files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return files


def score_line(match_id: int) -> str:
    """`match 7: New Zealand 241/8 (50 ov), England 241 (50 ov), Match tied`"""
    found = match_detail_get(match_id=match_id)
    if found is None:
        return f"match {match_id}: not found"
    _match, card = found
    parts = [_innings_text(innings) for innings in card["innings"]]
    if card.get("result"):
        parts.append(card["result"]["text"])
    return f"match {match_id}: " + ", ".join(parts)


def _innings_text(innings: dict[str, Any]) -> str:
    runs, wickets = innings["runs"], innings["wickets"]
    score = str(runs) if wickets >= 10 else f"{runs}/{wickets}"
    if innings["close_reason"] == "declared":
        score += "d"
    label = "super over" if innings["is_super_over"] else f"{innings['overs']} ov"
    return f"{innings['team']} {score} ({label})"
