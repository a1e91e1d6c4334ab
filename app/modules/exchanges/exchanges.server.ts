import { aliasedTable, and, asc, desc, eq, inArray, notInArray, or } from 'drizzle-orm'
import type { DbOrTx } from '#db/connect'
import { isUniqueViolation, withRetry } from '#db/errors'
import {
  centres,
  centreStaff,
  exchangeEvents,
  exchangeMessages,
  exchanges,
  initiativeMembers,
  initiatives,
  listings,
  users,
} from '#db/schema'
import { recordAudit } from '~/modules/audit/audit.server'
import { centreToday } from '~/modules/centres/today.server'
import { activeUnderLock, hasOtherMember, isMemberOf, memberIdsOf, membersOf, membershipsIn, myInitiativeIds } from '~/modules/initiatives/memberships.server'
import { postExchange } from '~/modules/ledger/ledger.server'
import { inKindCents } from '~/modules/ledger/value'
import type { NotificationKind } from '~/modules/notifications/kinds'
import { notify } from '~/modules/notifications/notify.server'
import { isUuid } from '~/utils/misc'
import { MAX_EXCHANGE_CENTS, MAX_EXCHANGE_MINUTES } from './limits'
import {
  allowedActions,
  capacityFor,
  capacityOfEdge,
  checkTransition,
  type CheckError,
  type Circumstances,
  type ExchangeAction,
  type ExchangeState,
  FINAL_STATES,
  isOverCap,
  isWaitingFor,
  narrowRoles,
  outcomeOf,
  type Role,
  type Side,
} from './state-machine'
import type { Actor, FieldErrors } from '~/modules/shared/results'
import { listingOfCentre } from '~/modules/listings/subject.server'

/**
 * Exchanges between initiatives: propose, log help given, take a step, talk. Every function
 * checks who the actor is to the exchange itself (members of the two initiatives; managers of
 * the centre read and resolve disputes), so a wrong id or a third initiative gets `notFound`.
 */

export type Exchange = typeof exchanges.$inferSelect
export type { Actor, FieldErrors } from '~/modules/shared/results'

export type Failure =
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; error: CheckError; state: ExchangeState }

// ————— who is the actor to an exchange —————

interface Standing {
  /** may read: a member of either initiative (any status) or a manager of the centre */
  canView: boolean
  /**
   * roles to act with: sides of ACTIVE initiatives the actor belongs to, and `manager` — narrowed
   * to the capacity the actor already acted in on this exchange (ADR 058: one person, one side)
   */
  roles: Role[]
  /** the roles the actor holds, before narrowing */
  held: Role[]
  /** the capacities the actor already acted in on this exchange */
  actedAs: Role[]
  /** the initiatives the actor may write messages for (those of the roles left) */
  sides: { side: Side; initiativeId: string }[]
}

type ExchangeRef = Pick<Exchange, 'id' | 'proposerSide' | 'providerInitiativeId' | 'receiverInitiativeId'>

/**
 * The capacities in which people acted on exchanges, per exchange and person: every step (its
 * `acted_as`, or for steps before ADR 058 what the edge says) and every message (the side of the
 * initiative it was written for). `userId` limits it to one person.
 */
async function actsOn(db: DbOrTx, refs: readonly ExchangeRef[], userId?: string) {
  const acts = new Map<string, Map<string, Set<Role>>>()
  if (!refs.length) return acts
  const byId = new Map(refs.map((r) => [r.id, r]))
  const ids = [...byId.keys()]
  const [events, messages] = await Promise.all([
    db
      .select({ exchangeId: exchangeEvents.exchangeId, actorId: exchangeEvents.actorId, actedAs: exchangeEvents.actedAs, from: exchangeEvents.fromState, to: exchangeEvents.toState })
      .from(exchangeEvents)
      .where(and(inArray(exchangeEvents.exchangeId, ids), userId ? eq(exchangeEvents.actorId, userId) : undefined)),
    db
      .select({ exchangeId: exchangeMessages.exchangeId, actorId: exchangeMessages.authorId, initiativeId: exchangeMessages.authorInitiativeId })
      .from(exchangeMessages)
      .where(and(inArray(exchangeMessages.exchangeId, ids), userId ? eq(exchangeMessages.authorId, userId) : undefined)),
  ])
  const add = (exchangeId: string, actorId: string | null, role: Role | null) => {
    if (!actorId || !role) return
    const people = acts.get(exchangeId) ?? new Map<string, Set<Role>>()
    acts.set(exchangeId, people)
    const roles = people.get(actorId) ?? new Set<Role>()
    people.set(actorId, roles)
    roles.add(role)
  }
  for (const e of events) add(e.exchangeId, e.actorId, e.actedAs ?? capacityOfEdge(e.from, e.to, byId.get(e.exchangeId)!.proposerSide))
  for (const m of messages) {
    const ref = byId.get(m.exchangeId)!
    add(m.exchangeId, m.actorId, m.initiativeId === ref.providerInitiativeId ? 'provider' : m.initiativeId === ref.receiverInitiativeId ? 'receiver' : null)
  }
  return acts
}

async function actedAsOn(db: DbOrTx, exchange: ExchangeRef, userId: string): Promise<Role[]> {
  const acts = await actsOn(db, [exchange], userId)
  return [...(acts.get(exchange.id)?.get(userId) ?? [])]
}

/**
 * Is there no one left who may confirm for the receiver: no active member of its (active)
 * initiative who has not acted for the provider (or as a manager) on this exchange? Then a
 * manager may settle it (ADR 058).
 */
async function receiverBlocked(db: DbOrTx, exchange: Exchange): Promise<boolean> {
  const members = await memberIdsOf(db, exchange.receiverInitiativeId, { activeOnly: true })
  if (!members.length) return true
  const acts = (await actsOn(db, [exchange])).get(exchange.id)
  return !members.some((userId) => narrowRoles(['receiver'], [...(acts?.get(userId) ?? [])]).includes('receiver'))
}

/** `forManager`: whether the receiver's side is blocked matters only to a manager's approval, so only then is it read. */
async function circumstancesOf(db: DbOrTx, exchange: Exchange, forManager: boolean): Promise<Circumstances> {
  const awaitingApproval = exchange.approvalRequestedAt != null
  return {
    awaitingApproval,
    receiverBlocked: forManager && exchange.state === 'completed' && !awaitingApproval ? await receiverBlocked(db, exchange) : false,
  }
}

/** The centre's cap of one exchange, in minutes and cents. */
async function capOf(db: DbOrTx, centreId: string) {
  const [row] = await db
    .select({ minutes: centres.exchangeCapMinutes, cents: centres.exchangeCapCents, hourValueCents: centres.hourValueCents })
    .from(centres)
    .where(eq(centres.id, centreId))
  return row!
}

async function standingOf(db: DbOrTx, actor: Actor, exchange: Exchange): Promise<Standing> {
  const memberships = await db
    .select({ initiativeId: initiativeMembers.initiativeId, status: initiatives.status })
    .from(initiativeMembers)
    .innerJoin(initiatives, eq(initiatives.id, initiativeMembers.initiativeId))
    .where(
      and(
        eq(initiativeMembers.userId, actor.id),
        inArray(initiativeMembers.initiativeId, [exchange.providerInitiativeId, exchange.receiverInitiativeId]),
      ),
    )
  const [staff] = await db
    .select({ userId: centreStaff.userId })
    .from(centreStaff)
    .where(and(eq(centreStaff.centreId, exchange.centreId), eq(centreStaff.userId, actor.id)))
  const isManager = Boolean(actor.isAdmin || staff)
  const held: Standing['sides'] = []
  for (const m of memberships) {
    if (m.status !== 'active') continue
    if (m.initiativeId === exchange.providerInitiativeId) held.push({ side: 'provider', initiativeId: m.initiativeId })
    if (m.initiativeId === exchange.receiverInitiativeId) held.push({ side: 'receiver', initiativeId: m.initiativeId })
  }
  const heldRoles: Role[] = held.map((s) => s.side)
  // A manager who belongs to either initiative (whatever its status) does not settle the exchange —
  // approve it above the cap, decide a dispute, set its figures — as they do not correct their own
  // initiative's ledger (ADR 058): another manager of the centre does. Before, only having acted for
  // a side took the manager's role away, so a member of the provider could approve 100 h for it.
  if (isManager && memberships.length === 0) heldRoles.push('manager')
  // What the person did on this exchange binds them whatever they hold now: someone who acted for
  // one side and then left it (or whose initiative was suspended) still cannot act for the other.
  const actedAs = heldRoles.length > 0 ? await actedAsOn(db, exchange, actor.id) : []
  const roles = narrowRoles(heldRoles, actedAs)
  const sides = held.filter((s) => roles.includes(s.side))
  return { canView: memberships.length > 0 || isManager, roles, held: heldRoles, actedAs, sides }
}

const activeMembership = (db: DbOrTx, actor: Actor, initiativeId: string, centreId: string) =>
  isMemberOf(db, actor.id, initiativeId, { activeIn: centreId })

/** My initiatives of this centre, active or not, with their status. */
const myInitiatives = async (db: DbOrTx, actor: Actor, centreId: string) =>
  (await membershipsIn(db, actor.id, centreId)).map((m) => ({ id: m.initiative.id, status: m.initiative.status }))

// ————— telling the other side —————

const provider = aliasedTable(initiatives, 'provider')
const receiver = aliasedTable(initiatives, 'receiver')

type Audience = Side | 'managers'

/** What a notice says beyond the exchange's title and the other initiative: what happened, and the actor's reason. */
type Detail = { variant?: string; note?: string | null }

/**
 * In-app notifications (and e-mail, as each person chose) to the other side of a step, in the
 * transaction of the step. `initiative` in the text is the other initiative of the recipient.
 */
async function announce(
  tx: DbOrTx,
  exchange: Exchange,
  actorId: string,
  kind: NotificationKind,
  audiences: Audience[],
  detail: Detail = {},
) {
  const [names] = await tx
    .select({ slug: centres.slug, provider: provider.name, receiver: receiver.name })
    .from(exchanges)
    .innerJoin(centres, eq(centres.id, exchanges.centreId))
    .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
    .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
    .where(eq(exchanges.id, exchange.id))
  if (!names) return
  const url = `/c/${names.slug}/exchanges/${exchange.id}`
  for (const audience of audiences) {
    const base = { centreId: exchange.centreId, kind, exceptUserId: actorId }
    if (audience === 'managers') {
      const staff = await tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, exchange.centreId))
      const initiative = `${names.provider} / ${names.receiver}`
      await notify(tx, { ...base, userIds: staff.map((s) => s.userId), payload: { ...detail, title: exchange.title, initiative, url } })
    } else {
      const initiativeId = audience === 'provider' ? exchange.providerInitiativeId : exchange.receiverInitiativeId
      const initiative = audience === 'provider' ? names.receiver : names.provider
      await notify(tx, { ...base, initiativeId, payload: { ...detail, title: exchange.title, initiative, url } })
    }
  }
}

const other = (side: Side): Side => (side === 'provider' ? 'receiver' : 'provider')

/**
 * A completed exchange now waits for a manager (ADR 058): the receiver confirmed figures above
 * the cap (`cap`), or no one is left who may confirm for the receiver (`one_side`). The centre's
 * managers hear it — except any who acted on this exchange (for a side, or the actor), who may
 * not settle it anyway. Call it in the step's transaction, after the step's event is written.
 */
async function announceAwaitingManager(tx: DbOrTx, exchange: Exchange, actorId: string, variant: 'cap' | 'one_side') {
  const [staff, acts, [names]] = await Promise.all([
    tx.select({ userId: centreStaff.userId }).from(centreStaff).where(eq(centreStaff.centreId, exchange.centreId)),
    actsOn(tx, [exchange]),
    tx
      .select({ slug: centres.slug, provider: provider.name, receiver: receiver.name })
      .from(exchanges)
      .innerJoin(centres, eq(centres.id, exchanges.centreId))
      .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
      .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
      .where(eq(exchanges.id, exchange.id)),
  ])
  if (!names) return []
  const actors = acts.get(exchange.id)
  const userIds = staff.map((s) => s.userId).filter((id) => !actors?.has(id))
  return notify(tx, {
    centreId: exchange.centreId,
    kind: 'exchange.awaiting_approval',
    exceptUserId: actorId,
    userIds,
    payload: { variant, title: exchange.title, initiative: `${names.provider} / ${names.receiver}`, url: `/c/${names.slug}/exchanges/${exchange.id}` },
  })
}

/**
 * The sides to tell when one side cancels: the side the actor is not on. Someone on both sides
 * (a member of both initiatives) cancels for both, so both hear it — from a colleague, not from
 * themselves (`notify` leaves out the actor).
 */
function otherSidesOf(roles: readonly Role[]): Side[] {
  const others = (['provider', 'receiver'] as const).filter((side) => !roles.includes(side))
  return others.length ? others : ['provider', 'receiver']
}

/** `note`: the notice carries the step's reason (every kind with a variant does). */
type Announcement = { kind: NotificationKind; to: Audience[]; variant?: string; note?: boolean }

/**
 * Who hears of each step (steps without a notification kind tell no one but the history). A
 * manager settling a dispute tells both sides, and the centre's other managers the outcome under
 * `exchange.disputed` (ADR 047), so none of them acts on a dispute that is settled.
 */
const ANNOUNCEMENTS: Partial<Record<ExchangeAction, (e: Exchange, roles: readonly Role[]) => Announcement | Announcement[]>> = {
  accept: (e) => ({ kind: 'exchange.accepted', to: [e.proposerSide] }),
  decline: (e) => ({ kind: 'exchange.ended', to: [e.proposerSide], variant: 'declined' }),
  withdraw: (e) => ({ kind: 'exchange.ended', to: [other(e.proposerSide)], variant: 'withdrawn' }),
  cancel: (_, roles) => ({ kind: 'exchange.ended', to: otherSidesOf(roles), variant: 'cancelled' }),
  complete: () => ({ kind: 'exchange.completed', to: ['receiver'] }),
  confirm: () => ({ kind: 'exchange.confirmed', to: ['provider'] }),
  dispute: () => ({ kind: 'exchange.disputed', to: ['provider', 'managers'], note: true }),
  resolveConfirm: () => [
    { kind: 'exchange.confirmed', to: ['provider', 'receiver'] },
    { kind: 'exchange.disputed', to: ['managers'], variant: 'settled_confirmed' },
  ],
  resolveCancel: () => [
    { kind: 'exchange.ended', to: ['provider', 'receiver'], variant: 'dispute_cancelled' },
    { kind: 'exchange.disputed', to: ['managers'], variant: 'settled_cancelled' },
  ],
  approve: () => ({ kind: 'exchange.confirmed', to: ['provider', 'receiver'] }),
  reject: () => ({ kind: 'exchange.ended', to: ['provider', 'receiver'], variant: 'cancelled' }),
}


// ————— proposing —————

export interface Figures {
  minutes?: number | null
  valueCents?: number | null
}

function figureErrors(input: Figures, required: boolean): FieldErrors {
  const errors: FieldErrors = {}
  const { minutes, valueCents } = input
  if (minutes != null && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXCHANGE_MINUTES)) {
    errors.minutes = ['exchanges.errors.hoursRange']
  }
  if (valueCents != null && (!Number.isInteger(valueCents) || valueCents < 1 || valueCents > MAX_EXCHANGE_CENTS)) {
    errors.valueCents = ['exchanges.errors.eurosRange']
  }
  if (required && minutes == null && valueCents == null) errors.minutes = ['exchanges.errors.figuresRequired']
  return errors
}

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0

export interface ProposeInput extends Figures {
  listingId: string
  /** the actor's initiative: the receiver when the listing is an offer, the provider when it is a need */
  initiativeId: string
  date?: string | null
  message: string
}

/** The listing an exchange can be proposed on: active, of another initiative of the same centre, not a loan. */
export async function getProposableListing(db: DbOrTx, centreId: string, listingId: string) {
  const row = await listingOfCentre(db, centreId, listingId)
  if (!row || row.status !== 'active' || row.category === 'loan' || row.initiativeStatus !== 'active') return null
  return row
}

export async function proposeExchange(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: ProposeInput,
  options: { silent?: boolean } = {},
): Promise<{ ok: true; exchange: Exchange } | Failure> {
  const errors = figureErrors(input, true)
  if (!input.message.trim()) errors.message = ['validation.required']
  if (hasErrors(errors)) return { ok: false, error: 'invalid', fieldErrors: errors }
  const listing = await getProposableListing(db, centreId, input.listingId)
  if (!listing) return { ok: false, error: 'notFound' }
  if (!(await activeMembership(db, actor, input.initiativeId, centreId))) return { ok: false, error: 'notFound' }
  if (listing.initiativeId === input.initiativeId) {
    return { ok: false, error: 'invalid', fieldErrors: { initiativeId: ['exchanges.errors.ownListing'] } }
  }
  if (!(await hasOtherMember(db, listing.initiativeId, actor.id))) {
    return { ok: false, error: 'invalid', fieldErrors: { '': ['exchanges.errors.nobodyToAnswer'] } }
  }
  const offer = listing.kind === 'offer'
  return db.transaction(async (tx) => {
    // suspended since they were looked at: both sides, held until the exchange is written
    if (!(await activeUnderLock(tx, centreId, [listing.initiativeId, input.initiativeId]))) return { ok: false as const, error: 'notFound' }
    const [exchange] = await tx
      .insert(exchanges)
      .values({
        centreId,
        listingId: listing.id,
        providerInitiativeId: offer ? listing.initiativeId : input.initiativeId,
        receiverInitiativeId: offer ? input.initiativeId : listing.initiativeId,
        proposerSide: offer ? 'receiver' : 'provider',
        title: listing.title,
        proposedMinutes: input.minutes ?? null,
        proposedValueCents: input.valueCents ?? null,
        date: input.date ?? null,
        state: 'proposed',
        createdBy: actor.id,
      })
      .returning()
    await tx.insert(exchangeMessages).values({
      exchangeId: exchange!.id,
      centreId,
      authorId: actor.id,
      authorInitiativeId: input.initiativeId,
      body: input.message.trim(),
    })
    await appendEvent(tx, exchange!, actor.id, exchange!.proposerSide, null, 'proposed', null)
    if (!options.silent) await announce(tx, exchange!, actor.id, 'exchange.proposed', [other(exchange!.proposerSide)])
    return { ok: true as const, exchange: exchange! }
  })
}

export interface LogHelpInput extends Figures {
  /** the actor's initiative, which gave the help */
  initiativeId: string
  receiverInitiativeId: string
  title: string
  description?: string | null
  date: string
  /** when the help was given, for backdated history (seed); defaults to now */
  at?: Date
}

/** Help given without a listing: created as `completed` by the provider, it waits for the receiver's confirmation. */
export async function logHelpGiven(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  input: LogHelpInput,
  options: { silent?: boolean } = {},
): Promise<{ ok: true; exchange: Exchange } | Failure> {
  const errors = figureErrors(input, true)
  if (input.initiativeId === input.receiverInitiativeId) errors.receiverInitiativeId = ['exchanges.errors.sameInitiative']
  // help given has happened: not on a day still to come where the centre is
  if (input.date > (await centreToday(db, centreId, input.at))) errors.date = ['validation.dateNotFuture']
  if (hasErrors(errors)) return { ok: false, error: 'invalid', fieldErrors: errors }
  if (!(await activeMembership(db, actor, input.initiativeId, centreId))) return { ok: false, error: 'notFound' }
  const [receiver] = isUuid(input.receiverInitiativeId)
    ? await db
        .select({ id: initiatives.id })
        .from(initiatives)
        .where(
          and(
            eq(initiatives.id, input.receiverInitiativeId),
            eq(initiatives.centreId, centreId),
            eq(initiatives.status, 'active'),
          ),
        )
    : []
  if (!receiver) return { ok: false, error: 'invalid', fieldErrors: { receiverInitiativeId: ['validation.choice'] } }
  const at = input.at ?? new Date()
  return db.transaction(async (tx) => {
    // suspended since they were looked at: both sides, held until the exchange is written
    if (!(await activeUnderLock(tx, centreId, [input.initiativeId, receiver.id]))) return { ok: false as const, error: 'notFound' }
    const [exchange] = await tx
      .insert(exchanges)
      .values({
        centreId,
        providerInitiativeId: input.initiativeId,
        receiverInitiativeId: receiver.id,
        proposerSide: 'provider',
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        proposedMinutes: input.minutes ?? null,
        proposedValueCents: input.valueCents ?? null,
        actualMinutes: input.minutes ?? null,
        actualValueCents: input.valueCents ?? null,
        date: input.date,
        state: 'completed',
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
        completedAt: at,
      })
      .returning()
    await appendEvent(tx, exchange!, actor.id, 'provider', null, 'completed', null, at)
    if (!options.silent) {
      await announce(tx, exchange!, actor.id, 'exchange.completed', ['receiver'])
      // The logger may be the receiver's only member: then only a manager can settle it.
      if (await receiverBlocked(tx, exchange!)) await announceAwaitingManager(tx, exchange!, actor.id, 'one_side')
    }
    return { ok: true as const, exchange: exchange! }
  })
}

async function appendEvent(
  tx: DbOrTx,
  exchange: Exchange,
  actorId: string,
  actedAs: Role,
  from: ExchangeState | null,
  to: ExchangeState,
  note: string | null,
  at = new Date(),
  auditAction?: string,
) {
  await tx.insert(exchangeEvents).values({ exchangeId: exchange.id, centreId: exchange.centreId, actorId, actedAs, fromState: from, toState: to, note, at })
  await recordAudit(tx, {
    centreId: exchange.centreId,
    actorId,
    action: auditAction ?? (from ? `exchange.${to}` : `exchange.created`),
    subjectType: 'exchange',
    subjectId: exchange.id,
    details: { from, to, ...(note ? { note } : {}) },
  })
}

// ————— taking a step —————

export interface TransitionInput extends Figures {
  reason?: string | null
  date?: string | null
}

export interface TransitionOptions {
  /** the centre of the page: an exchange of another centre is `notFound` */
  centreId?: string
  /** when the step happened (backdated seed history); defaults to now */
  at?: Date
  /** bounded retries of serialization failures and deadlocks */
  attempts?: number
  /** no notifications (backdated demo history) */
  silent?: boolean
}

export type TransitionResult =
  | {
      ok: true
      exchange: Exchange
      from: ExchangeState
      to: ExchangeState
      ledgerTransactionId: string | null
      /** the receiver confirmed figures above the centre's cap: nothing written yet, a manager approves */
      awaitingApproval: boolean
    }
  | Failure

/**
 * One step of an exchange, in ONE database transaction: lock the exchange row
 * (SELECT … FOR UPDATE), check the transition table and the actor's standing, update the state,
 * append an event and an audit entry, and on confirmation write the ledger. A repeated or
 * concurrent confirmation answers `alreadyConfirmed` (the lock serialises them; the ledger's
 * unique key per exchange is the backstop).
 */
export async function transition(
  db: DbOrTx,
  actor: Actor,
  exchangeId: string,
  action: ExchangeAction,
  input: TransitionInput = {},
  options: TransitionOptions = {},
): Promise<TransitionResult> {
  if (!isUuid(exchangeId)) return { ok: false, error: 'notFound' }
  const work = () =>
    db.transaction(async (tx): Promise<TransitionResult> => {
      const [exchange] = await tx.select().from(exchanges).where(eq(exchanges.id, exchangeId)).for('update')
      if (!exchange || (options.centreId && exchange.centreId !== options.centreId)) return { ok: false, error: 'notFound' }
      const standing = await standingOf(tx, actor, exchange)
      if (!standing.canView) return { ok: false, error: 'notFound' }
      const circumstances = await circumstancesOf(tx, exchange, action === 'approve' && standing.roles.includes('manager'))
      const check = checkTransition(exchange.state, action, standing.roles, exchange.proposerSide, circumstances)
      if (!check.ok) return { ok: false, error: check.error, state: exchange.state }
      const step = check.transition
      const capacity = capacityFor(step, standing.roles, exchange.proposerSide)
      const reason = input.reason?.trim() || null
      const errors = figureErrors(input, step.takesFigures === 'required')
      if (step.needsReason && (!reason || reason.length < 3)) errors.reason = ['exchanges.errors.reasonRequired']
      if (hasErrors(errors)) return { ok: false, error: 'invalid', fieldErrors: errors }

      // the value as the ledger will write it: hours alone are worth the centre's hour value (ADR 058
      // addendum; the € cap was passed by giving hours only)
      const cap = step.capped ? await capOf(tx, exchange.centreId) : null
      const value = cap ? inKindCents(exchange.actualMinutes ?? 0, exchange.actualValueCents, cap.hourValueCents) : null
      const overCap = cap ? isOverCap({ minutes: exchange.actualMinutes, valueCents: value }, cap) : false
      const outcome = outcomeOf(step, overCap)
      const at = options.at ?? new Date()
      const changes: Partial<typeof exchanges.$inferInsert> = { state: outcome.to, updatedAt: at }
      if (outcome.awaitsApproval) changes.approvalRequestedAt = at
      if (step.action === 'reject') changes.resolutionReason = reason
      if (step.action === 'decline') changes.declineReason = reason
      if (step.action === 'cancel') changes.cancelReason = reason
      if (step.action === 'dispute') changes.disputeReason = reason
      if (step.action === 'resolveConfirm' || step.action === 'resolveCancel') changes.resolutionReason = reason
      if (step.takesFigures && (input.minutes != null || input.valueCents != null)) {
        changes.actualMinutes = input.minutes ?? null
        changes.actualValueCents = input.valueCents ?? null
      }
      if (step.action === 'complete') {
        changes.completedAt = at
        if (input.date) changes.date = input.date
      }
      if (outcome.to === 'confirmed') changes.confirmedAt = at
      const [updated] = await tx.update(exchanges).set(changes).where(eq(exchanges.id, exchange.id)).returning()
      // A manager's approval and rejection are named as such in the audit log (the edge alone reads like the receiver's).
      const auditAction = outcome.awaitsApproval
        ? 'exchange.approval_requested'
        : step.action === 'approve'
          ? 'exchange.approved'
          : step.action === 'reject'
            ? 'exchange.rejected'
            : undefined
      await appendEvent(tx, updated!, actor.id, capacity, exchange.state, outcome.to, reason, at, auditAction)
      let ledgerTransactionId: string | null = null
      if (outcome.writesLedger) {
        const posted = await postExchange(tx, updated!, { createdBy: actor.id, occurredAt: at })
        ledgerTransactionId = posted.id
      }
      // Confirmed above the cap: nothing is decided yet, so the sides are not told; the managers are.
      const announcements = options.silent || outcome.awaitsApproval ? [] : [ANNOUNCEMENTS[step.action]?.(updated!, standing.roles) ?? []].flat()
      if (!options.silent && outcome.awaitsApproval) await announceAwaitingManager(tx, updated!, actor.id, 'cap')
      for (const announcement of announcements) {
        // The kinds that end an exchange, a dispute and its settlement carry the reason; the other steps have none to tell.
        const detail: Detail = {
          ...(announcement.variant ? { variant: announcement.variant } : {}),
          ...(announcement.variant || announcement.note ? { note: reason } : {}),
        }
        await announce(tx, updated!, actor.id, announcement.kind, announcement.to, detail)
      }
      // Completed, but everyone left on the receiving side acted for the provider: only a manager can settle it.
      if (!options.silent && outcome.to === 'completed' && exchange.state !== 'completed' && (await receiverBlocked(tx, updated!))) {
        await announceAwaitingManager(tx, updated!, actor.id, 'one_side')
      }
      return { ok: true, exchange: updated!, from: exchange.state, to: outcome.to, ledgerTransactionId, awaitingApproval: outcome.awaitsApproval }
    })
  try {
    return await withRetry(work, options.attempts)
  } catch (error) {
    // The row lock makes this unreachable in practice; the unique key per exchange is the last word.
    if (isUniqueViolation(error, 'ledger_transactions_one_per_exchange')) {
      return { ok: false, error: 'alreadyConfirmed', state: 'confirmed' }
    }
    throw error
  }
}

// ————— the thread —————

export async function postMessage(
  db: DbOrTx,
  actor: Actor,
  exchangeId: string,
  input: { body: string; initiativeId?: string | null },
  options: { centreId?: string; silent?: boolean } = {},
): Promise<{ ok: true } | Failure> {
  if (!isUuid(exchangeId)) return { ok: false, error: 'notFound' }
  const body = input.body.trim()
  // The side a message is written for fixes the writer's side (ADR 058), so the check and the insert
  // run under the exchange's row lock, as steps do: two messages (or a message and a step) sent at
  // once for different sides are judged one after the other, never both against an empty history.
  // Run again after a deadlock, as steps are: notifying a person waits for their row, which an
  // erasure in progress holds while it scrubs this exchange.
  return withRetry(() => db.transaction((tx) => writeMessage(tx, actor, exchangeId, body, input.initiativeId ?? null, options)))
}

async function writeMessage(
  tx: DbOrTx,
  actor: Actor,
  exchangeId: string,
  body: string,
  initiativeId: string | null,
  options: { centreId?: string; silent?: boolean },
): Promise<{ ok: true } | Failure> {
  const [exchange] = await tx.select().from(exchanges).where(eq(exchanges.id, exchangeId)).for('update')
  if (!exchange || (options.centreId && exchange.centreId !== options.centreId)) return { ok: false, error: 'notFound' }
  const standing = await standingOf(tx, actor, exchange)
  if (!standing.canView) return { ok: false, error: 'notFound' }
  if (!body || body.length > 4000) return { ok: false, error: 'invalid', fieldErrors: { body: ['validation.required'] } }
  // Managers read the thread; only the two initiatives write in it — each person for the side they act for.
  const side = standing.sides.find((s) => !initiativeId || s.initiativeId === initiativeId) ?? null
  if (!side) return { ok: false, error: 'notYourStep', state: exchange.state }
  await tx.insert(exchangeMessages).values({
    exchangeId: exchange.id,
    centreId: exchange.centreId,
    authorId: actor.id,
    authorInitiativeId: side.initiativeId,
    body,
  })
  if (!options.silent) await announce(tx, exchange, actor.id, 'message.received', [other(side.side)])
  return { ok: true }
}

// ————— reading —————


const summaryColumns = {
  id: exchanges.id,
  title: exchanges.title,
  state: exchanges.state,
  proposerSide: exchanges.proposerSide,
  date: exchanges.date,
  proposedMinutes: exchanges.proposedMinutes,
  proposedValueCents: exchanges.proposedValueCents,
  actualMinutes: exchanges.actualMinutes,
  actualValueCents: exchanges.actualValueCents,
  updatedAt: exchanges.updatedAt,
  approvalRequestedAt: exchanges.approvalRequestedAt,
  providerInitiativeId: exchanges.providerInitiativeId,
  receiverInitiativeId: exchanges.receiverInitiativeId,
  providerName: provider.name,
  providerSlug: provider.slug,
  receiverName: receiver.name,
  receiverSlug: receiver.slug,
}

/** One exchange as a viewer may see it, with thread, history and the steps they may take now; null if not theirs to see. */
export async function getExchangeForViewer(db: DbOrTx, actor: Actor, centreId: string, exchangeId: string) {
  if (!isUuid(exchangeId)) return null
  const [exchange] = await db
    .select()
    .from(exchanges)
    .where(and(eq(exchanges.id, exchangeId), eq(exchanges.centreId, centreId)))
  if (!exchange) return null
  const standing = await standingOf(db, actor, exchange)
  if (!standing.canView) return null
  const [summary] = await db
    .select({ ...summaryColumns, listingId: exchanges.listingId, listingTitle: listings.title })
    .from(exchanges)
    .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
    .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
    .leftJoin(listings, eq(listings.id, exchanges.listingId))
    .where(eq(exchanges.id, exchange.id))
  const author = aliasedTable(initiatives, 'author')
  const [messages, events] = await Promise.all([
    db
      .select({ id: exchangeMessages.id, body: exchangeMessages.body, at: exchangeMessages.at, authorName: users.name, initiativeName: author.name })
      .from(exchangeMessages)
      .leftJoin(users, eq(users.id, exchangeMessages.authorId))
      .innerJoin(author, eq(author.id, exchangeMessages.authorInitiativeId))
      .where(eq(exchangeMessages.exchangeId, exchange.id))
      .orderBy(asc(exchangeMessages.at), asc(exchangeMessages.id)),
    db
      .select({ id: exchangeEvents.id, from: exchangeEvents.fromState, to: exchangeEvents.toState, note: exchangeEvents.note, at: exchangeEvents.at, actorName: users.name })
      .from(exchangeEvents)
      .leftJoin(users, eq(users.id, exchangeEvents.actorId))
      .where(eq(exchangeEvents.exchangeId, exchange.id))
      .orderBy(asc(exchangeEvents.id)),
  ])
  const circumstances = await circumstancesOf(db, exchange, standing.held.includes('manager'))
  const actions = allowedActions(exchange.state, standing.roles, exchange.proposerSide, circumstances)
  // What the viewer could do were it not for the side they already acted for: the page says why not.
  const withheld = allowedActions(exchange.state, standing.held, exchange.proposerSide, circumstances).filter((a) => !actions.includes(a))
  return {
    exchange: { ...exchange, ...summary! },
    messages,
    events,
    roles: standing.roles,
    sides: standing.sides,
    actions,
    withheld,
    actedAs: standing.actedAs,
    circumstances,
  }
}

const GROUP_ORDER: ExchangeState[] = ['proposed', 'accepted', 'completed', 'disputed', 'confirmed', 'declined', 'withdrawn', 'cancelled']

/** My initiatives' exchanges in a centre, each with my side(s) and whether the next step is mine; the caller may pass my initiatives of this centre. */
export async function listMyExchanges(db: DbOrTx, actor: Actor, centreId: string, known?: readonly { id: string; status: string }[]) {
  const mine = known ?? (await myInitiatives(db, actor, centreId))
  if (!mine.length) return []
  const ids = mine.map((m) => m.id)
  const active = new Set(mine.filter((m) => m.status === 'active').map((m) => m.id))
  const rows = await db
    .select(summaryColumns)
    .from(exchanges)
    .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
    .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
    .where(
      and(
        eq(exchanges.centreId, centreId),
        or(inArray(exchanges.providerInitiativeId, ids), inArray(exchanges.receiverInitiativeId, ids)),
      ),
    )
    .orderBy(desc(exchanges.updatedAt))
    .limit(500)
  const narrowed = await myRoles(db, actor, rows, active)
  return rows.map((row) => {
    const roles = narrowed.get(row.id)!
    return { ...row, roles, waitingForMe: isWaitingFor(row.state, roles, row.proposerSide, { awaitingApproval: row.approvalRequestedAt != null }) }
  })
}

/**
 * My roles on each exchange as a member of its initiatives: the sides of my active initiatives,
 * narrowed (for the few exchanges where I am on both) to the side I already acted for (ADR 058).
 */
async function myRoles(db: DbOrTx, actor: Actor, rows: readonly ExchangeRef[], active: ReadonlySet<string>) {
  const roles = new Map<string, Role[]>()
  for (const row of rows) {
    const held: Role[] = []
    if (active.has(row.providerInitiativeId)) held.push('provider')
    if (active.has(row.receiverInitiativeId)) held.push('receiver')
    roles.set(row.id, held)
  }
  const both = rows.filter((row) => roles.get(row.id)!.length > 1)
  if (both.length) {
    const acts = await actsOn(db, both, actor.id)
    for (const row of both) roles.set(row.id, narrowRoles(roles.get(row.id)!, [...(acts.get(row.id)?.get(actor.id) ?? [])]))
  }
  return roles
}

/** "Waiting for you" first, then by state in the order of an exchange's life. */
export function groupExchanges<T extends { state: ExchangeState; waitingForMe: boolean }>(rows: T[]) {
  const groups: { key: 'waiting' | ExchangeState; items: T[] }[] = [{ key: 'waiting', items: rows.filter((r) => r.waitingForMe) }]
  for (const state of GROUP_ORDER) groups.push({ key: state, items: rows.filter((r) => !r.waitingForMe && r.state === state) })
  return groups.filter((g) => g.items.length)
}

/**
 * How many of my exchanges wait for a step of mine (the count in the centre's navigation, on every
 * page of a centre). Only open exchanges can wait for anyone, and the count needs no names, so it
 * reads those rows' state and sides alone. The caller may pass my initiatives of this centre when it
 * has them already.
 */
export async function countWaitingForMe(
  db: DbOrTx,
  actor: Actor,
  centreId: string,
  known?: readonly { id: string; status: string }[],
) {
  const mine = known ?? (await myInitiatives(db, actor, centreId))
  const active = new Set(mine.filter((m) => m.status === 'active').map((m) => m.id))
  if (!active.size) return 0
  const ids = [...active]
  const rows = await db
    .select({
      id: exchanges.id,
      state: exchanges.state,
      proposerSide: exchanges.proposerSide,
      providerInitiativeId: exchanges.providerInitiativeId,
      receiverInitiativeId: exchanges.receiverInitiativeId,
      approvalRequestedAt: exchanges.approvalRequestedAt,
    })
    .from(exchanges)
    .where(
      and(
        eq(exchanges.centreId, centreId),
        notInArray(exchanges.state, [...FINAL_STATES]),
        or(inArray(exchanges.providerInitiativeId, ids), inArray(exchanges.receiverInitiativeId, ids)),
      ),
    )
  const roles = await myRoles(db, actor, rows, active)
  return rows.filter((row) => isWaitingFor(row.state, roles.get(row.id)!, row.proposerSide, { awaitingApproval: row.approvalRequestedAt != null }))
    .length
}

/** Disputed exchanges of a centre, for its managers. */
export async function listDisputes(db: DbOrTx, actor: Actor, centreId: string) {
  const [rows, theirs] = await Promise.all([
    db
      .select({ ...summaryColumns, disputeReason: exchanges.disputeReason })
      .from(exchanges)
      .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
      .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
      .where(and(eq(exchanges.centreId, centreId), eq(exchanges.state, 'disputed')))
      .orderBy(asc(exchanges.updatedAt)),
    ownInitiativesOf(db, actor, centreId),
  ])
  return rows.map((row) => ({ ...row, own: theirs.has(row.providerInitiativeId) || theirs.has(row.receiverInitiativeId) }))
}

/** The manager's own initiatives, whatever their status: an exchange of one of them is not theirs to settle (standingOf). */
async function ownInitiativesOf(db: DbOrTx, actor: Actor, centreId: string) {
  return new Set(await myInitiativeIds(db, actor.id, centreId, { activeOnly: false }))
}

/**
 * Completed exchanges of a centre that wait for a manager (ADR 058): the receiver confirmed figures
 * above the cap (`reason: 'cap'`), or no one is left on the receiver's side who may confirm — every
 * active member of it acted for the provider (`reason: 'oneSide'`). The viewing manager's own
 * exchanges (where they acted for a side, or belong to one: `own`) are listed but not theirs to settle (`mayAct`).
 */
export async function listAwaitingManager(db: DbOrTx, actor: Actor, centreId: string) {
  const rows = await db
    .select({ ...summaryColumns, centreId: exchanges.centreId })
    .from(exchanges)
    .innerJoin(provider, eq(provider.id, exchanges.providerInitiativeId))
    .innerJoin(receiver, eq(receiver.id, exchanges.receiverInitiativeId))
    .where(and(eq(exchanges.centreId, centreId), eq(exchanges.state, 'completed')))
    .orderBy(asc(exchanges.updatedAt))
    .limit(500)
  if (!rows.length) return []
  const acts = await actsOn(db, rows)
  const members = await membersOf(db, [...new Set(rows.map((r) => r.receiverInitiativeId))], { activeOnly: true })
  const theirs = await ownInitiativesOf(db, actor, centreId)
  const waiting = []
  for (const row of rows) {
    const people = acts.get(row.id)
    let reason: 'cap' | 'oneSide' | null = row.approvalRequestedAt ? 'cap' : null
    if (!reason) {
      const eligible = members.some(
        (m) => m.initiativeId === row.receiverInitiativeId && narrowRoles(['receiver'], [...(people?.get(m.userId) ?? [])]).includes('receiver'),
      )
      if (!eligible) reason = 'oneSide'
    }
    if (!reason) continue
    const mine = [...(people?.get(actor.id) ?? [])]
    const own = theirs.has(row.providerInitiativeId) || theirs.has(row.receiverInitiativeId)
    waiting.push({ ...row, reason, own, mayAct: !own && narrowRoles(['manager'], mine).includes('manager') })
  }
  return waiting
}
