import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { dashboardPeriod, reportCentre } from '~/modules/reporting/console.server'
import { parsePeriod } from '~/modules/reporting/period'
import { dashboard } from '~/modules/reporting/reporting.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The manager's dashboard opens on a period with the centre's recent help in it, also on the
 * first days of a month (issue #19: "this month" opened empty), and a custom period that ends
 * before it starts is refused at its field while the page shows the default.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

// March 3rd, 10:00 in Berlin: the month has just begun and nothing happened in it yet.
const NOW = new Date('2026-03-03T09:00:00Z')

async function makeCentreWithFebruaryHelp() {
  const centre = await makeCentre(db(), { timeZone: 'Europe/Berlin', hourValueCents: 2000 })
  const since = { createdAt: new Date('2025-01-01T00:00:00Z') }
  const giver = await makeMember(db(), centre.id, since)
  const taker = await makeMember(db(), centre.id, since)
  // 90 minutes of help, given February 19th and confirmed February 20th (12 days before NOW)
  const logged = await logHelpGiven(db(), { id: giver.user.id }, centre.id, {
    initiativeId: giver.initiative.id,
    receiverInitiativeId: taker.initiative.id,
    title: 'Regal aufgebaut',
    description: 'Im Lager',
    date: '2026-02-19',
    minutes: 90,
    at: new Date('2026-02-19T10:00:00Z'),
  })
  if (!logged.ok) throw new Error(JSON.stringify(logged))
  const confirmed = await transition(db(), { id: taker.user.id }, logged.exchange.id, 'confirm', {}, { at: new Date('2026-02-20T10:00:00Z') })
  if (!confirmed.ok) throw new Error(JSON.stringify(confirmed))
  return centre
}

describe('the dashboard’s period', () => {
  let centre: Awaited<ReturnType<typeof makeCentreWithFebruaryHelp>>
  beforeAll(async () => {
    centre = await makeCentreWithFebruaryHelp()
  })

  it('opens on a period that holds the help of the last weeks, though this month has none yet', async () => {
    const shown = dashboardPeriod(new URLSearchParams(), centre, NOW)
    expect(shown.errors).toBeNull()
    const figures = await dashboard(db(), reportCentre(centre), shown.period)
    expect(figures.current.helpCount).toBe(1)
    expect(figures.current.minutes).toBe(90)
    expect(figures.series.reduce((sum, month) => sum + month.exchanges, 0)).toBe(1)
    // what it used to open on: this month, empty
    const thisMonth = parsePeriod({ period: 'month' }, '2026-03-03')
    if (!thisMonth.ok) throw new Error('period')
    expect((await dashboard(db(), reportCentre(centre), thisMonth.period)).current.helpCount).toBe(0)
  })

  it('refuses a custom period that ends before it starts at the “until” field, and still shows the default’s figures', async () => {
    const shown = dashboardPeriod(new URLSearchParams('period=custom&from=2026-02-25&to=2026-02-01'), centre, NOW)
    expect(shown.errors).toEqual({ to: ['reporting.errors.order'] })
    expect(shown.period).toEqual(dashboardPeriod(new URLSearchParams(), centre, NOW).period)
    expect((await dashboard(db(), reportCentre(centre), shown.period)).current.helpCount).toBe(1)
  })

  it('shows a custom period as asked, with the help of those days only', async () => {
    const before = dashboardPeriod(new URLSearchParams('period=custom&from=2026-02-01&to=2026-02-20'), centre, NOW)
    const within = dashboardPeriod(new URLSearchParams('period=custom&from=2026-02-01&to=2026-02-21'), centre, NOW)
    expect((await dashboard(db(), reportCentre(centre), before.period)).current.helpCount).toBe(0)
    expect((await dashboard(db(), reportCentre(centre), within.period)).current.helpCount).toBe(1)
  })
})
