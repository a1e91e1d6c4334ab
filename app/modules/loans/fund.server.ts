import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { fundContributions, initiatives, ledgerEntries, loans } from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { postTransfer } from '~/modules/ledger/ledger.server'
import { isUuid } from '~/utils/misc'
import type { Actor } from '~/modules/shared/results'
import { type Failure, NOT_FOUND, invalid, isManager } from './access.server'
import { isMemberOf } from '~/modules/initiatives/memberships.server'

/**
 * The centre's solidarity fund: its balance, contributions paid in, and the fund page.
 */

/** The fund's money at hand: what it received (contributions, repayments) minus what it lent. */
export async function fundBalanceCents(db: DbOrTx, centreId: string) {
  const [row] = await db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountType, 'fund'), eq(ledgerEntries.accountId, centreId), eq(ledgerEntries.unit, 'cents')))
  // A fund's entries are − when it receives and + when it gives (the ledger's sign: + = gave).
  return -Number(row?.balance ?? 0)
}


// ————— the solidarity fund —————

/** A manager records money paid into the fund by an initiative of the centre; written to the ledger once. */
export async function recordContribution(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: { initiativeId: string; amount: number; receivedOn: string; note?: string | null },
): Promise<{ ok: true; id: string } | Failure> {
  if (!(await isManager(db, actor, centreId))) return NOT_FOUND
  if (!isUuid(input.initiativeId)) return invalid({ initiativeId: ['validation.invalid'] })
  const [initiative] = await db
    .select({ id: initiatives.id })
    .from(initiatives)
    .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.centreId, centreId)))
  if (!initiative) return invalid({ initiativeId: ['validation.choice'] })
  // One person, one side (ADR 058, addendum): a manager does not book money their own initiative
  // paid into the fund (it counts as that initiative's giving); another manager does.
  if (await isMemberOf(db, actor.id, initiative.id)) return invalid({ initiativeId: ['loans.errors.ownContribution'] })
  return db.transaction(async (tx) => {
    const posted = await postTransfer(tx, {
      kind: 'fund_contribution',
      centreId,
      createdBy: actor.id,
      entries: [
        { account: { type: 'initiative', id: input.initiativeId }, unit: 'cents', amount: input.amount },
        { account: { type: 'fund', id: centreId }, unit: 'cents', amount: -input.amount },
      ],
    })
    const [row] = await tx
      .insert(fundContributions)
      .values({
        centreId,
        initiativeId: input.initiativeId,
        amountCents: input.amount,
        receivedOn: input.receivedOn,
        note: input.note?.trim() ?? '',
        recordedBy: actor.id,
        ledgerTransactionId: posted.id,
      })
      .returning({ id: fundContributions.id })
    await recordAudit(tx, {
      centreId,
      actorId: actor.id,
      action: 'fund.contribution_recorded',
      subjectType: 'fund_contribution',
      subjectId: row!.id,
      details: { initiativeId: input.initiativeId, amountCents: input.amount },
    })
    return { ok: true as const, id: row!.id }
  })
}

/** For the fund page: balance, contributions, and what the fund has out on loan. */
export async function getFund(db: DbOrTx, actor: Actor, centreId: string) {
  if (!(await isManager(db, actor, centreId))) return null
  const [balance, contributions, initiativeOptions, [lent]] = await Promise.all([
    fundBalanceCents(db, centreId),
    db
      .select({
        id: fundContributions.id,
        initiativeName: initiatives.name,
        amountCents: fundContributions.amountCents,
        receivedOn: fundContributions.receivedOn,
        note: fundContributions.note,
      })
      .from(fundContributions)
      .innerJoin(initiatives, eq(initiatives.id, fundContributions.initiativeId))
      .where(eq(fundContributions.centreId, centreId))
      .orderBy(desc(fundContributions.receivedOn), desc(fundContributions.createdAt))
      .limit(100),
    db
      .select({ id: initiatives.id, name: initiatives.name })
      .from(initiatives)
      .where(and(eq(initiatives.centreId, centreId), eq(initiatives.status, 'active')))
      .orderBy(asc(initiatives.name)),
    db
      .select({ outstanding: sql<string>`coalesce(sum(${loans.totalCents} - ${loans.repaidCents}), 0)` })
      .from(loans)
      .where(and(eq(loans.centreId, centreId), eq(loans.lenderKind, 'fund'), eq(loans.state, 'disbursed'))),
  ])
  return { balanceCents: balance, outstandingCents: Number(lent?.outstanding ?? 0), contributions, initiatives: initiativeOptions }
}
