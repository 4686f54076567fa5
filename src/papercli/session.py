"""One command's session: the settings, plus what it opens on first use.

`Session` bundles the settings with lazily opened resources (the library, the family
matcher, the Hub client), so a command that never touches the network never imports
httpx. It owns where the library and the user database are (`paths.*` unless given,
so `PAPERS_*`/XDG variables apply) and hands them down: `store()` for the library,
`userdb()` for the user database; nothing below it asks `paths` again. The
timeout of `--timeout` is passed in explicitly (`Session.create(timeout=...)`), and so is
the Hub client's progress hook (`progress=`: the command line's status line); the core
never draws on the terminal itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from papercli import paths
from papercli.config import Config
from papercli.errors import NetworkNeeded, OfflineMiss

if TYPE_CHECKING:
    from papercli.db.connection import Database
    from papercli.db.store import Store
    from papercli.db.userdb import UserDB
    from papercli.errors import ConfigError
    from papercli.families import FamilyConfigError, FamilyMatcher
    from papercli.sources.hub import HubClient

# Where a session's notices go the moment they arise, for the duration of one command (the
# command line sets it, see cli/failures.py); without one they wait in `Session.notices`.
Progress = Callable[[str | None], None]  # the Hub client's hook: a message, or None when done

NOTIFY: ContextVar[Callable[[str], None] | None] = ContextVar("papers_notify", default=None)
# Where notices said only once the command has succeeded go (a command that fails says only
# why); without one they are notices like the others.
AFTER: ContextVar[list[str] | None] = ContextVar("papers_after", default=None)


class Notices(list[str]):
    """A session's messages for the user. With a NOTIFY sink each is said once, when it
    arises: a command that printed its notices before opening the library (or never
    printed them) still tells the user that the library was rebuilt."""

    def append(self, message: str) -> None:
        sink = NOTIFY.get()
        if sink is None:
            super().append(message)
        else:
            sink(message)

    def extend(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.append(message)

    def after(self, message: str) -> None:
        """A notice about what the command read, said once it has succeeded: "showing an
        empty library" would only precede the error of a command that must write."""
        later = AFTER.get()
        if later is None:
            self.append(message)
        elif message not in later:
            later.append(message)


class Session:
    """Settings plus the resources a command opens on first use; `notices` collects
    messages for the command line to print."""

    __slots__ = (
        "_by_setting", "_client", "_matcher", "_store", "config", "library_path", "notices",
        "offline", "progress", "refresh", "timeout", "userdb_path",
    )

    def __init__(
        self,
        config: Config,
        offline: bool = False,
        refresh: bool = False,
        timeout: float | None = None,  # overrides network.timeout
        progress: Progress | None = None,
        *,
        library: Path | None = None,  # the library file; paths.library_path() if None
        userdb: Path | None = None,  # the user database; paths.user_db_path() if None
    ) -> None:
        self.config = config
        self.library_path = library if library is not None else paths.library_path()
        self.userdb_path = userdb if userdb is not None else paths.user_db_path()
        # --offline, or network.offline (PAPERS_OFFLINE=1) for every command at once.
        self.offline = offline or config.values.get("network.offline") is True
        self._by_setting = self.offline and not offline  # not what the command was told
        self.refresh = refresh
        self.timeout = timeout
        # What a request is waiting for ("retrying in 4 s, 2 of 3"), None when done.
        self.progress = progress
        self._store: Store | None = None
        self._client: HubClient | None = None
        self._matcher: FamilyMatcher | None = None
        self.notices = Notices()

    @classmethod
    def create(
        cls, *, offline: bool = False, refresh: bool = False, timeout: float | None = None,
        progress: Progress | None = None, library: Path | None = None,
        userdb: Path | None = None,
    ) -> Session:
        from papercli import config as config_mod

        cfg = config_mod.load(paths.config_path())
        session = cls(cfg, offline=offline, refresh=refresh, timeout=timeout,
                      progress=progress, library=library, userdb=userdb)
        session.notices.extend(cfg.warnings)
        return session

    @property
    def endpoint(self) -> str:
        return self.config.endpoint

    @property
    def matcher(self) -> FamilyMatcher:
        if self._matcher is None:
            from papercli.families import FamilyConfigError, build_matcher

            try:
                self._matcher = build_matcher(self.config.families_table)
            except FamilyConfigError as exc:
                raise self._family_error(exc) from None
        return self._matcher

    def _family_error(self, exc: FamilyConfigError) -> ConfigError:
        """A mistake in `[families.NAME]`, said as a bad setting is: the whole path, line
        and key, then shorter ways for 80 columns (the file's name, what is wrong after
        the key's last part alone: the line says which family), the fix where it fits.
        Said whole, it made 128 to 178 columns, and no fix."""
        from papercli.config import EDIT_HINT
        from papercli.errors import ConfigError

        detail = str(exc)
        error = ConfigError(f"{self.config.where(exc.key)}: {detail}", hint=EDIT_HINT)
        ways = self.config.shorter(exc.key, detail, EDIT_HINT)
        place = ways[-1][0].removesuffix(f": {detail}")  # `config.toml, line 2`
        brief = exc.brief  # (what is wrong in a few words)
        said = dict.fromkeys([f"{exc.item}: {exc.problem}", f"{exc.item}: {brief}"])
        error.shorter = [*ways[:-1], *((f"{place}: {way}", fix) for fix in (
            EDIT_HINT, "papers config edit", None) for way in said),
            (f"{place}: {brief}", None)]  # (the line says where: RE2's complaint, 87)
        return error

    def store(self) -> Store:
        if self._store is None:
            from papercli.db.store import Store

            store = Store.open(self.library_path)
            self._say_if_empty(store)
            if store.moved_aside:
                self.notices.append(
                    f"the library file was unreadable; moved it to {store.moved_aside} "
                    "and started a new one"
                )
            store.families_fn = lambda p: self.matcher.match(p.title, p.summary, p.ai_keywords)
            store.progress = self.progress  # e.g. "building the search index…"
            store.notify = self.notices.append  # e.g. "the search index … is unreadable"
            source = self._families_source()

            def families_in_step() -> None:
                # Read-only (a read-only cache dir): families stay as stored, reads work.
                if not store.read_only and store.get_meta("families_source") != source:
                    # Definitions may have changed: only now is the matcher worth building.
                    refresh_families(store, self.matcher)
                    with store.transaction():
                        store.set_meta("families_source", source)

            if store.birth is None:
                families_in_step()
            else:  # no file yet: recorded when the first write creates it, not before
                store.on_birth = families_in_step
            self._store = store
        return self._store

    def starred_ids(self) -> frozenset[str]:
        """`--starred`'s ids (criteria.Session)."""
        return self._marked(lambda udb: udb.star_ids())

    def noted_ids(self) -> frozenset[str]:
        """`--noted`'s ids (criteria.Session)."""
        return self._marked(lambda udb: udb.noted_ids())

    def has_userdb(self) -> bool:
        """Whether there is a user database to read: none yet means nothing of yours (and
        a read creates none). A folder or a named pipe there is not "none yet": opening it
        says what is wrong (`export --starred` wrote an empty file and succeeded, and
        `today` and `show` dropped your stars without a word), nor is a symbolic link,
        even one to nothing (a star created the file it pointed at)."""
        return self.userdb_path.exists() or self.userdb_path.is_symlink()

    def _marked(self, read: Callable[[UserDB], Iterable[str]]) -> frozenset[str]:
        """The ids `read` finds in the user database (`has_userdb`: none yet, none)."""
        if not self.has_userdb():
            return frozenset()
        from papercli.db.userdb import UserDB

        with UserDB.open(self.userdb_path) as udb:
            return frozenset(read(udb))

    def tagged(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
        """`--tag`'s tags and the ids carrying them all (criteria.Session)."""
        from papercli.tags import tagged

        return tagged(self, words)

    @contextmanager
    def userdb(self) -> Iterator[UserDB]:
        """The user database, open for the block: opened per use, not kept, because it is
        small and its writes (a star, a read mark) are short."""
        from papercli.db.userdb import UserDB  # lazy: only the commands that need it

        with UserDB.open(self.userdb_path) as udb:
            self._say_if_empty(udb)
            yield udb

    def _say_if_empty(self, db: Database) -> None:
        """A database that cannot be created (a read-only HOME) reads as an empty one:
        say so, and what to do, once the command has succeeded: in a note's 80 columns
        from the error's shorter ways (`PapersError.shorter`; the whole under a read-only
        HOME made 170 to 250), the fix kept before the words around it; PAPERS_DEBUG and
        the MCP server (`errors.FITTED`) say the whole."""
        if db.uncreatable is not None:
            from papercli.errors import NOTE_ROOM, debugging, fitting

            problem = db.uncreatable
            bare = db.label.removeprefix("the ")
            ways = dict.fromkeys([(problem.message, problem.hint), *problem.shorter])
            joints = [f", so {db.label} is empty for now", f", so {db.label} is empty",
                      f": {bare} empty"]
            said = [f"{message}{joint} — {hint}" for joint in joints
                    for message, hint in ways if hint]
            said += [f"{message}{joint}" for joint in joints for message, _ in ways]
            self.notices.after(said[0] if debugging() else fitting(*said, room=NOTE_ROOM))

    def _families_source(self) -> str:
        """What family definitions depend on, cheap to compute: this papercli's built-in
        rules (the families module's version and file) and the user's [families] table."""
        import json

        from papercli import __version__

        rules = Path(__file__).with_name("families.py")
        try:
            stamp = f"{rules.stat().st_mtime_ns}:{rules.stat().st_size}"
        except OSError:
            stamp = "?"
        user = json.dumps(self.config.families_table, sort_keys=True, default=str)
        return f"{__version__}|{stamp}|{user}"

    def offline_miss(self, miss: OfflineMiss | str) -> OfflineMiss:
        """A miss as the user should read it: as raised when --offline was asked for;
        when network.offline kept the network away, with a hint that names the setting
        ("run without --offline" would point at nothing typed)."""
        if isinstance(miss, OfflineMiss) and (
                not self._by_setting or (miss.hint and "without --offline" not in miss.hint)):
            return miss  # asked for, or a hint of its own ("… is a Sunday: …") that stands
        if isinstance(miss, NetworkNeeded):  # a command that is all network
            message = "this command needs the network"  # (the hint names the setting)
        else:
            message = miss if isinstance(miss, str) else miss.message
        # As "run without --offline", in 80 columns: the file's setting was said with the
        # command that changes it and PAPERS_OFFLINE=0 besides, in 184.
        return OfflineMiss(message, hint=f"unset {self.offline_setting()}")

    def offline_setting(self) -> str | None:
        """The setting that keeps every command offline, as the user set it (PAPERS_OFFLINE
        from the environment, else network.offline), whether or not this one was also
        told --offline; None when it is off."""
        if self.config.values.get("network.offline") is not True:
            return None
        return ("PAPERS_OFFLINE" if self.config.sources.get("network.offline", "")
                .startswith("env") else "network.offline")

    def client(self) -> HubClient:
        if self.offline:
            raise NetworkNeeded()
        if self._client is None:
            from papercli.sources.hub import HubClient

            cfg = self.config
            # The raw endpoint: HubClient takes `user:pass@` out of it for httpx auth and
            # checks the token (a bad one is a ConfigError that never shows it).
            self._client = HubClient(
                str(cfg.get("hub.endpoint")),
                token=os.environ.get("HF_TOKEN"),
                timeout=self.timeout or cfg.get("network.timeout"),
                retries=cfg.get("network.retries"),
                backoff=cfg.get("network.backoff"),
                max_retry_after=cfg.get("network.max_retry_after"),
                # All requests of one command (one sync period) share this many seconds.
                budget=cfg.get("network.budget"),
                progress=self.progress,
            )
        return self._client

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._client is not None:
            self._client.close()
            self._client = None


class StatusCount:
    """How far along a run of requests is, said through the session's status hook (on a
    terminal, the status line) once it has taken QUIET seconds: a quick run says nothing,
    a long one no longer waits in silence. While counting, it stands in as the hook, so
    the clients made from then on say their waits through it (`__call__` of each kind:
    `library._Count` for ids looked up on several threads, `new._Days` for the days
    `papers new` reads); `line` says the count."""

    QUIET = 0.4  # seconds, as the status line waits before it says what a fetch waits for

    def __init__(self, session: Session, total: int) -> None:
        import time

        self.session = session
        self.hook = session.progress if total > 1 and not session.offline else None
        self.total = total
        self.done = 0
        self.since = time.monotonic()
        self.shown = False
        if self.hook is not None:
            session.progress = self

    def __call__(self, message: str | None) -> None:  # pragma: no cover (each kind's own)
        raise NotImplementedError

    def line(self) -> str:  # pragma: no cover (each kind's own)
        raise NotImplementedError

    def due(self) -> bool:
        """Whether the count is on the line, or has been quiet long enough to go there."""
        import time

        return self.shown or time.monotonic() - self.since >= self.QUIET


def refresh_families(store: Store, matcher: FamilyMatcher) -> int:
    """Recompute every paper's families when the definitions changed; returns rows touched."""
    if store.get_meta("families_fingerprint") == matcher.fingerprint:
        return 0
    with store.transaction():
        updates = []
        for paper in store.iter_papers():
            fams = matcher.match(paper.title, paper.summary, paper.ai_keywords)
            if tuple(fams) != paper.families:
                updates.append((paper.id, fams))
        store.set_families(updates)
        store.set_meta("families_fingerprint", matcher.fingerprint)
    return len(updates)

