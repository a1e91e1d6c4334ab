import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * drizzle's migrator applies only the migrations dated after the newest one a database has, and
 * says nothing about the rest. So a migration merged with an older date than one already applied
 * is skipped for good, and a database upgraded by a newer Viertel is run by an older one that does
 * not know its tables. Both are checked at start-up, after migrating: the app refuses to start and
 * names what is wrong, instead of failing later on a missing column.
 */
export class MigrationMismatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationMismatchError'
  }
}

/** A migration failed at start-up; the message names it and the database's reason. */
export class MigrationFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'MigrationFailedError'
  }
}

export interface ShippedMigration {
  tag: string
  when: number
}

export function shippedMigrations(migrationsFolder: string): ShippedMigration[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: ShippedMigration[] }
  return journal.entries.map(({ tag, when }) => ({ tag, when }))
}

const day = (millis: number) => new Date(millis).toISOString()

/** What is wrong between the migrations a database has (their dates) and those this build ships; null when they agree. */
export function migrationMismatch(applied: number[], shipped: ShippedMigration[]): string | null {
  const known = new Set(shipped.map((m) => m.when))
  const unknown = applied.filter((when) => !known.has(when)).sort((a, b) => a - b)
  const newestShipped = Math.max(0, ...shipped.map((m) => m.when))
  const newer = unknown.filter((when) => when > newestShipped)
  if (newer.length > 0) {
    return (
      `This database has ${newer.length} migration(s) this version of Viertel does not have (the newest dated ${day(newer.at(-1)!)}): ` +
      `it was upgraded by a newer Viertel. Run that version, or restore a backup made before the upgrade.`
    )
  }
  const have = new Set(applied)
  const skipped = shipped.filter((m) => !have.has(m.when))
  if (skipped.length > 0) {
    const newestApplied = Math.max(...applied)
    return (
      `Migration ${skipped.map((m) => m.tag).join(', ')} was not applied: its date in db/migrations/meta/_journal.json ` +
      `(${day(skipped[0]!.when)}) is older than a migration this database already has (${day(newestApplied)}), and the migrator skips those. ` +
      `Give it a later "when" than that and start again.`
    )
  }
  return null
}
