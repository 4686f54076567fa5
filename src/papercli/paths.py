"""Where papercli keeps things, per platformdirs (so XDG_* variables relocate them).

cache dir  -> library.db: everything fetched from the Hub; safe to delete.
data dir   -> user.db: stars, read and seen marks; never touched by `cache clear`.
config dir -> config.toml: settings and watchlists.

The databases' paths are asked for by `Session`, which hands them down (`store()`,
`userdb()`); only shell completion (which must not load the config) and the last-resort
error message for a damaged library ask here directly.
"""

from __future__ import annotations

from pathlib import Path

APP = "papercli"


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP, appauthor=False)


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def library_path() -> Path:
    return cache_dir() / "library.db"


def user_db_path() -> Path:
    return data_dir() / "user.db"


def config_path() -> Path:
    return config_dir() / "config.toml"
