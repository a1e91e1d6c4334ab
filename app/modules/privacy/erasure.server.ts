import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { withRetry } from '#db/errors'
import { accountErasures, centreStaff, initiativeMembers, initiatives, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { PASSWORD_GUESSES_PER_WINDOW, PASSWORD_GUESS_WINDOW_SECONDS } from '~/modules/auth/accounts.server'
import { verifyPassword } from '~/modules/auth/password.server'
import { rowsOf } from '#db/rows'
import { appOrigin } from '~/modules/notifications/origin.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { forgiveRateLimit, hitRateLimit } from '~/modules/security/rate-limit.server'
import { isLocale } from '~/utils/i18n'
import { getT } from '~/utils/i18n.server'
import { ident, textColumns, userReferences } from './catalog.server'
import { identifyingWords, scrubJson, scrubPattern, scrubText } from './scrub'

/**
 * Erasure (Art. 17 GDPR, ADR 068). The users row stays as a nameless tombstone — the ledger, the
 * exchanges and the loans are records of initiatives and keep pointing at it, and the ledger
 * refuses changes anyway — and is shown as "former member" wherever a name was. Everything that
 * belongs to the person alone goes (every row of a table whose foreign key to users cascades:
 * sessions, memberships, notifications, preferences, saved searches, tokens, second factors…),
 * and their name and e-mail address are removed from the free text of every other table.
 */

/** Tables whose rows must never change (the ledger): erasure leaves them as they are. */
const UNTOUCHABLE = new Set(['ledger_transactions', 'ledger_entries', 'users', 'account_erasures', 'app_secrets'])

export type PasswordCheck = { ok: true } | { ok: false; error: 'wrongPassword' } | { ok: false; error: 'tooManyAttempts'; retryAfterSeconds: number }

/**
 * The person's password, checked against the same per-person budget as on /account (5 wrong
 * guesses per 15 minutes): a stolen session cannot use export or deletion to guess it.
 */
export async function checkOwnPassword(db: DbOrTx, userId: string, password: string, now = new Date()): Promise<PasswordCheck> {
  const key = `password:user:${userId}`
  const limit = await hitRateLimit(db, key, PASSWORD_GUESSES_PER_WINDOW, PASSWORD_GUESS_WINDOW_SECONDS, now)
  if (!limit.allowed) return { ok: false, error: 'tooManyAttempts', retryAfterSeconds: limit.retryAfterSeconds }
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return { ok: false, error: 'wrongPassword' }
  await forgiveRateLimit(db, key, PASSWORD_GUESS_WINDOW_SECONDS, now)
  return { ok: true }
}

export async function isErased(db: DbOrTx, userId: string) {
  const [row] = await db.select({ userId: accountErasures.userId }).from(accountErasures).where(eq(accountErasures.userId, userId))
  return Boolean(row)
}

/** Initiatives where the person is the only owner while others are members: they hand it over first. */
export async function soleOwnerships(db: DbOrTx, userId: string) {
  const rows = rowsOf<{ id: string; name: string; slug: string; centre_slug: string }>(
    await db.execute(sql`
      select i.id, i.name, i.slug, c.slug as centre_slug
        from initiative_members m
        join initiatives i on i.id = m.initiative_id
        join centres c on c.id = i.centre_id
       where m.user_id = ${userId} and m.role = 'owner'
         and not exists (select 1 from initiative_members o
                          where o.initiative_id = m.initiative_id and o.user_id <> m.user_id and o.role = 'owner')
         and exists (select 1 from initiative_members o
                      where o.initiative_id = m.initiative_id and o.user_id <> m.user_id)
       order by i.name, i.id`),
  )
  return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, centreSlug: r.centre_slug }))
}

export interface EraseOptions {
  /** who carries it out: null when the person erases their own account */
  by: { id: string; centreId: string | null } | null
  now?: Date
}

export type EraseResult =
  | { ok: true; orphanedInitiativeIds: string[] }
  | { ok: false; error: 'notFound' | 'alreadyErased' }
  | { ok: false; error: 'soleOwner'; initiatives: { id: string; name: string; slug: string; centreSlug: string }[] }

/** Every address the person had, the current one first, lower case. */
function addressesOf(person: { email: string; previousEmails: string[] | null }): string[] {
  return [...new Set([person.email, ...(person.previousEmails ?? [])].map((e) => e.toLowerCase()))]
}

/** The address a tombstone gets: unique, never deliverable (.invalid is reserved), says nothing. */
export function tombstoneEmail(userId: string) {
  return `erased-${userId}@erased.invalid`
}

/**
 * Erases a person in one transaction (pass the database, not a transaction: this opens its own).
 * The person erasing their own account must first hand over initiatives they own alone; when a
 * manager or admin carries out a request (the person cannot log in), the longest-standing other
 * member becomes owner instead, and the audit log says so.
 */
export async function eraseAccount(db: DbOrTx, userId: string, options: EraseOptions): Promise<EraseResult> {
  // Run again after a deadlock: the erasure changes rows all over the database (the scrub) while it
  // holds the person's row, which a message or a step that notifies them needs too.
  return withRetry(() => db.transaction((tx) => erase(tx, userId, options)))
}

async function erase(tx: DbOrTx, userId: string, options: EraseOptions): Promise<EraseResult> {
  const now = options.now ?? new Date()
  const [person] = await tx.select().from(users).where(eq(users.id, userId)).for('update')
  if (!person) return { ok: false as const, error: 'notFound' as const }
  if (await isErased(tx, userId)) return { ok: false as const, error: 'alreadyErased' as const }
  // Every member row of the person's initiatives, locked in the order removeMember locks them
  // (initiative, then person), before the check below: two owners leaving at once (two erasures,
  // or an erasure and a removal) are judged one after the other, so the second sees it is the
  // last owner, and the heir chosen below cannot leave meanwhile.
  await tx.execute(sql`select 1 from initiative_members
                        where initiative_id in (select initiative_id from initiative_members where user_id = ${userId})
                        order by initiative_id, user_id for update`)

  const sole = await soleOwnerships(tx, userId)
  if (sole.length && !options.by) return { ok: false as const, error: 'soleOwner' as const, initiatives: sole }
  for (const initiative of sole) {
    const [heir] = await tx
      .select({ userId: initiativeMembers.userId })
      .from(initiativeMembers)
      .where(and(eq(initiativeMembers.initiativeId, initiative.id), ne(initiativeMembers.userId, userId)))
      .orderBy(asc(initiativeMembers.createdAt), asc(initiativeMembers.userId))
      .limit(1)
    await tx
      .update(initiativeMembers)
      .set({ role: 'owner' })
      .where(and(eq(initiativeMembers.initiativeId, initiative.id), eq(initiativeMembers.userId, heir!.userId)))
    const [row] = await tx.select({ centreId: initiatives.centreId }).from(initiatives).where(eq(initiatives.id, initiative.id))
    await recordAudit(tx, {
      centreId: row!.centreId,
      actorId: options.by!.id,
      action: 'initiative.owner_handed_over',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: { reason: 'erasure', newOwnerId: heir!.userId },
    })
  }

  const memberOf = await tx
    .select({ initiativeId: initiativeMembers.initiativeId })
    .from(initiativeMembers)
    .where(eq(initiativeMembers.userId, userId))

  // Everything that is the person's alone: every table whose reference to users cascades.
  for (const ref of await userReferences(tx)) {
    if (ref.onDelete !== 'c' || UNTOUCHABLE.has(ref.table)) continue
    await tx.execute(sql`delete from ${ident(ref.table)} where ${ident(ref.column)} = ${userId}`)
  }

  // Rows keyed by the address rather than the account: e-mails to them, links, invitations, counters —
  // for every address the person had (an address change keeps the old one: previousEmails)
  for (const email of addressesOf(person)) {
    await tx.execute(sql`delete from email_outbox where lower(to_address) = ${email}`)
    await tx.execute(sql`delete from email_tokens where lower(email) = ${email}`)
    await tx.execute(sql`delete from invitations where lower(email) = ${email} and accepted_at is null`)
    await tx.execute(sql`update invitations set email = ${tombstoneEmail(userId)} where lower(email) = ${email}`)
    await tx.execute(sql`delete from rate_limits where strpos(lower(key), ${email}) > 0`)
    await tx.execute(sql`delete from login_throttle where strpos(lower(key), ${email}) > 0`)
  }
  await tx.execute(sql`delete from rate_limits where strpos(key, ${userId}) > 0`)
  await tx.execute(sql`delete from login_throttle where strpos(key, ${userId}) > 0`)

  await scrubEverywhere(tx, [...identifyingWords(person), ...addressesOf(person).slice(1)])

  // The tombstone: nothing about the person is left in it (every optional column emptied).
  const optional = rowsOf<{ column_name: string }>(
    await tx.execute(sql`
      select column_name from information_schema.columns
       where table_schema = 'public' and table_name = 'users' and is_nullable = 'YES' and is_generated = 'NEVER'`),
  )
  if (optional.length) {
    await tx.execute(
      sql`update users set ${sql.join(optional.map((c) => sql`${ident(c.column_name)} = null`), sql`, `)} where id = ${userId}`,
    )
  }
  await tx.update(users).set({ name: '', email: tombstoneEmail(userId), locale: 'de', isAdmin: false }).where(eq(users.id, userId))
  await tx.insert(accountErasures).values({ userId, erasedBy: options.by?.id ?? null, onRequest: options.by !== null, erasedAt: now })
  await recordAudit(tx, {
    centreId: options.by?.centreId ?? null,
    actorId: options.by?.id ?? null,
    action: options.by ? 'account.erased_on_request' : 'account.erased',
    subjectType: 'user',
    subjectId: userId,
    details: {},
  })

  const orphaned = await tellAboutOrphans(
    tx,
    memberOf.map((m) => m.initiativeId),
  )
  return { ok: true as const, orphanedInitiativeIds: orphaned }
}

/**
 * Replaces the person's name and address by a mark in every text and jsonb column of every table
 * but the ledger's. Rows are found by a case-insensitive substring and changed by their row
 * address (ctid) inside the erasure's transaction, so tables with any primary key are covered.
 */
async function scrubEverywhere(tx: DbOrTx, words: string[]) {
  const pattern = scrubPattern(words)
  if (!pattern) return
  const needles = words.map((w) => w.trim().toLowerCase()).filter(Boolean)
  for (const table of await textColumns(tx)) {
    if (UNTOUCHABLE.has(table.table)) continue
    const hit = sql.join(
      table.columns.flatMap((c) => needles.map((n) => sql`strpos(lower(${ident(c.name)}::text), ${n}) > 0`)),
      sql` or `,
    )
    const rows = rowsOf<Record<string, unknown>>(
      await tx.execute(
        sql`select ctid::text as ctid__, ${sql.join(
          table.columns.map((c) => (c.json ? sql`${ident(c.name)}::text as ${ident(c.name)}` : ident(c.name))),
          sql`, `,
        )} from ${ident(table.table)} where ${hit}`,
      ),
    )
    for (const row of rows) {
      const changes = table.columns.flatMap((c) => {
        const value = row[c.name]
        if (typeof value !== 'string') return []
        if (c.json) {
          const scrubbed = JSON.stringify(scrubJson(JSON.parse(value), pattern))
          return scrubbed === JSON.stringify(JSON.parse(value)) ? [] : [sql`${ident(c.name)} = ${scrubbed}::jsonb`]
        }
        const scrubbed = scrubText(value, pattern)
        return scrubbed === value ? [] : [sql`${ident(c.name)} = ${scrubbed}`]
      })
      if (!changes.length) continue
      await tx.execute(sql`update ${ident(table.table)} set ${sql.join(changes, sql`, `)} where ctid = ${row.ctid__ as string}::tid`)
    }
  }
}

/** Initiatives the erasure left without any member: their centre's managers are told by e-mail. */
async function tellAboutOrphans(tx: DbOrTx, initiativeIds: string[]) {
  if (!initiativeIds.length) return []
  const left = rowsOf<{ id: string; name: string; centre_id: string; centre_slug: string; centre_name: string }>(
    await tx.execute(sql`
      select i.id, i.name, i.centre_id, c.slug as centre_slug, c.name as centre_name
        from initiatives i join centres c on c.id = i.centre_id
       where i.id in (${sql.join(
         initiativeIds.map((id) => sql`${id}`),
         sql`, `,
       )})
         and not exists (select 1 from initiative_members m where m.initiative_id = i.id)
       order by i.name, i.id`),
  )
  const origin = appOrigin()
  for (const initiative of left) {
    const managers = await tx
      .select({ email: users.email, locale: users.locale })
      .from(centreStaff)
      .innerJoin(users, eq(users.id, centreStaff.userId))
      .where(eq(centreStaff.centreId, initiative.centre_id))
    for (const manager of managers) {
      const t = getT(isLocale(manager.locale) ? manager.locale : 'de')
      const params = {
        initiative: initiative.name,
        centre: initiative.centre_name,
        url: `${origin}/c/${initiative.centre_slug}/manage/initiatives`,
      }
      await enqueueEmail(tx, {
        to: manager.email,
        subject: t('privacy.orphanMail.subject', params),
        text: t('privacy.orphanMail.text', params),
        kind: 'privacy.initiative_orphaned',
        centreId: initiative.centre_id,
      })
    }
    await recordAudit(tx, {
      centreId: initiative.centre_id,
      actorId: null,
      action: 'initiative.left_without_members',
      subjectType: 'initiative',
      subjectId: initiative.id,
      details: {},
    })
  }
  return left.map((i) => i.id)
}

/**
 * A person a manager of the centre may erase on request: a member of an initiative of the centre,
 * not staff of any centre, not an admin. Their address (for the typed check), or null.
 */
export async function erasableInCentre(db: DbOrTx, centreId: string, userId: string): Promise<{ email: string } | null> {
  const [row] = await db
    .select({ email: users.email, isAdmin: users.isAdmin })
    .from(users)
    .innerJoin(initiativeMembers, eq(initiativeMembers.userId, users.id))
    .where(and(eq(users.id, userId), eq(initiativeMembers.centreId, centreId)))
    .limit(1)
  if (!row || row.isAdmin) return null
  const staff = await db.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.userId, userId)).limit(1)
  return staff.length === 0 ? { email: row.email } : null
}

/** The people a manager of the centre may erase on request (see erasableInCentre), by name. */
export async function listErasableInCentre(db: DbOrTx, centreId: string) {
  const rows = rowsOf<{ id: string; name: string; email: string }>(
    await db.execute(sql`
      select distinct u.id, u.name, u.email
        from users u join initiative_members m on m.user_id = u.id
       where m.centre_id = ${centreId} and not u.is_admin
         and not exists (select 1 from centre_staff s where s.user_id = u.id)
       order by u.name, u.email, u.id`),
  )
  return rows
}
