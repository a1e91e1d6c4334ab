import { afterAll, beforeAll, expect, test } from 'vitest'
import { startApp, type TestApp } from './app'
import { decodeEntities, mainText } from './forms'

/**
 * The funder report's default, "the last 12 months", is the eleven months before this one and this
 * whole month. Its line read "Zeitraum: 01.01.2026 bis 31.12.2026" on 7 December: a date still to
 * come, under a selector saying "Letzte 12 Monate" (found by an outside-in audit). A period that
 * runs past today is reported up to today (on the dashboard too); a past one keeps its last day.
 */
let app: TestApp
let manager: string
beforeAll(async () => {
  app = await startApp()
  manager = await app.cookieFor('manager@lagerhaus.test')
}, 120_000)
afterAll(() => app.close())

const day = (date: Date) => new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' }).format(date)
const rangeOn = async (query: string) => {
  const response = await app.fetch(`/c/lagerhaus/manage/report${query}`, { headers: { 'Accept-Language': 'de', cookie: manager } })
  expect(response.status).toBe(200)
  return /Zeitraum: (\d\d\.\d\d\.\d{4}) bis (\d\d\.\d\d\.\d{4})/.exec(mainText(decodeEntities(await response.text())))?.slice(1)
}

test('the funder report of a period that includes today ends today; a past year ends on its last day', async () => {
  const now = new Date()
  const today = day(now)
  const [from, to] = (await rangeOn(''))!
  expect(to).toBe(today)
  expect(from).toMatch(/^01\./)
  expect((await rangeOn('?period=month'))?.[1]).toBe(today)
  expect(await rangeOn('?period=year&year=2025')).toEqual(['01.01.2025', '31.12.2025'])
})

test('the dashboard names the same end: today for a running period', async () => {
  const response = await app.fetch('/c/lagerhaus/manage?period=last12', { headers: { 'Accept-Language': 'de', cookie: manager } })
  expect(response.status).toBe(200)
  const line = /Zeitraum (\d\d\.\d\d\.\d{4}) bis (\d\d\.\d\d\.\d{4});/.exec(mainText(decodeEntities(await response.text())))
  expect(line?.[2]).toBe(day(new Date()))
})
