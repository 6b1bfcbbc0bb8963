"""Reads of the log and the projection: a match's log, set-up, detail, commentary and squads
(`reads`), the competition table with its cache, and the figures derived from engine detail
(`figures`)."""

from scoring.selectors.reads import (
    CompetitionTable,
    TableFreshness,
    match_commentary_get,
    match_detail_get,
    match_engine_detail_get,
    match_engine_details_get,
    match_events_since,
    match_log_get,
    match_setup_get,
    match_setups_get,
    squad_player_ids,
    standings_settings,
    standings_table_compute,
    standings_table_forget,
    standings_table_freshness_get,
    standings_table_get,
)

__all__ = [
    "CompetitionTable",
    "TableFreshness",
    "match_commentary_get",
    "match_detail_get",
    "match_engine_detail_get",
    "match_engine_details_get",
    "match_events_since",
    "match_log_get",
    "match_setup_get",
    "match_setups_get",
    "squad_player_ids",
    "standings_settings",
    "standings_table_compute",
    "standings_table_forget",
    "standings_table_freshness_get",
    "standings_table_get",
]
