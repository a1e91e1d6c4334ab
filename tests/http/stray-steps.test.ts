import { and, eq, ne, notInArray } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { bookings, centres, exchanges, initiativeMembers, listings, users } from '#db/schema'
import { proposeExchange } from '~/modules/exchanges/exchanges.server'
import { requestLoan } from '~/modules/loans/loans.server'
import { requestBooking } from '~/modules/bookings/bookings.server'
import { startApp, type TestApp } from './app'
import { decodeEntities, mainText } from './forms'

/**
 * A step sent for a form the page does not show — the proposer "accepting" their own proposal with a
 * crafted POST, or a stale page after the other side acted — is refused and the page says why, in the
 * next-steps card: the refusal used to come back with no form on the page to show it.
 */
let app: TestApp
let member: string
beforeAll(async () => {
  app = await startApp()
  member = await app.cookieFor('member@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

/** The demo member, the Lagerhaus, and the member's initiatives there. */
async function theMember() {
  const [centre] = await app.db.select({ id: centres.id }).from(centres).where(eq(centres.slug, 'lagerhaus'))
  const [person] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'member@lagerhaus.test'))
  const mine = (
    await app.db
      .select({ id: initiativeMembers.initiativeId })
      .from(initiativeMembers)
      .where(and(eq(initiativeMembers.userId, person!.id), eq(initiativeMembers.centreId, centre!.id)))
  ).map((m) => m.id)
  expect(mine.length, 'the demo member belongs to an initiative of the Lagerhaus').toBeGreaterThan(0)
  return { centreId: centre!.id, personId: person!.id, mine }
}

test('the proposer’s own "accept" is refused and the page says it is not their step, nothing changed; a stale "withdraw" says the state changed', async () => {
  const { centreId, personId, mine } = await theMember()
  const [listing] = await app.db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.centreId, centreId), eq(listings.status, 'active'), ne(listings.category, 'loan'), notInArray(listings.initiativeId, mine)))
    .limit(1)
  const proposed = await proposeExchange(app.db, { id: personId }, centreId, { listingId: listing!.id, initiativeId: mine[0]!, minutes: 60, message: 'Geht es am Freitag?' }, { silent: true })
  if (!proposed.ok) throw new Error(JSON.stringify(proposed))
  const url = `/c/lagerhaus/exchanges/${proposed.exchange.id}`

  const page = mainText(decodeEntities(await (await app.fetch(url, { headers: { 'Accept-Language': 'de', cookie: member } })).text()))
  expect(page).not.toContain('Annehmen')

  const answer = await app.postForm(url, { intent: 'accept' }, member)
  expect(answer.status).toBe(403)
  const shown = mainText(decodeEntities(await answer.text()))
  const steps = shown.slice(shown.indexOf('Nächster Schritt'))
  expect(steps.length, 'the next-steps card is on the page').toBeLessThan(shown.length)
  expect(steps).toMatch(/^Nächster Schritt\s+Dieser Schritt ist nicht deiner\./)
  const [row] = await app.db.select({ state: exchanges.state }).from(exchanges).where(eq(exchanges.id, proposed.exchange.id))
  expect(row!.state).toBe('proposed')

  // an unknown step: said to be unknown, in the same place
  const unknown = await app.postForm(url, { intent: 'bless' }, member)
  expect(unknown.status).toBe(400)
  const said = mainText(decodeEntities(await unknown.text()))
  expect(said.slice(said.indexOf('Nächster Schritt'))).toMatch(/^Nächster Schritt\s+Unbekannte Aktion\./)

  // a stale page: withdrawn once, "withdraw" again says the state has changed
  expect((await app.postForm(url, { intent: 'withdraw' }, member)).status).toBe(302)
  const again = await app.postForm(url, { intent: 'withdraw' }, member)
  expect(again.status).toBe(409)
  const stale = mainText(decodeEntities(await again.text()))
  expect(stale.slice(stale.indexOf('Nächster Schritt'))).toMatch(/^Nächster Schritt\s+Das geht nicht mehr: inzwischen hat sich der Stand geändert\./)
})

test('on a loan: a step the page does not offer (the borrower paying out their own request), or no step at all, is said at the top of the page', async () => {
  const { centreId, personId, mine } = await theMember()
  const asked = await requestLoan(app.db, { id: personId }, centreId, { source: 'fund', initiativeId: mine[0]!, amount: 20_000, termMonths: 4, startDate: '2031-01-31', purpose: 'Werkbank' }, { silent: true })
  if (!asked.ok) throw new Error(JSON.stringify(asked))
  const url = `/c/lagerhaus/loans/${asked.loan.id}`
  const topOf = async (response: Response) => {
    const text = mainText(decodeEntities(await response.text()))
    // the refusal comes right after the page's heading (the loan's purpose and state), before the summary
    return text.slice(text.indexOf('Werkbank'), text.indexOf('Überblick') >= 0 ? text.indexOf('Überblick') : undefined)
  }

  const paid = await app.postForm(url, { intent: 'disburse' }, member)
  expect(paid.status).toBe(409)
  expect(await topOf(paid)).toContain('Das geht beim jetzigen Stand des Kredits nicht (mehr).')
  const unknown = await app.postForm(url, { intent: 'forgive' }, member)
  expect(unknown.status).toBe(400)
  expect(await topOf(unknown)).toContain('Diese Aktion gibt es nicht.')
})

test('on a booking: the requester "accepting" their own request, and no step at all, are said at the top of the panel; nothing changes', async () => {
  const { centreId, personId, mine } = await theMember()
  const [room] = await app.db
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.centreId, centreId), eq(listings.status, 'active'), eq(listings.bookable, true), notInArray(listings.initiativeId, mine)))
    .limit(1)
  const day = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10)
  const asked = await requestBooking(app.db, { id: personId }, centreId, { listingId: room!.id, initiativeId: mine[0]!, start: `${day}T10:41`, end: `${day}T11:41`, purpose: 'Probe' }, { silent: true })
  if (!asked.ok) throw new Error(JSON.stringify(asked))
  const url = `/c/lagerhaus/listings/${room!.id}/bookings`
  const panelTop = async (response: Response) => {
    const text = mainText(decodeEntities(await response.text()))
    return text.slice(text.indexOf('Buchen'), text.indexOf('← Vorige Woche'))
  }
  const accepted = await app.postForm(url, { intent: 'accept', bookingId: asked.booking.id }, member)
  expect(accepted.status).toBe(409)
  expect(await panelTop(accepted)).toMatch(/^Buchen\s+Das geht beim jetzigen Stand der Buchung nicht \(mehr\)\./)
  const [row] = await app.db.select({ state: bookings.state }).from(bookings).where(eq(bookings.id, asked.booking.id))
  expect(row!.state).toBe('requested')
  const unknown = await app.postForm(url, { intent: 'grant' }, member)
  expect(unknown.status).toBe(400)
  expect(await panelTop(unknown)).toContain('Diese Aktion gibt es nicht.')
})
