import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeInitiative, makeManager, makeMember } from '#db/factories'
import { auditLog, centres, emailOutbox, initiatives, listings, reports } from '#db/schema'
import { seedDemo } from '#db/seed/demo'
import { logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { postCorrection } from '~/modules/ledger/ledger.server'
import { approveLoan, confirmRepayment, disburseLoan, logRepayment, requestLoan } from '~/modules/loans/loans.server'
import { createReport } from '~/modules/moderation/reports.server'
import { decideReport } from '~/modules/moderation/report-decisions.server'
import { reinstateInitiative, suspendInitiative } from '~/modules/moderation/suspensions.server'
import { labelNodes } from '~/modules/reporting/anonymise'
import { BOM, toCsv } from '~/modules/reporting/csv'
import { exportTable } from '~/modules/reporting/exports.server'
import { parsePeriod, toRange, yearPeriod } from '~/modules/reporting/period'
import { localDateOf } from '~/utils/time'
import { dashboard, figures, monthlySeries, network } from '~/modules/reporting/reporting.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeListingRow } from './exchange-world'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())
const db = () => database.db

const LONG_AGO = new Date('2024-01-01T00:00:00Z')
const FEB = { from: '2025-02-01', to: '2025-03-01' }
const JAN = { from: '2025-01-01', to: '2025-02-01' }
const MAR = { from: '2025-03-01', to: '2025-04-01' }

/**
 * A small centre in Berlin time, hour value 20 €: A, B, C active since 2024, D still applying.
 *   e1 A→B 120 min, confirmed 2025-02-10                       (Feb; 4000 cents at the hour value)
 *   e2 B→A  60 min, named value 50 €, confirmed 2025-01-31 23:30 UTC = 00:30 on Feb 1 in Berlin (Feb)
 *   e3 A→C  90 min, confirmed 2025-02-28 23:00 UTC = midnight March 1 in Berlin (March: exclusive end)
 *   e4 C→B  30 min, confirmed 2025-01-15                       (January: the previous period)
 *   e5 A→C  60 min, logged 2025-02-05, never confirmed          (Feb, state `completed`, no hours)
 *   e6 A→C  45 min, confirmed 2025-02-20, then reversed by a correction (Feb, state `confirmed`, no hours)
 * Listings: Feb — A offers a room, B needs a skill, a draft (not counted); Jan — C needs a tool (unmet
 * after 30 days). A loan of 1200 € from A to B over 12 months from 2025-01-01, disbursed Jan 5, first
 * instalment (100 €) repaid and confirmed Feb 2.
 */
async function makeWorld() {
  const centre = await makeCentre(db(), { timeZone: 'Europe/Berlin', hourValueCents: 2000 })
  const other = await makeCentre(db())
  const manager = await makeManager(db(), centre.id)
  const a = await makeMember(db(), centre.id, { name: 'Alpha Werkstatt', createdAt: LONG_AGO })
  const b = await makeMember(db(), centre.id, { name: 'Beta Kollektiv', createdAt: LONG_AGO })
  const c = await makeMember(db(), centre.id, { name: 'Gamma Garten', createdAt: LONG_AGO })
  await makeInitiative(db(), centre.id, { name: 'Delta Bewerbung', status: 'applied', createdAt: LONG_AGO })
  const stranger = await makeMember(db(), other.id, { createdAt: LONG_AGO })

  async function help(from: typeof a, to: typeof a, minutes: number, loggedAt: string, confirmedAt: string | null, valueCents?: number) {
    const logged = await logHelpGiven(db(), { id: from.user.id }, centre.id, {
      initiativeId: from.initiative.id,
      receiverInitiativeId: to.initiative.id,
      title: `Hilfe ${minutes}`,
      description: '=Kommentar, mit "Anführung"',
      date: loggedAt.slice(0, 10),
      minutes,
      valueCents,
      at: new Date(loggedAt),
    })
    if (!logged.ok) throw new Error(JSON.stringify(logged))
    if (!confirmedAt) return { exchange: logged.exchange, ledgerId: null }
    const done = await transition(db(), { id: to.user.id }, logged.exchange.id, 'confirm', {}, { at: new Date(confirmedAt) })
    if (!done.ok) throw new Error(JSON.stringify(done))
    return { exchange: done.exchange, ledgerId: done.ledgerTransactionId }
  }

  await help(a, b, 120, '2025-02-09T10:00:00Z', '2025-02-10T10:00:00Z')
  await help(b, a, 60, '2025-01-30T10:00:00Z', '2025-01-31T23:30:00Z', 5000)
  await help(a, c, 90, '2025-02-20T10:00:00Z', '2025-02-28T23:00:00Z')
  await help(c, b, 30, '2025-01-14T10:00:00Z', '2025-01-15T10:00:00Z')
  await help(a, c, 60, '2025-02-05T10:00:00Z', null)
  const reversed = await help(a, c, 45, '2025-02-19T10:00:00Z', '2025-02-20T10:00:00Z')
  await db().transaction((tx) => postCorrection(tx, manager.id, { centreId: centre.id, reason: 'doppelt erfasst', reverses: reversed.ledgerId! }))

  const at = (iso: string) => ({ createdAt: new Date(iso), publishedAt: new Date(iso) })
  await makeListingRow(db(), a.initiative, 'offer', { category: 'room', details: { category: 'room', capacity: 20 }, title: 'Saal', ...at('2025-02-03T10:00:00Z') })
  await makeListingRow(db(), b.initiative, 'need', { ...at('2025-02-10T10:00:00Z') })
  await makeListingRow(db(), b.initiative, 'need', { status: 'draft', ...at('2025-02-11T10:00:00Z') })
  await makeListingRow(db(), c.initiative, 'need', { category: 'tool', details: { category: 'tool', condition: 'good' }, title: 'Leiter', ...at('2025-01-05T10:00:00Z') })

  const loanOffer = await makeListingRow(db(), a.initiative, 'offer', {
    category: 'loan',
    title: 'Kleiner Kredit',
    details: { category: 'loan', amountCents: 120000, termMonths: 12, interestRateBasisPoints: 0 },
    ...at('2024-06-01T10:00:00Z'),
  })
  const requested = await requestLoan(db(), { id: b.user.id }, centre.id, {
    source: 'listing',
    listingId: loanOffer.id,
    initiativeId: b.initiative.id,
    amount: 120000,
    termMonths: 12,
    startDate: '2025-01-01',
    purpose: 'Lastenrad',
  })
  if (!requested.ok) throw new Error(JSON.stringify(requested))
  const loanId = requested.loan.id
  const approved = await approveLoan(db(), { id: a.user.id }, centre.id, loanId, { amount: 120000, termMonths: 12, interestBasisPoints: 0, startDate: '2025-01-01' })
  if (!approved.ok) throw new Error(JSON.stringify(approved))
  const disbursed = await disburseLoan(db(), { id: a.user.id }, centre.id, loanId, { at: new Date('2025-01-05T10:00:00Z') })
  if (!disbursed.ok) throw new Error(JSON.stringify(disbursed))
  const logged = await logRepayment(db(), { id: b.user.id }, centre.id, loanId, { amount: 10000, paidOn: '2025-02-01' })
  if (!logged.ok) throw new Error(JSON.stringify(logged))
  const confirmed = await confirmRepayment(db(), { id: a.user.id }, centre.id, loanId, logged.repaymentId, { at: new Date('2025-02-02T10:00:00Z') })
  if (!confirmed.ok) throw new Error(JSON.stringify(confirmed))

  const report = { id: centre.id, timeZone: centre.timeZone, hourValueCents: centre.hourValueCents }
  return { centre, report, manager, a, b, c, stranger, loanId }
}

type World = Awaited<ReturnType<typeof makeWorld>>
let world: World
const NOW = new Date('2026-06-01T00:00:00Z')

describe('reporting figures on a hand-computed centre', () => {
  beforeAll(async () => {
    world = await makeWorld()
  })

  it('counts February 2025 as computed by hand', async () => {
    const f = await figures(db(), world.report, toRange(FEB, 'Europe/Berlin'), NOW)
    expect(f.activeInitiatives).toBe(3)
    expect(f.helpCount).toBe(2)
    expect(f.minutes).toBe(180)
    expect(f.cents).toBe(4000 + 5000)
    expect(f.reciprocity).toEqual({ both: 2, active: 3, index: 2 / 3 })
    expect(f.exchanges.total).toBe(4)
    expect(f.exchanges.byState).toMatchObject({ confirmed: 3, completed: 1, proposed: 0, disputed: 0 })
    expect(f.listings.total).toBe(2)
    expect(f.listings.byKind.offer.room).toBe(1)
    expect(f.listings.byKind.need.skill).toBe(1)
    expect(f.unmetNeeds.total).toBe(1)
    expect(f.unmetNeeds.byCategory.tool).toBe(1)
    expect(f.loans).toEqual({ outstandingCount: 1, outstandingCents: 110000, overdueCount: 0, overdueCents: 0, repaidCount: 0, repaymentsCents: 10000 })
  })

  it('counts the previous period (January) and March', async () => {
    const jan = await figures(db(), world.report, toRange(JAN, 'Europe/Berlin'), NOW)
    expect(jan).toMatchObject({ helpCount: 1, minutes: 30, cents: 1000, activeInitiatives: 3 })
    expect(jan.reciprocity.both).toBe(0)
    expect(jan.listings.total).toBe(1)
    expect(jan.unmetNeeds.total).toBe(0)
    expect(jan.loans).toMatchObject({ outstandingCount: 1, outstandingCents: 120000, overdueCents: 0, repaymentsCents: 0 })
    const mar = await figures(db(), world.report, toRange(MAR, 'Europe/Berlin'), NOW)
    // e3 was confirmed at midnight of March 1 in Berlin: March, not February.
    expect(mar).toMatchObject({ helpCount: 1, minutes: 90, cents: 3000 })
    // On April 1 the March instalment is overdue.
    expect(mar.loans).toMatchObject({ outstandingCents: 110000, overdueCount: 1, overdueCents: 10000 })
  })

  it('puts the period boundaries in the centre’s time zone', async () => {
    const utc = { ...world.report, timeZone: 'UTC' }
    const febUtc = await figures(db(), utc, toRange(FEB, 'UTC'), NOW)
    // In UTC, e2 (23:30 on Jan 31) is January and e3 (23:00 on Feb 28) is February.
    expect(febUtc).toMatchObject({ helpCount: 2, minutes: 120 + 90 })
  })

  it('gives the dashboard its trend, series and network', async () => {
    const parsed = parsePeriod(FEB, '2026-06-01')
    if (!parsed.ok) throw new Error('period')
    const d = await dashboard(db(), world.report, parsed.period, NOW)
    expect(d.previous).toEqual(JAN)
    expect(d.before.minutes).toBe(30)
    // The dashboard's one-pass figures are exactly the per-period ones.
    expect(d.current).toEqual(await figures(db(), world.report, toRange(FEB, 'Europe/Berlin'), NOW))
    expect(d.before).toEqual(await figures(db(), world.report, toRange(JAN, 'Europe/Berlin'), NOW))
    const custom = parsePeriod({ from: '2025-01-20', to: '2025-03-05' }, '2026-06-01')
    if (!custom.ok) throw new Error('period')
    const c = await dashboard(db(), world.report, custom.period, NOW)
    expect(c.series).toEqual([
      { month: '2025-01-01', exchanges: 0, minutes: 0 },
      { month: '2025-02-01', exchanges: 2, minutes: 180 },
      { month: '2025-03-01', exchanges: 1, minutes: 90 },
    ])
    expect(c.current).toMatchObject({ helpCount: 3, minutes: 270 })
    expect(c.before).toEqual(await figures(db(), world.report, toRange(c.previous, 'Europe/Berlin'), NOW))
    expect(d.series).toEqual([{ month: '2025-02-01', exchanges: 2, minutes: 180 }])
    const year = await monthlySeries(db(), world.report, yearPeriod(2025))
    expect(year.slice(0, 3)).toEqual([
      { month: '2025-01-01', exchanges: 1, minutes: 30 },
      { month: '2025-02-01', exchanges: 2, minutes: 180 },
      { month: '2025-03-01', exchanges: 1, minutes: 90 },
    ])
    expect(year).toHaveLength(12)
    const net = await network(db(), world.report, toRange(FEB, 'Europe/Berlin'))
    expect(net.flows).toEqual([
      { providerId: world.a.initiative.id, receiverId: world.b.initiative.id, minutes: 120, cents: 4000, count: 1 },
      { providerId: world.b.initiative.id, receiverId: world.a.initiative.id, minutes: 60, cents: 5000, count: 1 },
    ])
    expect(net.nodes.map((n) => [n.name, n.given, n.received]).sort()).toEqual([
      ['Alpha Werkstatt', 120, 60],
      ['Beta Kollektiv', 60, 120],
    ])
  })

  it('reads whole months from the monthly sums with the same results as from the help rows', async () => {
    const year = yearPeriod(2025)
    const range = toRange(year, 'Europe/Berlin')
    for (const top of [12, 1, 2]) {
      const d = await dashboard(db(), world.report, year, NOW, top)
      expect(d.network).toEqual(await network(db(), world.report, range, top))
      expect(d.current).toEqual(await figures(db(), world.report, range, NOW))
    }
    expect((await dashboard(db(), world.report, year, NOW)).series.slice(0, 3).map((p) => p.minutes)).toEqual([30, 180, 90])
    // Custom periods: whole months in both periods with edge days around them, edges only, a single day.
    for (const period of [
      { from: '2025-01-15', to: '2025-03-20' },
      { from: '2024-12-20', to: '2025-03-01' },
      { from: '2025-01-31', to: '2025-02-27' },
      { from: '2025-02-10', to: '2025-02-11' },
    ]) {
      const parsed = parsePeriod(period, '2026-06-01')
      if (!parsed.ok) throw new Error('period')
      const d = await dashboard(db(), world.report, parsed.period, NOW, 1)
      expect(d.current).toEqual(await figures(db(), world.report, toRange(period, 'Europe/Berlin'), NOW))
      expect(d.before).toEqual(await figures(db(), world.report, toRange(d.previous, 'Europe/Berlin'), NOW))
      expect(d.network).toEqual(await network(db(), world.report, toRange(period, 'Europe/Berlin'), 1))
      expect(d.series.reduce((s, p) => s + p.minutes, 0)).toBe(d.current.minutes)
    }
  })

  it('folds initiatives beyond the top ones into "others" and keeps the total', async () => {
    const net = await network(db(), world.report, toRange(yearPeriod(2025), 'Europe/Berlin'), 1)
    expect(net.flows.reduce((s, f) => s + f.minutes, 0)).toBe(30 + 180 + 90)
    expect(net.nodes.filter((n) => n.id !== null)).toHaveLength(1)
  })

  it('exports the same numbers as the figures, with neutralised cells', async () => {
    const range = toRange(FEB, 'Europe/Berlin')
    const f = await figures(db(), world.report, range, NOW)
    const exchanges = await exportTable(db(), world.report, 'exchanges', range, NOW)
    const col = (t: { columns: readonly string[] }, name: string) => t.columns.indexOf(name)
    const counted = exchanges.rows.filter((r) => r[col(exchanges, 'counted')] === true)
    expect(exchanges.rows).toHaveLength(f.exchanges.total)
    expect(counted.reduce((s, r) => s + Number(r[col(exchanges, 'minutes')]), 0)).toBe(f.minutes)
    expect(counted.reduce((s, r) => s + Math.round(Number(r[col(exchanges, 'eur')]) * 100), 0)).toBe(f.cents)
    const initiativesTable = await exportTable(db(), world.report, 'initiatives', range, NOW)
    expect(initiativesTable.rows.reduce((s, r) => s + Number(r[col(initiativesTable, 'given_minutes')]), 0)).toBe(f.minutes)
    const loans = await exportTable(db(), world.report, 'loans', range, NOW)
    expect(loans.rows.reduce((s, r) => s + Number(r[col(loans, 'outstanding_cents')]), 0)).toBe(f.loans.outstandingCents)
    const listingsTable = await exportTable(db(), world.report, 'listings', range, NOW)
    expect(listingsTable.rows).toHaveLength(f.listings.total)
    const ledger = await exportTable(db(), world.report, 'ledger', range, NOW)
    expect(ledger.rows.length).toBeGreaterThan(0)
    const csv = toCsv(exchanges.columns, exchanges.rows)
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv).toContain(`"'=Kommentar, mit ""Anführung"""`)
    expect(csv).not.toMatch(/(^|,)=Kommentar/m)
  })

  it('recounts the monthly sums when the centre changes its time zone', async () => {
    const { updateCentreSettings } = await import('~/modules/centres/settings.server')
    const settings = { moderationMode: 'post' as const, hourValueEuros: 20, loanLimitEuros: 5000, languages: ['de' as const] }
    await updateCentreSettings(db(), { centreId: world.centre.id, actorId: world.manager.id, settings: { ...settings, timeZone: 'UTC' } })
    const utc = { ...world.report, timeZone: 'UTC' }
    const parsed = parsePeriod(FEB, '2026-06-01')
    if (!parsed.ok) throw new Error('period')
    const d = await dashboard(db(), utc, parsed.period, NOW)
    // In UTC, e2 is January and e3 February (see above): the monthly sums agree with the help rows.
    expect(d.current).toMatchObject({ helpCount: 2, minutes: 210 })
    expect(d.current).toEqual(await figures(db(), utc, toRange(FEB, 'UTC'), NOW))
    await updateCentreSettings(db(), { centreId: world.centre.id, actorId: world.manager.id, settings: { ...settings, timeZone: 'Europe/Berlin' } })
    const back = await dashboard(db(), world.report, parsed.period, NOW)
    expect(back.current.minutes).toBe(180)
  })

  it('keeps the monthly exchange counts right when exchanges change state or month later', async () => {
    // Whole months read the trigger-kept counts, figures() the exchange rows: they must agree after every change.
    const agree = async () => {
      for (const period of [JAN, FEB, MAR, yearPeriod(2025)]) {
        const parsed = parsePeriod(period, '2026-06-01')
        if (!parsed.ok) throw new Error('period')
        const d = await dashboard(db(), world.report, parsed.period, NOW)
        expect(d.current.exchanges).toEqual((await figures(db(), world.report, toRange(period, 'Europe/Berlin'), NOW)).exchanges)
      }
    }
    const log = async (from: World['a'], to: World['a'], day: string) => {
      const logged = await logHelpGiven(db(), { id: from.user.id }, world.centre.id, {
        initiativeId: from.initiative.id,
        receiverInitiativeId: to.initiative.id,
        title: 'Später geändert',
        date: day,
        minutes: 30,
        at: new Date(`${day}T10:00:00Z`),
      })
      if (!logged.ok) throw new Error(JSON.stringify(logged))
      return logged.exchange.id
    }
    const before = await dashboard(db(), world.report, yearPeriod(2025), NOW)
    // Logged in January (completed), disputed and cancelled long after: January's counts change.
    const disputed = await log(world.a, world.c, '2025-01-10')
    await agree()
    expect(await transition(db(), { id: world.c.user.id }, disputed, 'dispute', { reason: 'Nicht erkannt' })).toMatchObject({ ok: true })
    await agree()
    expect(await transition(db(), { id: world.manager.id }, disputed, 'resolveCancel', { reason: 'Beide einverstanden' })).toMatchObject({ ok: true })
    await agree()
    // Logged in January, confirmed in March: it moves from January (completed) to March (confirmed).
    const moved = await log(world.b, world.c, '2025-01-12')
    const confirmed = await transition(db(), { id: world.c.user.id }, moved, 'confirm', {}, { at: new Date('2025-03-03T10:00:00Z') })
    expect(confirmed).toMatchObject({ ok: true })
    await agree()
    const after = await dashboard(db(), world.report, yearPeriod(2025), NOW)
    expect(after.current.exchanges.total).toBe(before.current.exchanges.total + 2)
    expect(after.current.exchanges.byState.cancelled).toBe(before.current.exchanges.byState.cancelled + 1)
    expect(after.current.exchanges.byState.confirmed).toBe(before.current.exchanges.byState.confirmed + 1)
  })

  it('anonymises: letters in the network, no names', async () => {
    const net = await network(db(), world.report, toRange(FEB, 'Europe/Berlin'))
    const labelled = labelNodes(net.nodes, { anonymise: true, others: 'Others', letter: (l) => `Initiative ${l}` })
    const text = JSON.stringify(labelled)
    expect(labelled.map((n) => n.label)).toEqual(['Initiative A', 'Initiative B'])
    for (const name of ['Alpha Werkstatt', 'Beta Kollektiv', 'Gamma Garten']) expect(text).not.toContain(name)
  })
})

describe('moderation by managers', () => {
  it('resolves a report once, tells the reporter, audits', async () => {
    const w = world
    const reporter = w.c.user
    const target = await makeListingRow(db(), w.a.initiative, 'offer', { title: 'Fragwürdig' })
    const created = await createReport(db(), { reporterId: reporter.id, centreId: w.centre.id, subjectType: 'listing', subjectId: target.id, reason: 'Spam' })
    const first = await decideReport(db(), { centre: w.centre, actorId: w.manager.id, reportId: created.id!, decision: 'resolve', note: 'Eintrag verborgen' })
    expect(first).toEqual({ ok: true, status: 'resolved' })
    const again = await decideReport(db(), { centre: w.centre, actorId: w.manager.id, reportId: created.id!, decision: 'dismiss', note: 'nochmal' })
    expect(again).toEqual({ ok: false, error: 'alreadyDecided' })
    const [row] = await db().select().from(reports).where(eq(reports.id, created.id!))
    expect(row).toMatchObject({ status: 'resolved', resolutionNote: 'Eintrag verborgen', resolvedBy: w.manager.id })
    const mails = await db().select().from(emailOutbox).where(eq(emailOutbox.kind, 'report.resolved'))
    expect(mails.map((m) => m.toAddress)).toContain(reporter.email)
    const audits = await db().select().from(auditLog).where(eq(auditLog.subjectId, created.id!))
    expect(audits.map((a) => a.action)).toEqual(['report.resolved'])
    // Another centre's manager cannot decide it: not found there.
    const foreign = await decideReport(db(), { centre: { id: w.stranger.initiative.centreId, name: 'x' }, actorId: w.manager.id, reportId: created.id!, decision: 'dismiss', note: 'fremd' })
    expect(foreign).toEqual({ ok: false, error: 'notFound' })
  })

  it('suspends and reinstates, restoring each listing as it was; exchanges refuse a suspended initiative', async () => {
    const w = world
    const target = await makeMember(db(), w.centre.id, { name: 'Epsilon', createdAt: LONG_AGO })
    const live = await makeListingRow(db(), target.initiative, 'offer', { title: 'Live' })
    const paused = await makeListingRow(db(), target.initiative, 'offer', { title: 'Pausiert', status: 'paused' })
    const closed = await makeListingRow(db(), target.initiative, 'offer', { title: 'Zu', status: 'closed' })
    const suspended = await suspendInitiative(db(), { centreId: w.centre.id, actorId: w.manager.id, initiativeId: target.initiative.id, reason: 'Beschwerden prüfen' })
    expect(suspended).toEqual({ ok: true, name: 'Epsilon', listings: 2 })
    const statusOf = async (id: string) => (await db().select().from(listings).where(eq(listings.id, id)))[0]!
    expect(await statusOf(live.id)).toMatchObject({ status: 'hidden', moderationReason: 'Beschwerden prüfen' })
    expect((await statusOf(closed.id)).status).toBe('closed')
    const [init] = await db().select().from(initiatives).where(eq(initiatives.id, target.initiative.id))
    expect(init!.status).toBe('suspended')
    // No new exchanges: neither logging help given by it nor to it.
    const byIt = await logHelpGiven(db(), { id: target.user.id }, w.centre.id, { initiativeId: target.initiative.id, receiverInitiativeId: w.a.initiative.id, title: 'x', date: '2026-01-01', minutes: 30 })
    expect(byIt.ok).toBe(false)
    const toIt = await logHelpGiven(db(), { id: w.a.user.id }, w.centre.id, { initiativeId: w.a.initiative.id, receiverInitiativeId: target.initiative.id, title: 'x', date: '2026-01-01', minutes: 30 })
    expect(toIt.ok).toBe(false)
    expect(await suspendInitiative(db(), { centreId: w.centre.id, actorId: w.manager.id, initiativeId: target.initiative.id, reason: 'nochmal' })).toEqual({ ok: false, error: 'notActive' })
    const back = await reinstateInitiative(db(), { centreId: w.centre.id, actorId: w.manager.id, initiativeId: target.initiative.id, reason: 'geklärt' })
    expect(back).toEqual({ ok: true, name: 'Epsilon', listings: 2 })
    expect(await statusOf(live.id)).toMatchObject({ status: 'active', moderationReason: null })
    expect((await statusOf(paused.id)).status).toBe('paused')
    const actions = (await db().select().from(auditLog).where(eq(auditLog.subjectId, target.initiative.id))).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['initiative.suspended', 'initiative.reinstated']))
    // Another centre cannot touch it.
    expect(await suspendInitiative(db(), { centreId: w.stranger.initiative.centreId, actorId: w.manager.id, initiativeId: target.initiative.id, reason: 'fremd' })).toEqual({ ok: false, error: 'notFound' })
  })
})

describe('the demo data', () => {
  // seeds a whole demo inside the test: more than the default 30 s on a busy machine
  it('shows the same figure on the dashboard, in the CSV and in the report', { timeout: 120_000 }, async () => {
    const fresh = await createTestDatabase()
    try {
      await seedDemo(fresh.db, { log: () => {} })
      const [centre] = await fresh.db.select().from(centres).where(eq(centres.slug, 'lagerhaus'))
      const report = { id: centre!.id, timeZone: centre!.timeZone, hourValueCents: centre!.hourValueCents }
      const parsed = parsePeriod({}, localDateOf(new Date(), centre!.timeZone))
      if (!parsed.ok) throw new Error('period')
      // The dashboard and the funder report both render dashboard(); the CSV comes from exportTable().
      const d = await dashboard(fresh.db, report, parsed.period)
      const range = toRange(parsed.period, centre!.timeZone)
      const exchanges = await exportTable(fresh.db, report, 'exchanges', range)
      const i = (name: string) => exchanges.columns.indexOf(name)
      const counted = exchanges.rows.filter((r) => r[i('counted')] === true)
      expect(counted.reduce((s, r) => s + Number(r[i('minutes')]), 0)).toBe(d.current.minutes)
      expect(counted.length).toBe(d.current.helpCount)
      const inits = await exportTable(fresh.db, report, 'initiatives', range)
      expect(inits.rows.reduce((s, r) => s + Number(r[inits.columns.indexOf('received_minutes')]), 0)).toBe(d.current.minutes)
      const loans = await exportTable(fresh.db, report, 'loans', range)
      expect(loans.rows.reduce((s, r) => s + Number(r[loans.columns.indexOf('outstanding_cents')]), 0)).toBe(d.current.loans.outstandingCents)
      expect(d.series.reduce((s, p) => s + p.minutes, 0)).toBe(d.current.minutes)
      // Recorded so a reader of the test output sees the demo is not empty where it matters.
      console.info(`demo lagerhaus ${parsed.period.from}…${parsed.period.to}: ${d.current.helpCount} exchanges, ${d.current.minutes} min`)
    } finally {
      await fresh.close()
    }
  })
})



