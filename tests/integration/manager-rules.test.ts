import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '#db/rows'
import { makeCentre, makeManager, makeMember } from '#db/factories'
import { ledgerTransactions, loans } from '#db/schema'
import { correctLedger } from '~/modules/ledger/ledger.server'
import { approveLoan, disburseLoan, fundBalanceCents, recordContribution, requestLoan } from '~/modules/loans/loans.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * What a manager may and may not do with the centre's money and hours (found by an independent
 * audit of the business rules, 2026-12-07; each test failed before its fix).
 */
let database: TestDatabase
const db = () => database.db
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})

/** A centre whose fund lent out a contribution: 1,000 € in, 1,000 € disbursed to a borrower. */
async function fundLentOut() {
  const centre = await makeCentre(db(), { loanLimitCents: 500_000 })
  const [first, second] = [await makeManager(db(), centre.id), await makeManager(db(), centre.id)]
  const payer = await makeMember(db(), centre.id)
  const borrower = await makeMember(db(), centre.id)
  const contribution = await recordContribution(db(), { id: first.id }, centre.id, { initiativeId: payer.initiative.id, amount: 100_000, receivedOn: '2026-01-10' })
  if (!contribution.ok) throw new Error('no contribution')
  const requested = await requestLoan(db(), { id: borrower.user.id }, centre.id, {
    source: 'fund',
    initiativeId: borrower.initiative.id,
    amount: 100_000,
    termMonths: 2,
    startDate: '2026-02-01',
    purpose: 'Werkbank',
  })
  if (!requested.ok) throw new Error('no loan')
  const terms = { amount: 100_000, termMonths: 2, interestBasisPoints: 0, startDate: '2026-02-01' }
  if (!(await approveLoan(db(), { id: second.id }, centre.id, requested.loan.id, terms)).ok) throw new Error('not approved')
  if (!(await disburseLoan(db(), { id: second.id }, centre.id, requested.loan.id)).ok) throw new Error('not disbursed')
  const [loan] = await db().select().from(loans).where(eq(loans.id, requested.loan.id))
  const [contributionTx] = rowsOf<{ id: string }>(
    await db().execute(sql`select ledger_transaction_id as id from fund_contributions where id = ${contribution.id}`),
  )
  return { centre, first, second, payer, borrower, loan: loan!, contributionTxId: contributionTx!.id }
}

describe('reversals in the ledger', () => {
  it('a loan’s or the fund’s transactions are not reversed from the ledger: the fund cannot go below zero that way', async () => {
    const w = await fundLentOut()
    expect(await fundBalanceCents(db(), w.centre.id)).toBeCloseTo(0, 9)
    const reverse = (id: string) => correctLedger(db(), w.first.id, { centreId: w.centre.id, reason: 'Zurückgebucht', reverses: id })
    expect(await reverse(w.contributionTxId)).toEqual({ ok: false, error: 'loanOrFund' })
    expect(await reverse(w.loan.disbursementTransactionId!)).toEqual({ ok: false, error: 'loanOrFund' })
    expect(await fundBalanceCents(db(), w.centre.id)).toBeCloseTo(0, 9)
    const [loan] = await db().select().from(loans).where(eq(loans.id, w.loan.id))
    expect(loan!.state).toBe('disbursed')
  })

  it('a reversal is not reversed again (an adjustment corrects it)', async () => {
    const centre = await makeCentre(db())
    const manager = await makeManager(db(), centre.id)
    const [a, b] = [await makeMember(db(), centre.id), await makeMember(db(), centre.id)]
    const adjusted = await correctLedger(db(), manager.id, {
      centreId: centre.id,
      reason: 'Vergessene Stunden',
      adjustment: { fromInitiativeId: a.initiative.id, toInitiativeId: b.initiative.id, minutes: 60 },
    })
    if (!adjusted.ok) throw new Error('not adjusted')
    const reversed = await correctLedger(db(), manager.id, { centreId: centre.id, reason: 'Doppelt', reverses: adjusted.transactionId })
    if (!reversed.ok) throw new Error('not reversed')
    expect(await correctLedger(db(), manager.id, { centreId: centre.id, reason: 'Doch nicht', reverses: reversed.transactionId })).toEqual({
      ok: false,
      error: 'isReversal',
    })
    const corrections = await db().select().from(ledgerTransactions).where(eq(ledgerTransactions.centreId, centre.id))
    expect(corrections).toHaveLength(2)
  })
})
