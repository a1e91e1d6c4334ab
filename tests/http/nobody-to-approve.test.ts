import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { centreStaff, centres, initiativeMembers, initiatives, loans, users } from '#db/schema'
import { startApp, type TestApp } from './app'
import { decodeEntities, mainText } from './forms'

/**
 * A request to the centre's fund is decided by a manager of the centre who does not belong to the
 * borrowing initiative. When every manager belongs to it, nobody could approve it: the form says so
 * instead of offering the request, and a request sent anyway is refused, nothing written. A platform
 * admin (not told of fund requests) does not count.
 */
let app: TestApp
let member: string
beforeAll(async () => {
  app = await startApp()
  member = await app.cookieFor('member@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

const de = { headers: { 'Accept-Language': 'de' } }
const NOTE = 'Niemand könnte diese Anfrage an den Solidarfonds genehmigen'

test('the fund form says nobody could approve while every manager belongs to the initiative, and offers it again once one does not', async () => {
  const html = async () => decodeEntities(await (await app.fetch('/c/lagerhaus/loans/new', { headers: { ...de.headers, cookie: member } })).text())
  const page = async () => mainText(await html())
  expect(await page()).not.toContain(NOTE)
  expect(await html()).toContain('value="request"')

  // every manager of the centre joins the member's initiatives (the demo's platform admin stays)
  const [centre] = await app.db.select({ id: centres.id }).from(centres).where(eq(centres.slug, 'lagerhaus'))
  const [person] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'member@lagerhaus.test'))
  const theirs = await app.db
    .select({ id: initiativeMembers.initiativeId })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(eq(initiativeMembers.userId, person!.id))
  const staff = await app.db.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, centre!.id))
  const admins = await app.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true))
  expect(theirs.length).toBeGreaterThan(0)
  expect(staff.length).toBeGreaterThan(0)
  await app.db
    .insert(initiativeMembers)
    .values(theirs.flatMap((i) => staff.map((s) => ({ initiativeId: i.id, userId: s.userId, centreId: centre!.id }))))
    .onConflictDoNothing()
  expect(admins.length, 'the demo has a platform admin').toBeGreaterThan(0)

  expect(await page()).toContain(NOTE)
  // no form to send
  expect(await html()).not.toContain('value="request"')

  // sent anyway (a form kept open from before): refused with the same words
  const sent = await app.postForm(
    '/c/lagerhaus/loans/new',
    { intent: 'request', source: 'fund', initiativeId: theirs[0]!.id, amount: '300', termMonths: '3', startDate: '2030-06-30', purpose: 'Miete' },
    member,
  )
  expect(sent.status).toBe(400)
  const fundLoans = async () => (await app.db.select({ id: loans.id }).from(loans).where(and(eq(loans.borrowerInitiativeId, theirs[0]!.id), eq(loans.purpose, 'Miete')))).length
  expect(await fundLoans(), 'nothing written').toBe(0)

  // a second manager, outside the initiative: the form is there again
  const [outside] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'sprachcafe@lagerhaus.test'))
  await app.db.insert(centreStaff).values({ centreId: centre!.id, userId: outside!.id })
  expect(await page()).not.toContain(NOTE)
  expect(await html()).toContain('value="request"')
})
