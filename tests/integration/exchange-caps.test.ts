import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeManager } from '#db/factories'
import { auditLog, centres, exchanges, ledgerTransactions } from '#db/schema'
import { CentreSettingsSchema } from '~/modules/centres/settings-schemas'
import { settingsOf, updateCentreSettings } from '~/modules/centres/settings.server'
import { countWaitingForMe, getExchangeForViewer, listAwaitingManager, logHelpGiven, transition } from '~/modules/exchanges/exchanges.server'
import { parseForm } from '~/utils/forms.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'
import { makeExchangeWorld } from './exchange-world'

/**
 * Issue #13 §1: a centre caps the hours and euros of one exchange (default 40 h / 2,000 €). Above
 * it, the receiver's confirmation does not write the ledger: a manager approves (or rejects) first.
 */

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db
type World = Awaited<ReturnType<typeof makeExchangeWorld>>

async function logged(w: World, figures: { minutes?: number; valueCents?: number }) {
  const result = await logHelpGiven(db(), { id: w.provider.user.id }, w.centre.id, {
    initiativeId: w.provider.initiative.id,
    receiverInitiativeId: w.receiver.initiative.id,
    title: 'Dachrinne erneuert',
    date: '2026-11-20',
    ...figures,
  })
  if (!result.ok) throw new Error(`logHelpGiven: ${JSON.stringify(result)}`)
  return result.exchange
}

async function ledgerCount(exchangeId: string) {
  return (await db().select({ id: ledgerTransactions.id }).from(ledgerTransactions).where(eq(ledgerTransactions.exchangeId, exchangeId))).length
}

async function row(exchangeId: string) {
  const [r] = await db().select().from(exchanges).where(eq(exchanges.id, exchangeId))
  return r!
}

describe('the cap per exchange', () => {
  it('is 40 h and 2,000 € unless the centre says otherwise', async () => {
    const w = await makeExchangeWorld(db())
    const [centre] = await db().select().from(centres).where(eq(centres.id, w.centre.id))
    expect(centre).toMatchObject({ exchangeCapMinutes: 2400, exchangeCapCents: 200_000 })
  })

  it('the probe: 100 h / 5,000 € confirmed by another member of the receiver waits for a manager; nothing in the ledger until approved, then once', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w, { minutes: 6000, valueCents: 500_000 })
    const confirmed = await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    expect(confirmed).toMatchObject({ ok: true, to: 'completed', awaitingApproval: true, ledgerTransactionId: null })
    expect(await ledgerCount(ex.id)).toBe(0)
    expect((await row(ex.id)).approvalRequestedAt).not.toBeNull()
    // the receiver's second try, and a dispute after confirming, are refused; no one but a manager is waited for
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: false, error: 'awaitingApproval' })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'dispute', { reason: 'Doch zu viel' })).toMatchObject({ ok: false, error: 'awaitingApproval' })
    expect(await countWaitingForMe(db(), { id: w.receiver.user.id }, w.centre.id)).toBe(0)
    // neither side approves; a manager of another centre does not see it
    expect(await transition(db(), { id: w.provider.user.id }, ex.id, 'approve')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect(await transition(db(), { id: w.otherManager.id }, ex.id, 'approve')).toMatchObject({ ok: false, error: 'notFound' })
    // the console lists it
    const waiting = await listAwaitingManager(db(), w.manager, w.centre.id)
    expect(waiting.map((x) => [x.id, x.reason, x.mayAct])).toEqual([[ex.id, 'cap', true]])
    const approved = await transition(db(), { id: w.manager.id }, ex.id, 'approve', { reason: 'Geprüft: Jahresabschluss' })
    expect(approved).toMatchObject({ ok: true, to: 'confirmed', awaitingApproval: false })
    expect(await ledgerCount(ex.id)).toBe(1)
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'approve')).toMatchObject({ ok: false, error: 'alreadyConfirmed' })
    expect(await ledgerCount(ex.id)).toBe(1)
    const audit = await db().select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.subjectId, ex.id))
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'exchange.approval_requested', actorId: w.receiver.user.id },
        { action: 'exchange.approved', actorId: w.manager.id },
      ]),
    )
    expect(await listAwaitingManager(db(), w.manager, w.centre.id)).toEqual([])
  })

  it('either figure above its cap is enough; at the cap the ledger is written at once', async () => {
    const w = await makeExchangeWorld(db())
    const hoursOver = await logged(w, { minutes: 2401 })
    const euroOver = await logged(w, { minutes: 60, valueCents: 200_001 })
    const atCap = await logged(w, { minutes: 2400, valueCents: 200_000 })
    expect(await transition(db(), { id: w.receiver.user.id }, hoursOver.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    expect(await transition(db(), { id: w.receiver.user.id }, euroOver.id, 'confirm')).toMatchObject({ ok: true, awaitingApproval: true })
    expect(await transition(db(), { id: w.receiver.user.id }, atCap.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed', awaitingApproval: false })
    expect([await ledgerCount(hoursOver.id), await ledgerCount(euroOver.id), await ledgerCount(atCap.id)]).toEqual([0, 0, 1])
  })

  it('a manager rejects with a reason: cancelled, nothing in the ledger, audited; approving may correct the figures', async () => {
    const w = await makeExchangeWorld(db())
    const ex = await logged(w, { minutes: 3000 })
    await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'reject', { reason: '' })).toMatchObject({ ok: false, error: 'invalid' })
    expect(await transition(db(), { id: w.manager.id }, ex.id, 'reject', { reason: 'Bitte in Teilen belegen' })).toMatchObject({ ok: true, to: 'cancelled' })
    expect(await ledgerCount(ex.id)).toBe(0)
    expect((await row(ex.id)).resolutionReason).toBe('Bitte in Teilen belegen')
    const [rejected] = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, ex.id), eq(auditLog.action, 'exchange.rejected')))
    expect(rejected?.actorId).toBe(w.manager.id)

    const second = await logged(w, { minutes: 3000 })
    await transition(db(), { id: w.receiver.user.id }, second.id, 'confirm')
    expect(await transition(db(), { id: w.manager.id }, second.id, 'approve', { minutes: 2000 })).toMatchObject({ ok: true, to: 'confirmed' })
    expect((await row(second.id)).actualMinutes).toBe(2000)
    expect(await ledgerCount(second.id)).toBe(1)
  })

  it('a manager who logged the exchange for a side does not approve it above the cap; a colleague does', async () => {
    const w = await makeExchangeWorld(db())
    const { addMember } = await import('#db/factories')
    await addMember(db(), w.provider.initiative, w.manager.id)
    const result = await logHelpGiven(db(), { id: w.manager.id }, w.centre.id, {
      initiativeId: w.provider.initiative.id,
      receiverInitiativeId: w.receiver.initiative.id,
      title: 'Großer Umzug',
      date: '2026-11-20',
      minutes: 5000,
    })
    if (!result.ok) throw new Error('log')
    await transition(db(), { id: w.receiver.user.id }, result.exchange.id, 'confirm')
    expect(await transition(db(), { id: w.manager.id }, result.exchange.id, 'approve')).toMatchObject({ ok: false, error: 'notYourStep' })
    expect((await listAwaitingManager(db(), w.manager, w.centre.id))[0]).toMatchObject({ id: result.exchange.id, mayAct: false })
    const view = await getExchangeForViewer(db(), w.manager, w.centre.id, result.exchange.id)
    expect(view!.actions).toEqual([])
    const colleague = await makeManager(db(), w.centre.id)
    expect(await transition(db(), { id: colleague.id }, result.exchange.id, 'approve')).toMatchObject({ ok: true, to: 'confirmed' })
  })

  it('the centre’s managers set the cap: a raised cap lets the same figures through at once', async () => {
    const w = await makeExchangeWorld(db())
    const [centre] = await db().select().from(centres).where(eq(centres.id, w.centre.id))
    const settings = settingsOf(centre!)
    expect(settings).toMatchObject({ exchangeCapHours: 40, exchangeCapEuros: 2000 })
    const saved = await updateCentreSettings(db(), {
      centreId: w.centre.id,
      actorId: w.manager.id,
      settings: {
        moderationMode: settings.moderationMode,
        hourValueEuros: settings.hourValueEuros,
        loanLimitEuros: settings.loanLimitEuros,
        timeZone: settings.timeZone,
        languages: ['de'],
        description: settings.description,
        exchangeCapHours: 120.5,
        exchangeCapEuros: 6000,
      },
    })
    expect(saved).toMatchObject({ ok: true })
    const [after] = await db().select().from(centres).where(eq(centres.id, w.centre.id))
    expect(after).toMatchObject({ exchangeCapMinutes: 7230, exchangeCapCents: 600_000 })
    const ex = await logged(w, { minutes: 6000, valueCents: 500_000 })
    expect(await transition(db(), { id: w.receiver.user.id }, ex.id, 'confirm')).toMatchObject({ ok: true, to: 'confirmed' })
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.subjectId, w.centre.id), eq(auditLog.action, 'centre.settings_updated')))
    expect(JSON.stringify(audit?.details)).toContain('exchangeCapMinutes')
  })

  it('bad cap values are refused at their field, and the database refuses what slips past', async () => {
    const base = { moderationMode: 'post', hourValueEuros: '20', loanLimitEuros: '5000', timeZone: 'Europe/Berlin', languages: 'de' }
    const errorsFor = (fields: Record<string, string>) => {
      const form = new URLSearchParams({ ...base, ...fields })
      const result = parseForm(form, CentreSettingsSchema)
      return result.status === 'success' ? null : result.reply().error
    }
    expect(errorsFor({ exchangeCapHours: '40', exchangeCapEuros: '2000' })).toBeNull()
    for (const [hours, euros] of [
      ['0', '2000'],
      ['-5', '2000'],
      ['1001', '2000'],
      ['abc', '2000'],
      ['1.234', '2000'],
      ['40\u0000', '2000'],
      ['', '2000'],
    ]) {
      expect(Object.keys(errorsFor({ exchangeCapHours: hours!, exchangeCapEuros: euros! }) ?? {}), `hours ${JSON.stringify(hours)}`).toEqual(['exchangeCapHours'])
    }
    // "12,345" is 12.345 € (three decimals); "12.345" would be twelve thousand, as written in German
    for (const euros of ['0', '100001', '12,345', '0x10', '1e3', 'x'.repeat(100_000), '']) {
      expect(Object.keys(errorsFor({ exchangeCapHours: '40', exchangeCapEuros: euros }) ?? {}), `euros ${euros.slice(0, 10)}`).toEqual(['exchangeCapEuros'])
    }
    const w = await makeExchangeWorld(db())
    await expect(db().update(centres).set({ exchangeCapMinutes: 0 }).where(eq(centres.id, w.centre.id))).rejects.toThrow()
    await expect(db().update(centres).set({ exchangeCapCents: 10_000_001 }).where(eq(centres.id, w.centre.id))).rejects.toThrow()
  })
})
