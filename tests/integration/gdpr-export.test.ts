import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeInitiative, makeUser, TEST_PASSWORD } from '#db/factories'
import { emailOutbox, emailTokens, invitations, twoFactor } from '#db/schema'
import { confirmEmailLink, requestEmailChange } from '~/modules/auth/email-verification.server'
import { createSession, generateSessionToken } from '~/modules/auth/session.server'
import { postMessage, proposeExchange, transition } from '~/modules/exchanges/exchanges.server'
import { enqueueEmail } from '~/modules/notifications/outbox.server'
import { grantExport, hasExportGrant, redeemExportGrant } from '~/modules/privacy/export-grants.server'
import { EXPORT_FORMAT, personalDataChunks, personalDataStream } from '~/modules/privacy/export.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

type Doc = Record<string, unknown> & { profile: Record<string, unknown> } & Record<string, Record<string, unknown>[]>

async function world() {
  const centre = await makeCentre(db())
  const person = await makeUser(db(), { name: 'Lena Vogel' })
  const other = await makeUser(db(), { name: 'Otto Fremd' })
  const mine = await makeInitiative(db(), centre.id)
  await addMember(db(), mine, person.id, 'owner')
  const theirs = await makeInitiative(db(), centre.id)
  await addMember(db(), theirs, other.id, 'owner')
  const offer = await makeListingRow(db(), theirs, 'offer', { createdBy: other.id })
  const proposed = await proposeExchange(db(), { id: person.id }, centre.id, {
    listingId: offer.id,
    initiativeId: mine.id,
    minutes: 60,
    date: '2026-05-04',
    message: 'Erste Nachricht von Lena',
  })
  if (!proposed.ok) throw new Error(JSON.stringify(proposed))
  await transition(db(), { id: other.id }, proposed.exchange.id, 'accept')
  for (let i = 1; i <= 5; i++) await postMessage(db(), { id: person.id }, proposed.exchange.id, { body: `Lenas Nachricht ${i}` })
  await postMessage(db(), { id: other.id }, proposed.exchange.id, { body: 'Ottos Antwort' })
  await makeListingRow(db(), mine, 'need', { createdBy: person.id, title: 'Suche Leiter' })
  await enqueueEmail(db(), { to: person.email, subject: 'Für Lena', text: 'Hallo Lena', kind: 'test' })
  await enqueueEmail(db(), { to: other.email, subject: 'Für Otto', text: 'Hallo Otto', kind: 'test' })
  const session = await createSession(db(), generateSessionToken(), person.id)
  await db().insert(twoFactor).values({ userId: person.id, secretEncrypted: 'v1.SEALED-SECRET', enabledAt: new Date() })
  return { centre, person, other, mine, exchange: proposed.exchange, session }
}

async function read(userId: string, pageSize?: number): Promise<Doc> {
  let text = ''
  for await (const chunk of personalDataChunks(db(), userId, { pageSize })) text += chunk
  return JSON.parse(text) as Doc
}

describe('the personal data export', () => {
  it('holds the person’s profile, messages, listings, exchanges, e-mails and sessions — and nothing of anyone else', async () => {
    const w = await world()
    const doc = await read(w.person.id, 2)
    expect(doc.format).toBe(EXPORT_FORMAT)
    expect(doc.profile).toMatchObject({ id: w.person.id, name: 'Lena Vogel', email: w.person.email })
    expect(doc.profile).not.toHaveProperty('password_hash')
    // read in pages of two: every one of the six messages arrives once, in order
    expect(doc.messagesSent!.map((m) => m.body).sort()).toEqual(
      ['Erste Nachricht von Lena', 'Lenas Nachricht 1', 'Lenas Nachricht 2', 'Lenas Nachricht 3', 'Lenas Nachricht 4', 'Lenas Nachricht 5'].sort(),
    )
    expect(JSON.stringify(doc)).not.toContain('Ottos Antwort')
    expect(JSON.stringify(doc)).not.toContain('Hallo Otto')
    expect(doc.listingsWritten!.map((l) => l.title)).toEqual(['Suche Leiter'])
    expect(doc.exchanges!.map((e) => e.id)).toEqual([w.exchange.id])
    expect(doc.memberships!.map((m) => m.initiative_id)).toEqual([w.mine.id])
    expect(doc.emailsSentToYou!.map((m) => m.subject)).toContain('Für Lena')
    expect(new Set(doc.emailsSentToYou!.map((m) => m.to_address))).toEqual(new Set([w.person.email]))
    expect(doc.sessions).toHaveLength(1)
    expect(doc.sessions![0]).not.toHaveProperty('id')
    expect(Object.keys(doc.sessions![0]!).some((k) => /hash|token|secret/.test(k))).toBe(false)
    expect(doc.exchangeSteps!.length).toBeGreaterThan(0)
    expect(doc.twoFactor).toEqual([expect.objectContaining({ user_id: w.person.id, unused_recovery_codes: 0 })])
    expect(JSON.stringify(doc)).not.toContain('SEALED-SECRET')
  })

  it('holds the e-mails sent to an address the person had before changing it, and invitations to it', async () => {
    const w = await world()
    const next = `lena-neu-${Date.now()}@example.test`
    expect(await requestEmailChange(db(), { userId: w.person.id, password: TEST_PASSWORD, newEmail: next })).toEqual({ ok: true })
    const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, next))
    const token = /\/verify-email\/([a-z2-7]+)/.exec(mail!.text)![1]!
    expect(await confirmEmailLink(db(), token)).toMatchObject({ ok: true })
    await enqueueEmail(db(), { to: next, subject: 'An die neue Adresse', text: 'Hallo', kind: 'test' })
    await db().insert(invitations).values({ kind: 'manager', centreId: w.centre.id, email: w.person.email.toUpperCase(), invitedBy: w.other.id, tokenHash: `h-${Date.now()}`, expiresAt: new Date(Date.now() + 86_400_000) })
    const doc = await read(w.person.id)
    expect(doc.profile).toMatchObject({ email: next, previous_emails: [w.person.email] })
    const subjects = doc.emailsSentToYou!.map((m) => m.subject)
    expect(subjects).toEqual(expect.arrayContaining(['Für Lena', 'An die neue Adresse']))
    expect(new Set(doc.emailsSentToYou!.map((m) => m.to_address))).toEqual(new Set([w.person.email, next]))
    expect(doc.invitations!.map((i) => i.invited_by)).toEqual([w.other.id])
    expect(JSON.stringify(doc)).not.toContain('Hallo Otto')
  })

  it('is the same document whatever the page size', async () => {
    const w = await world()
    const small = await read(w.person.id, 1)
    const large = await read(w.person.id, 1000)
    expect({ ...small, exportedAt: null }).toEqual({ ...large, exportedAt: null })
  })

  it('streams bytes that parse as one JSON document', async () => {
    const w = await world()
    const text = await new Response(personalDataStream(db(), w.person.id)).text()
    expect((JSON.parse(text) as Doc).profile.id).toBe(w.person.id)
  })
})

describe('the download grant', () => {
  it('works once, for this person and session only, and not after it expired', async () => {
    const w = await world()
    const now = new Date('2026-06-01T10:00:00Z')
    expect(await redeemExportGrant(db(), w.person.id, w.session.id, now)).toBe(false)
    await grantExport(db(), w.person, w.session.id, now)
    expect(await hasExportGrant(db(), w.person.id, w.session.id, now)).toBe(true)
    expect(await redeemExportGrant(db(), w.person.id, 'another-session', now)).toBe(false)
    expect(await redeemExportGrant(db(), w.other.id, w.session.id, now)).toBe(false)
    expect(await redeemExportGrant(db(), w.person.id, w.session.id, now)).toBe(true)
    expect(await redeemExportGrant(db(), w.person.id, w.session.id, now)).toBe(false)
    await grantExport(db(), w.person, w.session.id, now)
    expect(await redeemExportGrant(db(), w.person.id, w.session.id, new Date(now.getTime() + 6 * 60_000))).toBe(false)
    expect(await db().select().from(emailTokens).where(eq(emailTokens.userId, w.person.id))).toHaveLength(2)
  })
})
