import { afterAll, beforeAll, expect, test } from 'vitest'
import { startApp, type TestApp } from './app'
import { decodeEntities, mainText, postForms, UUID, valuesOf } from './forms'

/**
 * A booking may run up to 31 days (a room for a month's exhibition, a trailer for a week). Its
 * line showed the start's date and only the end's time ("Mo., 1. März, 10:00 – 10:00"), so a
 * booking of three days read like one of none (found by an independent hostile-input audit).
 */
let app: TestApp
let member: string
beforeAll(async () => {
  app = await startApp()
  member = await app.cookieFor('member@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

const de = { headers: { 'Accept-Language': 'de' } }
const localDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

test('a booking over several days shows the day it ends, in the room’s week and on the bookings page; a refused request keeps its times', async () => {
  const search = decodeEntities(await (await app.fetch('/c/lagerhaus/listings?q=Proberaum', { headers: { ...de.headers, cookie: member } })).text())
  const room = new RegExp(`href="(/c/lagerhaus/listings/${UUID.source})"[^>]*>(?:<[^>]+>)*\\s*Proberaum mit PA-Anlage`).exec(search)?.[1]
  expect(room, 'the demo room is found').toBeTruthy()

  // three days, some weeks ahead, at a time no other test books (minutes :17)
  const first = localDay(40 + Math.floor(Math.random() * 200))
  const last = new Date(Date.parse(`${first}T12:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)
  const purpose = `Ausstellung ${Date.now().toString(36)}`
  const page = await (await app.fetch(`${room}/bookings?week=${first}`, { headers: { ...de.headers, cookie: member } })).text()
  const form = postForms(page, `${room}/bookings`).find((f) => f.intents.includes('request'))!
  const asked = await app.postForm(form.action, { ...valuesOf(form, 'request'), start: `${first}T10:17`, end: `${last}T16:17`, purpose }, member)
  expect(asked.status, await asked.clone().text()).toBeLessThan(400)

  const endDay = new Intl.DateTimeFormat('de', { day: 'numeric', month: 'short', timeZone: 'Europe/Berlin' }).format(new Date(`${last}T12:00:00Z`))
  const week = mainText(decodeEntities(await (await app.fetch(`${room}/bookings?week=${first}`, { headers: { ...de.headers, cookie: member } })).text()))
  const slot = week.slice(Math.max(0, week.indexOf(purpose) - 120), week.indexOf(purpose))
  expect(slot).toContain(endDay)
  expect(slot).toContain('16:17')

  const endDate = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(`${last}T12:00:00Z`))
  const mine = mainText(decodeEntities(await (await app.fetch('/c/lagerhaus/bookings', { headers: { ...de.headers, cookie: member } })).text()))
  const line = mine.slice(mine.indexOf(purpose) - 250, mine.indexOf(purpose))
  expect(line).toContain(`${endDate}, 16:17`)

  // a request refused (here: longer than 31 days) keeps the times typed, not the page's suggestion
  const tooLate = new Date(Date.parse(`${first}T12:00:00Z`) + 40 * 86_400_000).toISOString().slice(0, 10)
  const again = await app.postForm(form.action, { ...valuesOf(form, 'request'), start: `${first}T10:17`, end: `${tooLate}T16:17`, purpose }, member)
  expect(again.status).toBe(400)
  const refused = decodeEntities(await again.text())
  expect(refused).toContain('31 Tage')
  expect(refused).toMatch(new RegExp(`name="start"[^>]*value="${first}T10:17"|value="${first}T10:17"[^>]*name="start"`))
  expect(refused).toMatch(new RegExp(`name="end"[^>]*value="${tooLate}T16:17"|value="${tooLate}T16:17"[^>]*name="end"`))
})
