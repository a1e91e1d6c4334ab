import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'

/**
 * What the database itself says about where people are referenced and where free text lives, so
 * that erasure also covers the tables added after it was written (ADR 068).
 */

export interface UserReference {
  table: string
  column: string
  /** c = cascade, n = set null, r/a = restrict / no action */
  onDelete: 'c' | 'n' | 'r' | 'a' | 'd'
}

/** Every foreign key column (public schema) that points at users.id. */
export async function userReferences(db: DbOrTx): Promise<UserReference[]> {
  const rows = rowsOf<{ table: string; column: string; on_delete: string }>(
    await db.execute(sql`
      select c.conrelid::regclass::text as table, a.attname as column, c.confdeltype::text as on_delete
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f' and c.confrelid = 'public.users'::regclass and array_length(c.conkey, 1) = 1
       order by 1, 2`),
  )
  return rows.map((r) => ({ table: stripQuotes(r.table), column: r.column, onDelete: r.on_delete as UserReference['onDelete'] }))
}

export interface TextColumns {
  table: string
  columns: { name: string; json: boolean }[]
}

/** Every ordinary table of the public schema with its text and jsonb columns (generated ones left out). */
export async function textColumns(db: DbOrTx): Promise<TextColumns[]> {
  const rows = rowsOf<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and c.data_type in ('text', 'character varying', 'jsonb', 'json')
         and c.is_generated = 'NEVER'
       order by c.table_name, c.ordinal_position`),
  )
  const byTable = new Map<string, TextColumns>()
  for (const r of rows) {
    const entry = byTable.get(r.table_name) ?? { table: r.table_name, columns: [] }
    entry.columns.push({ name: r.column_name, json: r.data_type === 'jsonb' || r.data_type === 'json' })
    byTable.set(r.table_name, entry)
  }
  return [...byTable.values()]
}

function stripQuotes(name: string) {
  return name.replace(/^public\./, "").replace(/^"|"$/g, "")
}

/** A safely quoted SQL identifier. */
export function ident(name: string) {
  return sql.raw(`"${name.replace(/"/g, '""')}"`)
}
