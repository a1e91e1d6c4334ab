import { and, eq } from 'drizzle-orm'
import { localDateOf as localDate } from '~/utils/time'
import { approveLoan, askGuarantee, confirmRepayment, disburseLoan, logRepayment, pledgeGuarantee, recordContribution, requestLoan } from '~/modules/loans/loans.server'
import type { Tx } from '../connect'
import { listings } from '../schema'
import type { FoundationSeed } from './foundation'

const DAY = 24 * 60 * 60 * 1000
/** Demo history, partly backdated: nobody is notified of it (as with the demo exchanges). */
const SILENT = { silent: true }

function must<R extends { ok: boolean }>(result: R, what: string): Extract<R, { ok: true }> {
  if (!result.ok) throw new Error(`demo loans: ${what} failed: ${JSON.stringify(result)}`)
  return result as Extract<R, { ok: true }>
}

/**
 * Small loans in the Lagerhaus, made through the loans module itself (so the ledger, history and
 * audit log are what the app would write): Viertelklang answers the Druckerei's loan need with
 * 1 200 € (one repayment confirmed, one waiting for confirmation, an instalment overdue), Radwerk
 * stands guarantor and the Sprachcafé is asked; the solidarity fund, fed by two contributions,
 * lends the Druckerei 600 €; Radwerk's request to the fund waits for the managers.
 */
export async function seedLoans(tx: Tx, foundation: FoundationSeed, now = new Date()) {
  const centre = foundation.centres['lagerhaus']!
  const user = (key: string) => ({ id: foundation.users[key]!.id })
  const initiative = (key: string) => foundation.initiatives[`lagerhaus/${key}`]!.id
  const manager = user('manager:lagerhaus')
  const radwerk = user('owner:lagerhaus/radwerk')
  const viertelklang = user('owner:lagerhaus/viertelklang')
  const druckerei = user('owner:lagerhaus/druckerei-ostertor')
  const day = (offset: number) => localDate(new Date(now.getTime() + offset * DAY), 'Europe/Berlin')

  const [need] = await tx
    .select({ id: listings.id })
    .from(listings)
    .where(and(eq(listings.centreId, centre.id), eq(listings.category, 'loan'), eq(listings.kind, 'need'), eq(listings.initiativeId, initiative('druckerei-ostertor'))))
    .limit(1)
  if (!need) return

  // 1. Viertelklang answers the Druckerei's loan need: 1 200 € over 12 months, started 75 days ago.
  const start = day(-75)
  const { loan } = must(
    await requestLoan(tx, viertelklang, centre.id, {
      source: 'listing',
      listingId: need.id,
      initiativeId: initiative('viertelklang'),
      amount: 120_000,
      termMonths: 12,
      startDate: start,
      purpose: 'Gebrauchte Stapelschneidemaschine',
    }, SILENT),
    'request',
  )
  // An offer answering a need: the borrower accepts it as offered (ADR 058, addendum), then the lender pays out.
  must(await approveLoan(tx, druckerei, centre.id, loan.id, null, SILENT), 'accept offer')
  must(await askGuarantee(tx, druckerei, centre.id, loan.id, { initiativeId: initiative('radwerk') }, SILENT), 'ask guarantee')
  must(await pledgeGuarantee(tx, radwerk, centre.id, loan.id, { initiativeId: initiative('radwerk'), amount: 30_000, note: 'Wir stehen für ein Viertel ein.' }, SILENT), 'pledge')
  must(await askGuarantee(tx, druckerei, centre.id, loan.id, { initiativeId: initiative('sprachcafe') }, SILENT), 'ask guarantee')
  must(await disburseLoan(tx, viertelklang, centre.id, loan.id, { at: new Date(now.getTime() - 74 * DAY), ...SILENT }), 'disburse')
  const first = must(await logRepayment(tx, druckerei, centre.id, loan.id, { amount: 10_000, paidOn: day(-45), note: 'Überweisung' }, { at: new Date(now.getTime() - 45 * DAY), ...SILENT }), 'log 1')
  must(await confirmRepayment(tx, viertelklang, centre.id, loan.id, first.repaymentId, { at: new Date(now.getTime() - 44 * DAY), ...SILENT }), 'confirm 1')
  must(await logRepayment(tx, druckerei, centre.id, loan.id, { amount: 10_000, paidOn: day(-2), note: 'Bar im Büro' }, { at: new Date(now.getTime() - 2 * DAY), ...SILENT }), 'log 2')

  // 2. The solidarity fund: two contributions, then 600 € to the Druckerei over 6 months.
  must(await recordContribution(tx, manager, centre.id, { initiativeId: initiative('viertelklang'), amount: 50_000, receivedOn: day(-60), note: 'Überschuss Sommerfest' }), 'contribution')
  must(await recordContribution(tx, manager, centre.id, { initiativeId: initiative('druckerei-ostertor'), amount: 30_000, receivedOn: day(-40) }), 'contribution')
  const fund = must(
    await requestLoan(tx, druckerei, centre.id, {
      source: 'fund',
      initiativeId: initiative('druckerei-ostertor'),
      amount: 60_000,
      termMonths: 6,
      startDate: day(-20),
      purpose: 'Anzahlung für die gebrauchte Schneidemaschine',
    }, SILENT),
    'fund request',
  )
  must(await approveLoan(tx, manager, centre.id, fund.loan.id, { amount: 60_000, termMonths: 6, interestBasisPoints: 0, startDate: day(-20) }, SILENT), 'fund approve')
  must(await disburseLoan(tx, manager, centre.id, fund.loan.id, { at: new Date(now.getTime() - 19 * DAY), ...SILENT }), 'fund disburse')

  // 3. A fresh request to the fund from Radwerk, waiting for the managers.
  must(
    await requestLoan(tx, radwerk, centre.id, {
      source: 'fund',
      initiativeId: initiative('radwerk'),
      amount: 40_000,
      termMonths: 8,
      startDate: day(14),
      purpose: 'Werkzeugwand für die Selbsthilfewerkstatt',
    }, SILENT),
    'second request',
  )
}
