#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the configured deployment.
#
#   scripts/restore.sh BACKUP_DIR [--force]
#
# Stop the API and the workers first. Checks the SHA256SUMS, then replaces the database (SQLite file,
# or pg_restore --clean into PASSERELLE_DATABASE_URL) and the file store. Without --force it refuses
# to overwrite a database or file store that already holds data.
set -euo pipefail

BACKUP="${1:?usage: scripts/restore.sh BACKUP_DIR [--force]}"
FORCE="${2:-}"
if [[ -f .env ]]; then set -a; source .env; set +a; fi
VAR_DIR="${PASSERELLE_VAR_DIR:-var}"
DB_URL="${PASSERELLE_DATABASE_URL:-sqlite:///${VAR_DIR}/passerelle.db}"
STORAGE_DIR="${PASSERELLE_STORAGE_DIR:-${VAR_DIR}/storage}"

(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || { echo "restore: $BACKUP is damaged (checksum mismatch)" >&2; exit 3; }
KIND="$(sed -n 's/^database=//p' "$BACKUP/MANIFEST")"

refuse_unless_forced() {
  if [[ "$FORCE" != "--force" ]]; then
    echo "restore: $1 already holds data; stop the service and re-run with --force to replace it" >&2
    exit 4
  fi
}

case "$DB_URL" in
  sqlite:*)
    [[ "$KIND" == sqlite ]] || { echo "restore: backup is $KIND, target is SQLite" >&2; exit 2; }
    DB_FILE="${DB_URL#sqlite:///}"
    [[ -s "$DB_FILE" ]] && refuse_unless_forced "$DB_FILE"
    mkdir -p "$(dirname "$DB_FILE")"
    rm -f "$DB_FILE-wal" "$DB_FILE-shm"
    cp "$BACKUP/database.sqlite3" "$DB_FILE.restoring"
    mv "$DB_FILE.restoring" "$DB_FILE"
    ;;
  postgresql*)
    [[ "$KIND" == postgresql ]] || { echo "restore: backup is $KIND, target is PostgreSQL" >&2; exit 2; }
    PG_URL="postgresql://${DB_URL#*://}"
    if [[ "$(psql -Atc "select count(*) from information_schema.tables where table_schema='public'" "$PG_URL")" != 0 ]]; then
      refuse_unless_forced "the PostgreSQL database"
    fi
    pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$PG_URL" "$BACKUP/database.dump"
    ;;
  *) echo "restore: unsupported database URL scheme in PASSERELLE_DATABASE_URL" >&2; exit 2 ;;
esac

if [[ -d "$STORAGE_DIR" && -n "$(ls -A "$STORAGE_DIR" 2>/dev/null)" ]]; then
  refuse_unless_forced "$STORAGE_DIR"
fi
# Unpack beside the store, then swap: an interrupted restore never leaves half a store in place.
NEW="${STORAGE_DIR%/}.restoring"
rm -rf "$NEW" && mkdir -p "$NEW"
tar -xzf "$BACKUP/storage.tar.gz" -C "$NEW"
rm -rf "${STORAGE_DIR%/}.old"
[[ -d "$STORAGE_DIR" ]] && mv "$STORAGE_DIR" "${STORAGE_DIR%/}.old"
mv "$NEW" "$STORAGE_DIR"
rm -rf "${STORAGE_DIR%/}.old"
echo "restored $BACKUP ($KIND database, $(sed -n 's/^storage_files=//p' "$BACKUP/MANIFEST") stored files)"
