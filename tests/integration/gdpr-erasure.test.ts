import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeManager, makeUser } from '#db/factories'
import { accountErasures, auditLog, emailOutbox, emailTokens, initiativeMembers, invitations, savedSearches, sessions, twoFactor, twoFactorRecoveryCodes, users } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { getExchangeForViewer, postMessage, proposeExchange, transition } from '~/modules/exchanges/exchanges.server'
import { balances, centreTotals } from '~/modules/ledger/ledger.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { checkOwnPassword, erasableInCentre, eraseAccount, listErasableInCentre, tombstoneEmail } from '~/modules/privacy/erasure.server'
import { reportCentre } from '~/modules/reporting/console.server'
import { toRange, yearPeriod } from '~/modules/reporting/period'
import { figures } from '~/modules/reporting/reporting.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

/** Every text and jsonb column of every table, searched for each needle (case-insensitive). */
async function tracesOf(needles: string[]) {
  const columns = await database.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
  )
  const found: string[] = []
  for (const { table_name, column_name } of columns) {
    for (const needle of needles) {
      const [row] = await database.query<{ n: number }>(
        `select count(*)::int as n from "${table_name}" where strpos(lower("${column_name}"::text), lower($1)) > 0`,
        [needle],
      )
      if (row!.n > 0) found.push(`${table_name}.${column_name} ∋ ${needle} (${row!.n})`)
    }
  }
  return found
}

async function world(name: string) {
  const centre = await makeCentre(db(), { timeZone: 'Europe/Berlin' })
  const manager = await makeManager(db(), centre.id, { locale: 'fr' })
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '.')
  const person = await makeUser(db(), { name, email: `${slug}@beispiel.test` })
  const colleague = await makeUser(db())
  const provider = await makeInitiative(db(), centre.id, { name: 'Radwerk' })
  await addMember(db(), provider, person.id, 'owner')
  await addMember(db(), provider, colleague.id, 'owner')
  const receiverPerson = await makeUser(db())
  const receiver = await makeInitiative(db(), centre.id, { name: 'Gemeinschaftsgarten' })
  await addMember(db(), receiver, receiverPerson.id, 'owner')
  // an initiative the person runs alone: erasing them leaves it without members
  const solo = await makeInitiative(db(), centre.id, { name: 'Solo-Werkstatt' })
  await addMember(db(), solo, person.id, 'owner')
  return { centre, manager, person, colleague, provider, receiver, receiverPerson, solo }
}

describe('erasure of one’s own account', () => {
  it('leaves no trace of the name or address in any text column, keeps ledger and report figures, and shows the person as nobody', async () => {
    const w = await world('Erika Mustermann')
    const offer = await makeListingRow(db(), w.provider, 'offer', { createdBy: w.person.id, title: 'Bremsen einstellen' })
    const proposed = await proposeExchange(db(), { id: w.receiverPerson.id }, w.centre.id, {
      listingId: offer.id,
      initiativeId: w.receiver.id,
      minutes: 120,
      date: '2026-03-02',
      message: 'Hallo Erika Mustermann, habt ihr Zeit?',
    })
    if (!proposed.ok) throw new Error(JSON.stringify(proposed))
    const ex = proposed.exchange
    expect(await transition(db(), { id: w.person.id }, ex.id, 'accept')).toMatchObject({ ok: true })
    expect(
      await postMessage(db(), { id: w.person.id }, ex.id, { body: 'Gern. Viele Grüße, Erika Mustermann (erika.mustermann@beispiel.test)' }),
    ).toEqual({ ok: true })
    expect(await transition(db(), { id: w.person.id }, ex.id, 'complete', { minutes: 90 })).toMatchObject({ ok: true })
    expect(await transition(db(), { id: w.receiverPerson.id }, ex.id, 'confirm')).toMatchObject({ ok: true })
    // what else names the person: an audit entry, an invitation, a saved search, a session, a mail to someone else
    await recordAudit(db(), {
      centreId: w.centre.id,
      actorId: w.colleague.id,
      action: 'member.note',
      subjectType: 'user',
      subjectId: w.person.id,
      details: { who: 'Erika Mustermann', email: 'ERIKA.MUSTERMANN@beispiel.test' },
    })
    await db().insert(invitations).values({
      centreId: w.centre.id,
      initiativeId: w.receiver.id,
      email: 'erika.mustermann@beispiel.test',
      tokenHash: `h-${w.person.id}`,
      invitedBy: w.receiverPerson.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    await db().insert(savedSearches).values({ userId: w.person.id, centreId: w.centre.id, words: 'Lastenrad' })
    await createSession(db(), generateSessionToken(), w.person.id)
    await db().insert(twoFactor).values({ userId: w.person.id, secretEncrypted: 'v1.sealed', enabledAt: new Date() })
    await db().insert(twoFactorRecoveryCodes).values({ userId: w.person.id, codeHash: 'a'.repeat(64) })
    await enqueueEmail(db(), { to: 'someone@else.test', subject: 'Neu von Erika Mustermann', text: 'Erika Mustermann schrieb', kind: 'test' })

    const report = reportCentre(w.centre)
    const range = toRange(yearPeriod(2026), w.centre.timeZone)
    const before = {
      totals: await centreTotals(db(), w.centre.id),
      provider: await balances(db(), w.provider.id),
      receiver: await balances(db(), w.receiver.id),
      figures: await figures(db(), report, range, new Date('2026-12-31T12:00:00Z')),
    }
    expect(await tracesOf(['Erika Mustermann', 'erika.mustermann@beispiel.test'])).not.toEqual([])

    const result = await eraseAccount(db(), w.person.id, { by: null })
    expect(result).toEqual({ ok: true, orphanedInitiativeIds: [w.solo.id] })

    expect(await tracesOf(['Erika Mustermann', 'erika.mustermann@beispiel.test'])).toEqual([])
    expect({
      totals: await centreTotals(db(), w.centre.id),
      provider: await balances(db(), w.provider.id),
      receiver: await balances(db(), w.receiver.id),
      figures: await figures(db(), report, range, new Date('2026-12-31T12:00:00Z')),
    }).toEqual(before)

    // the tombstone: no name, an undeliverable address, no password; sessions, memberships, searches gone
    const [tomb] = await db().select().from(users).where(eq(users.id, w.person.id))
    expect(tomb).toMatchObject({ name: '', email: tombstoneEmail(w.person.id), passwordHash: null, emailVerifiedAt: null, isAdmin: false })
    expect(await db().select().from(sessions).where(eq(sessions.userId, w.person.id))).toEqual([])
    expect(await db().select().from(initiativeMembers).where(eq(initiativeMembers.userId, w.person.id))).toEqual([])
    expect(await db().select().from(savedSearches).where(eq(savedSearches.userId, w.person.id))).toEqual([])
    expect(await db().select().from(twoFactor).where(eq(twoFactor.userId, w.person.id))).toEqual([])
    expect(await db().select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, w.person.id))).toEqual([])
    expect(await db().select().from(accountErasures).where(eq(accountErasures.userId, w.person.id))).toMatchObject([{ onRequest: false, erasedBy: null }])

    // the exchange keeps its messages and history; the person's name is gone from them (the page says "former member")
    const view = await getExchangeForViewer(db(), { id: w.receiverPerson.id }, w.centre.id, ex.id)
    const mine = view!.messages.find((m) => m.body.startsWith('Gern.'))
    expect(mine).toMatchObject({ authorName: '', body: 'Gern. Viele Grüße, … (…)' })
    expect(view!.events.filter((e) => e.actorName === '').length).toBeGreaterThan(0)
    expect(view!.messages.find((m) => m.body.startsWith('Hallo'))!.body).toBe('Hallo …, habt ihr Zeit?')

    // the initiative left without members: the centre's manager is told, in their language
    const told = await db().select().from(emailOutbox).where(eq(emailOutbox.kind, 'privacy.initiative_orphaned'))
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ toAddress: w.manager.email })
    expect(told[0]!.subject).toContain('Solo-Werkstatt')
    expect(told[0]!.subject).toContain('Initiative sans membres')
    const audit = await db().select().from(auditLog).where(eq(auditLog.subjectId, w.person.id))
    expect(audit.map((a) => a.action)).toContain('account.erased')
    // logging in is impossible: no password, and the address is not theirs any more
    expect(await db().select().from(users).where(sql`lower(${users.email}) = 'erika.mustermann@beispiel.test'`)).toEqual([])
  })

  it('refuses while the person is the only owner of an initiative with other members, and changes nothing', async () => {
    const w = await world('Hanna Schmidt')
    const team = await makeInitiative(db(), w.centre.id, { name: 'Nähcafé' })
    await addMember(db(), team, w.person.id, 'owner')
    await addMember(db(), team, w.colleague.id, 'member')
    await createSession(db(), generateSessionToken(), w.person.id)
    const result = await eraseAccount(db(), w.person.id, { by: null })
    expect(result).toMatchObject({ ok: false, error: 'soleOwner', initiatives: [{ id: team.id, name: 'Nähcafé' }] })
    const [still] = await db().select().from(users).where(eq(users.id, w.person.id))
    expect(still).toMatchObject({ name: 'Hanna Schmidt', email: 'hanna.schmidt@beispiel.test' })
    expect(await db().select().from(sessions).where(eq(sessions.userId, w.person.id))).toHaveLength(1)
    expect(await db().select().from(accountErasures).where(eq(accountErasures.userId, w.person.id))).toEqual([])
  })

  it('a second erasure of the same person is refused, not repeated', async () => {
    const w = await world('Jonas Weber')
    expect(await eraseAccount(db(), w.person.id, { by: null })).toMatchObject({ ok: true })
    expect(await eraseAccount(db(), w.person.id, { by: null })).toEqual({ ok: false, error: 'alreadyErased' })
  })
})

describe('erasure carried out by a manager on request', () => {
  it('hands a solely owned initiative to the longest-standing member and records who did it', async () => {
    const w = await world('Paul Becker')
    const team = await makeInitiative(db(), w.centre.id, { name: 'Repair-Café' })
    await addMember(db(), team, w.person.id, 'owner')
    await addMember(db(), team, w.colleague.id, 'member')
    const result = await eraseAccount(db(), w.person.id, { by: { id: w.manager.id, centreId: w.centre.id } })
    expect(result).toMatchObject({ ok: true })
    const members = await db().select().from(initiativeMembers).where(eq(initiativeMembers.initiativeId, team.id))
    expect(members).toEqual([expect.objectContaining({ userId: w.colleague.id, role: 'owner' })])
    const audit = await db().select().from(auditLog).where(eq(auditLog.subjectId, w.person.id))
    expect(audit).toContainEqual(expect.objectContaining({ action: 'account.erased_on_request', actorId: w.manager.id, centreId: w.centre.id }))
    expect(await db().select().from(accountErasures).where(eq(accountErasures.userId, w.person.id))).toMatchObject([
      { onRequest: true, erasedBy: w.manager.id },
    ])
    expect(await tracesOf(['Paul Becker', 'paul.becker@beispiel.test'])).toEqual([])
  })
})

describe('who a manager may erase on request', () => {
  it('members of the centre’s initiatives only: not people of another centre, not staff, not admins', async () => {
    const w = await world('Mia Keller')
    const other = await makeCentre(db())
    const elsewhere = await makeUser(db())
    await addMember(db(), await makeInitiative(db(), other.id), elsewhere.id, 'owner')
    const admin = await makeUser(db(), { isAdmin: true })
    await addMember(db(), w.receiver, admin.id)
    const managerElsewhere = await makeManager(db(), other.id)
    await addMember(db(), w.receiver, managerElsewhere.id)
    expect(await erasableInCentre(db(), w.centre.id, w.person.id)).toEqual({ email: w.person.email })
    expect(await erasableInCentre(db(), w.centre.id, elsewhere.id)).toBeNull()
    expect(await erasableInCentre(db(), w.centre.id, admin.id)).toBeNull()
    expect(await erasableInCentre(db(), w.centre.id, managerElsewhere.id)).toBeNull()
    expect(await erasableInCentre(db(), w.centre.id, w.manager.id)).toBeNull()
    const listed = (await listErasableInCentre(db(), w.centre.id)).map((p) => p.id)
    expect(listed).toContain(w.person.id)
    expect(listed).not.toContain(admin.id)
    expect(listed).not.toContain(managerElsewhere.id)
    // after the erasure the person is no member anywhere: nobody can erase the tombstone again
    await eraseAccount(db(), w.person.id, { by: { id: w.manager.id, centreId: w.centre.id } })
    expect(await erasableInCentre(db(), w.centre.id, w.person.id)).toBeNull()
  })
})

describe('the password typed again', () => {
  it('is checked, and wrong guesses are limited per person', async () => {
    const person = await makeUser(db(), { password: 'ein langes gutes Passwort' })
    expect(await checkOwnPassword(db(), person.id, 'ein langes gutes Passwort')).toEqual({ ok: true })
    const now = new Date()
    for (let i = 0; i < 5; i++) expect(await checkOwnPassword(db(), person.id, 'falsch', now)).toEqual({ ok: false, error: 'wrongPassword' })
    expect(await checkOwnPassword(db(), person.id, 'ein langes gutes Passwort', now)).toMatchObject({ ok: false, error: 'tooManyAttempts' })
    expect(await db().select().from(emailTokens).where(eq(emailTokens.userId, person.id))).toEqual([])
  })
})
