"""The library and the user database: every SQL statement papercli runs lives here
(the filters' WHERE terms are declared beside each criterion, criteria.py, and run here).

migrations  the schema-step runner both databases use (`PRAGMA user_version`)
schema      the library's schema steps and the column encodings they fix
connection  opening, checking, recovery (move aside), the read-only fallback, `Database`
            with its write transactions, and SQLite errors as one line for the user
records     rows read back from disk, checked (a bad row is skipped and counted)
search      the library's search, browse and ranking reads (full-text index, filters)
store       the library's writes and listings (`Store`, built on those reads)
userdb      the user's own data: stars, read marks, hidden, seen (`UserDB`)
complete    shell completion's reads of the user database (sqlite3 alone: a Tab is quick)

Nothing is re-exported here, so `import papercli.db.records` stays light.
"""
