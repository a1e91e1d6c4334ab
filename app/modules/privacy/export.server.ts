import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { rowsOf } from '#db/rows'
import { withoutValues } from '~/utils/logger.server'

/**
 * Access and portability (Art. 15/20 GDPR, ADR 068): everything Viertel holds about a person as
 * one JSON document, written as it is read. Each list is read in keyset pages (by the row's id),
 * so a long history never sits in memory: at most one page of one list at a time.
 */

export const EXPORT_FORMAT = 'viertel-personal-data/1'
/** Rows read per query. */
export const EXPORT_PAGE_SIZE = 500

/** Columns that are secrets of the system rather than data about the person (a hash of a session token, a TOTP secret). */
const SECRET_COLUMN = /(^|_)(password|secret|hash|token|search)(_|$)|^bytes$|^thumbnail$/

export function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !SECRET_COLUMN.test(key)))
}

interface Section {
  name: string
  /** `id` of the table (`uuid` or `bigint`), for the keyset */
  idType: 'uuid' | 'bigint'
  /** `select to_jsonb(x) as j, x.<key>::text as k from … where <who> ${after} order by x.<key> limit ${n}` */
  page: (after: SQL, limit: number) => SQL
  /** the column the keyset follows */
  key: string
  /** columns not written (besides the secret ones) */
  omit: readonly string[]
}

function sections(userId: string, addresses: readonly string[]): Section[] {
  const u = sql`${userId}::uuid`
  // every address the person had: an address change keeps the old one (previousEmails)
  const theirs = sql`(${sql.join(
    addresses.map((a) => sql`${a}`),
    sql`, `,
  )})`
  const mine = (
    name: string,
    table: string,
    who: SQL,
    idType: 'uuid' | 'bigint' = 'uuid',
    options: { key?: string; omit?: readonly string[] } = {},
  ): Section => {
    const key = sql.raw(options.key ?? 'id')
    return {
      name,
      idType,
      key: options.key ?? 'id',
      omit: options.omit ?? [],
      page: (after, limit) =>
        sql`select to_jsonb(x) as j, x.${key}::text as k from ${sql.raw(table)} x where (${who}) ${after} order by x.${key} limit ${limit}`,
    }
  }
  return [
    mine('memberships', '(select m.*, m.initiative_id as id, i.name as initiative_name, c.slug as centre from initiative_members m join initiatives i on i.id = m.initiative_id join centres c on c.id = m.centre_id)', sql`x.user_id = ${u}`),
    mine('centreRoles', '(select s.*, s.centre_id as id, c.slug as centre from centre_staff s join centres c on c.id = s.centre_id)', sql`x.user_id = ${u}`),
    mine('listingsWritten', 'listings', sql`x.created_by = ${u}`, 'uuid', { omit: ['approved_content'] }),
    mine('messagesSent', '(select em.*, e.title as exchange_title from exchange_messages em join exchanges e on e.id = em.exchange_id)', sql`x.author_id = ${u}`),
    mine(
      'exchanges',
      '(select e.*, p.name as provider_initiative, r.name as receiver_initiative from exchanges e join initiatives p on p.id = e.provider_initiative_id join initiatives r on r.id = e.receiver_initiative_id)',
      sql`x.created_by = ${u} or exists (select 1 from exchange_events ev where ev.exchange_id = x.id and ev.actor_id = ${u})`,
    ),
    mine('exchangeSteps', 'exchange_events', sql`x.actor_id = ${u}`, 'bigint'),
    mine(
      'loans',
      'loans',
      sql`${u} in (x.requested_by, x.decided_by, x.disbursed_by, x.written_off_by) or exists (select 1 from loan_events le where le.loan_id = x.id and le.actor_id = ${u})`,
    ),
    mine('loanSteps', 'loan_events', sql`x.actor_id = ${u}`, 'bigint'),
    mine('loanRepayments', 'loan_repayments', sql`${u} in (x.logged_by, x.decided_by)`),
    mine('loanGuarantees', 'loan_guarantees', sql`${u} in (x.asked_by, x.pledged_by)`),
    mine('bookings', 'bookings', sql`${u} in (x.requested_by, x.decided_by, x.cancelled_by)`),
    // whether an authenticator app is on (never its secret), and how many recovery codes are left
    mine(
      'twoFactor',
      '(select t.user_id as id, t.user_id, t.enabled_at, t.created_at, (select count(*) from two_factor_recovery_codes c where c.user_id = t.user_id and c.used_at is null) as unused_recovery_codes from two_factor t)',
      sql`x.user_id = ${u}`,
    ),
    mine('notifications', 'notifications', sql`x.user_id = ${u}`),
    mine('notificationSettings', '(select p.*, p.kind as id from notification_preferences p)', sql`x.user_id = ${u}`),
    mine('savedSearches', 'saved_searches', sql`x.user_id = ${u}`),
    mine('reportsFiled', 'reports', sql`x.reporter_id = ${u}`),
    mine('vocabularyWordsAdded', 'vocabulary_labels', sql`x.created_by = ${u}`, 'uuid', { omit: ['folded'] }),
    mine('vocabularyConceptsAdded', 'vocabulary_concepts', sql`x.created_by = ${u}`, 'uuid', { key: 'key', omit: [] }),
    mine('invitations', 'invitations', sql`lower(x.email) in ${theirs} or x.invited_by = ${u}`),
    mine('emailsSentToYou', 'email_outbox', sql`lower(x.to_address) in ${theirs}`),
    mine('auditEntries', 'audit_log', sql`x.actor_id = ${u} or (x.subject_type = 'user' and x.subject_id = ${userId})`, 'bigint'),
    // a session's id is the hash of the browser's token: not written, the rows are keyed by a hash of it
    mine('sessions', '(select s.*, md5(s.id) as export_key from sessions s)', sql`x.user_id = ${u}`, 'uuid', { key: 'export_key', omit: ['id', 'export_key'] }),
  ]
}

function keyset(section: Section, after: string | null): SQL {
  if (after === null) return sql``
  // uuid order is the order of its text; the few lists keyed by text (settings, sessions) compare as text
  const key = sql.raw(section.key)
  return section.idType === 'bigint' ? sql`and x.${key} > ${after}::bigint` : sql`and x.${key}::text > ${after}`
}

/**
 * The document, piece by piece: `{"format":…,"profile":{…},"memberships":[…],…}`. Each piece is
 * valid JSON text in order; joined, they are one document.
 */
export async function* personalDataChunks(db: DbOrTx, userId: string, options: { now?: Date; pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE
  const [profile] = rowsOf<{ j: Record<string, unknown> | string }>(await db.execute(sql`select to_jsonb(u) as j from users u where u.id = ${userId}`))
  if (!profile) throw new Error('no such person')
  const person = withoutSecrets(asObject(profile.j))
  const addresses = [...new Set([person.email, ...(Array.isArray(person.previous_emails) ? person.previous_emails : [])].map((e) => String(e).toLowerCase()))]
  yield `{"format":${JSON.stringify(EXPORT_FORMAT)},"exportedAt":${JSON.stringify((options.now ?? new Date()).toISOString())},"profile":${JSON.stringify(person)}`
  for (const section of sections(userId, addresses)) {
    yield `,${JSON.stringify(section.name)}:[`
    let after: string | null = null
    let first = true
    for (;;) {
      const rows: { j: Record<string, unknown> | string; k: string }[] = rowsOf(await db.execute(section.page(keyset(section, after), pageSize)))
      if (!rows.length) break
      const text = rows.map((r) => JSON.stringify(omit(withoutSecrets(asObject(r.j)), section.omit))).join(',')
      yield (first ? '' : ',') + text
      first = false
      after = rows[rows.length - 1]!.k
      if (rows.length < pageSize) break
    }
    yield ']'
  }
  yield '}\n'
}

function omit(row: Record<string, unknown>, keys: readonly string[]) {
  if (!keys.length) return row
  return Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)))
}

/** PGlite hands jsonb over parsed, postgres.js too; a string is parsed in case a driver does not. */
function asObject(value: Record<string, unknown> | string): Record<string, unknown> {
  return typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : value
}

/** The document as a byte stream for a download; errors while streaming end the stream (logged). */
export function personalDataStream(db: DbOrTx, userId: string): ReadableStream<Uint8Array> {
  const chunks = personalDataChunks(db, userId)
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(next.value))
      } catch (error) {
        console.error(`Personal data export of ${userId} failed while streaming:`, withoutValues(error))
        controller.error(error)
      }
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
