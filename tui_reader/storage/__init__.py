"""The on-disk cache: ingested articles, a full-text index and the user's state, in SQLite.

One file (WAL mode, busy timeout) that several newsreader instances can share. Tables:

- `files`: each ingested source file's path (absolute), size, mtime_ns and sha256, with the
  problems found in it and the ids it skipped as duplicates of articles stored elsewhere;
- `articles`: what the list shows and filters on (a narrow table, ~70 MB at 100k articles,
  so loading the list never reads a body); `bodies`: the clean text and the compact
  entities, zlib-compressed, by rowid (~220 MB at 100k);
- `articles_fts`: a contentless FTS5 index over title, source, text and the canonical names
  of countries, places and organisations (person names are corpus-wide, so they change
  after ingest: they live in `ListRow.persons`, not here); this package keeps it in sync;
- `state`: read/starred per stable article id; never deleted with articles, so the user's
  state survives re-ingest and a file's removal and return;
- `meta`: `schema_version`. A cache of another version is migrated when a migration exists,
  else its article tables are rebuilt (empty) and `state` is kept; a cache written by a
  newer newsreader is never read as ours: it is rebuilt the same way, with a note.

A damaged file (not SQLite, truncated, failing `PRAGMA quick_check`) is found at
`Cache.open`: the read/starred marks that can still be read are salvaged, the file (with
its -wal and -shm) is moved aside as `<name>.corrupt-YYYYmmdd-HHMMSS`, and a new cache is
built holding those marks. `Cache.recovery_note` then says what happened. Only a file
that is recognisably a newsreader cache is moved (see `location`).

The modules, in layers (each imports only from the layers below it; import-linter checks):

- `cache`: `Cache`, opening (checks, recovery) and upkeep;
- `reads`, `writes`: its queries, its writes;
- `fts` (the full-text index and its searches), `salvage` (marks read from a damaged file,
  which is moved aside), `location` (where the cache is, whether the file there is ours);
- `connection` (one connection, its lock, transactions), `schema` (tables, migrations),
  `codec` (articles and paths as stored), `damage` (errors and checks), `locks` (between
  processes).

Code outside imports from this package. Inside it, a module's names without a leading
underscore are the ones its other modules use. A test that patches a setting
(`BUSY_TIMEOUT`, `QUICK_CHECK_BYTES`) patches the module that defines it: the names here
are copies.
"""

from .cache import BUSY_TIMEOUT, Cache
from .codec import FileResult, StoredArticle, encode_article, from_db, to_db
from .damage import QUICK_CHECK_BYTES, SQLITE_MAGIC, CacheDamaged, DamagedArticle, IndexDamaged
from .fts import MIN_PREFIX, fts_query
from .location import CACHE_ENV, CacheUnusable, check_cache_path, default_path, is_unusable
from .reads import PersonMentions
from .salvage import salvage_state
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT",
    "CACHE_ENV",
    "MIGRATIONS",
    "MIN_PREFIX",
    "QUICK_CHECK_BYTES",
    "SCHEMA_VERSION",
    "SQLITE_MAGIC",
    "Cache",
    "CacheDamaged",
    "CacheUnusable",
    "DamagedArticle",
    "FileResult",
    "IndexDamaged",
    "PersonMentions",
    "StoredArticle",
    "check_cache_path",
    "default_path",
    "encode_article",
    "from_db",
    "fts_query",
    "is_unusable",
    "salvage_state",
    "to_db",
]
