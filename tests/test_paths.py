"""paths works out the user folders itself on Linux (importing platformdirs costs every
command ~5 ms): it must give platformdirs' answers, whatever the environment says."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from papercli import paths

ENVIRONMENTS = [
    {"HOME": "/home/ada", "XDG_CACHE_HOME": "/var/c", "XDG_DATA_HOME": "/d/",
     "XDG_CONFIG_HOME": "/etc/x"},
    {"HOME": "/home/ada/"},  # no XDG variables: the defaults under HOME
    {"HOME": "/"},
    {"HOME": "/home/ada", "XDG_CACHE_HOME": "relative/c", "XDG_DATA_HOME": "",
     "XDG_CONFIG_HOME": "~/conf"},  # not absolute: ignored, as the XDG spec says
    {"HOME": "relative", "XDG_CACHE_HOME": "/c"},  # HOME unusable: platformdirs decides
    {"XDG_CACHE_HOME": "/c"},  # no HOME at all
]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_same_folders_as_platformdirs(env: dict[str, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    pairs = [(paths.cache_dir, platformdirs.user_cache_path),
             (paths.data_dir, platformdirs.user_data_path),
             (paths.config_dir, platformdirs.user_config_path)]
    for ours, theirs in pairs:
        try:
            expected: Path | type[Exception] = theirs("papercli", appauthor=False)
        except Exception as exc:  # platformdirs finds no home: so must we
            expected = type(exc)
        if isinstance(expected, Path):
            assert ours() == expected, (ours.__name__, env)
        else:
            with pytest.raises(expected):
                ours()


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux's")
def test_the_library_path_without_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it would fail
    assert paths.library_path() == Path("/srv/cache/papercli/library.db")
