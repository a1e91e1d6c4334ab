import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { queryRows } from '#db/rows'

export interface RebuiltCentre {
  id: string
  slug: string
  /** confirmed exchange transactions found in the ledger (reversed ones included, marked) */
  helpRows: number
  /** initiative × month sums written from them */
  monthlyRows: number
  seconds: number
}

/**
 * Rebuilds the manager console's roll-ups of these centres (all when none are named) from the
 * ledger and the exchanges (db/sql/reporting.ts viertel_reporting_rebuild): after a restore from
 * an old backup, a bulk load that bypassed the triggers, or a fault. Each centre in a transaction
 * of its own, so one that fails leaves the others rebuilt; safe to repeat. Unknown slugs are
 * returned as `unknown`, and nothing is rebuilt when there are any.
 */
export async function rebuildRollups(
  db: DbOrTx,
  slugs: readonly string[] = [],
  progress: (centre: RebuiltCentre) => void = () => {},
): Promise<{ rebuilt: RebuiltCentre[]; unknown: string[] }> {
  const all = await queryRows<{ id: string; slug: string }>(db, sql`select id, slug from centres order by slug`)
  const unknown = slugs.filter((slug) => !all.some((c) => c.slug === slug))
  if (unknown.length) return { rebuilt: [], unknown }
  const chosen = slugs.length ? all.filter((c) => slugs.includes(c.slug)) : all
  const rebuilt: RebuiltCentre[] = []
  for (const centre of chosen) {
    const started = performance.now()
    const [row] = await db.transaction((tx) =>
      queryRows<{ help: string; monthly: string }>(
        tx,
        sql`select viertel_reporting_rebuild(${centre.id}::uuid) as help,
                   (select count(*) from reporting_help_monthly where centre_id = ${centre.id}::uuid) as monthly`,
      ),
    )
    const done = { ...centre, helpRows: Number(row?.help ?? 0), monthlyRows: Number(row?.monthly ?? 0), seconds: (performance.now() - started) / 1000 }
    rebuilt.push(done)
    progress(done)
  }
  return { rebuilt, unknown: [] }
}
