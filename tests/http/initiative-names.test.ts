import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { initiatives } from '#db/schema'
import { startApp, type TestApp } from './app'
import { decodeEntities, postForms, valuesOf } from './forms'

/**
 * No two initiatives of a centre go by one name (any case or spacing): a second "Radwerk Kollektiv"
 * could pass for the first in requests, bookings and the ledger. Applying with such a name, or
 * renaming to one, is refused at the name field and nothing is written.
 */
let app: TestApp
let member: string
beforeAll(async () => {
  app = await startApp()
  member = await app.cookieFor('member@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

const de = { 'Accept-Language': 'de' }
const TAKEN = 'Eine Initiative dieses Namens gibt es im Zentrum schon.'
/** The error shown with the name field: conform's `<id>-error` element next to the input. */
const nameError = (html: string) => /id="[^"]*name-error"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(html)?.[1] ?? ''

test('applying under a name the centre has is refused at the name field; nothing is written', async () => {
  const before = (await app.db.select({ id: initiatives.id }).from(initiatives)).length
  const answer = await app.postForm('/c/lagerhaus/join', { name: '  radwerk   KOLLEKTIV ', kind: 'project' }, member)
  expect(answer.status).toBe(400)
  expect(decodeEntities(nameError(await answer.text()))).toContain(TAKEN)
  expect((await app.db.select({ id: initiatives.id }).from(initiatives)).length).toBe(before)
  // a name of its own goes through
  expect((await app.postForm('/c/lagerhaus/join', { name: 'Radwerk Kollektiv Nord', kind: 'project' }, member)).status).toBe(302)
})

test('renaming to another initiative’s name is refused at the field; recasing its own name is not', async () => {
  const page = await (await app.fetch('/c/lagerhaus/initiatives/radwerk', { headers: { ...de, cookie: member } })).text()
  const form = postForms(page, '/c/lagerhaus/initiatives/radwerk').find((f) => f.intents.includes('profile'))
  expect(form, 'the owner’s profile form').toBeTruthy()
  const refused = await app.postForm(form!.action, { ...valuesOf(form!, 'profile'), name: 'viertelklang e.V.' }, member)
  expect(refused.status).toBe(400)
  expect(decodeEntities(nameError(await refused.text()))).toContain(TAKEN)
  const [unchanged] = await app.db.select({ name: initiatives.name }).from(initiatives).where(eq(initiatives.slug, 'radwerk'))
  expect(unchanged!.name).toBe('Radwerk Kollektiv')
  expect((await app.postForm(form!.action, { ...valuesOf(form!, 'profile'), name: 'RADWERK Kollektiv' }, member)).status).toBe(302)
})
