/**
 * The one table of an exchange's allowed steps and who may take each. Pure: shared with the
 * browser (to show the buttons a viewer may press) and with the server (which decides).
 * Spec: PRODUCT.md §2 "exchange". Every edge not listed here is refused.
 */
export const EXCHANGE_STATES = [
  'proposed',
  'accepted',
  'declined',
  'withdrawn',
  'completed',
  'confirmed',
  'disputed',
  'cancelled',
] as const
export type ExchangeState = (typeof EXCHANGE_STATES)[number]

export const EXCHANGE_ACTIONS = [
  'accept',
  'decline',
  'withdraw',
  'complete',
  'confirm',
  'dispute',
  'resolveConfirm',
  'resolveCancel',
  'cancel',
  'approve',
  'reject',
] as const
export type ExchangeAction = (typeof EXCHANGE_ACTIONS)[number]

export type Side = 'provider' | 'receiver'
/** What a person is to one exchange: a member of its provider or receiver initiative, a manager of its centre. */
export type Role = Side | 'manager'

/**
 * Who may take a step: `counterpart` is the side that did NOT propose, `proposer` the side
 * that did, `provider`/`receiver` that side, `eitherSide` any member of the two, `manager` a
 * manager of the exchange's centre.
 */
export type Who = 'counterpart' | 'proposer' | 'provider' | 'receiver' | 'eitherSide' | 'manager'

/**
 * What else must hold for a step, beyond the state and the role (ADR 058):
 * - `open`: the receiver has not yet confirmed figures above the centre's cap (else it waits for a manager);
 * - `awaitingApproval`: the receiver HAS confirmed figures above the cap;
 * - `approvable`: awaiting approval, or the receiver's side has no one left who may confirm (every
 *   active member of it acted for the provider on this exchange), so a manager settles.
 */
export type Condition = 'open' | 'awaitingApproval' | 'approvable'

/** The facts about one exchange that the conditions read (computed by the server). */
export interface Circumstances {
  awaitingApproval?: boolean
  receiverBlocked?: boolean
}

export interface Transition {
  action: ExchangeAction
  from: ExchangeState
  to: ExchangeState
  who: Who
  when?: Condition
  /**
   * Above the centre's cap (hours or €) this step does not reach `to`: it records the
   * confirmation, writes nothing to the ledger and leaves the exchange awaiting a manager's approval.
   */
  capped?: boolean
  /** a reason is mandatory (kept on the exchange and in its history) */
  needsReason?: boolean
  /** the actual hours/value are given (complete) or may be adjusted (manager's confirm) */
  takesFigures?: 'required' | 'optional'
  /** this step writes the exchange to the ledger */
  writesLedger?: boolean
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'accept', from: 'proposed', to: 'accepted', who: 'counterpart' },
  { action: 'decline', from: 'proposed', to: 'declined', who: 'counterpart' },
  { action: 'withdraw', from: 'proposed', to: 'withdrawn', who: 'proposer' },
  { action: 'complete', from: 'accepted', to: 'completed', who: 'provider', takesFigures: 'required' },
  { action: 'cancel', from: 'accepted', to: 'cancelled', who: 'eitherSide', needsReason: true },
  { action: 'confirm', from: 'completed', to: 'confirmed', who: 'receiver', when: 'open', capped: true, writesLedger: true },
  { action: 'dispute', from: 'completed', to: 'disputed', who: 'receiver', when: 'open', needsReason: true },
  {
    action: 'approve',
    from: 'completed',
    to: 'confirmed',
    who: 'manager',
    when: 'approvable',
    takesFigures: 'optional',
    writesLedger: true,
  },
  { action: 'reject', from: 'completed', to: 'cancelled', who: 'manager', when: 'awaitingApproval', needsReason: true },
  {
    action: 'resolveConfirm',
    from: 'disputed',
    to: 'confirmed',
    who: 'manager',
    needsReason: true,
    takesFigures: 'optional',
    writesLedger: true,
  },
  { action: 'resolveCancel', from: 'disputed', to: 'cancelled', who: 'manager', needsReason: true },
]

/** States from which nothing follows. */
export const FINAL_STATES: readonly ExchangeState[] = ['declined', 'withdrawn', 'confirmed', 'cancelled']

export function transitionFor(action: ExchangeAction): Transition {
  return TRANSITIONS.find((t) => t.action === action)!
}

export function mayAct(who: Who, roles: readonly Role[], proposerSide: Side): boolean {
  switch (who) {
    case 'manager':
      return roles.includes('manager')
    case 'provider':
    case 'receiver':
      return roles.includes(who)
    case 'eitherSide':
      return roles.includes('provider') || roles.includes('receiver')
    case 'proposer':
      return roles.includes(proposerSide)
    case 'counterpart':
      return roles.includes(proposerSide === 'provider' ? 'receiver' : 'provider')
  }
}

export function holds(condition: Condition | undefined, circumstances: Circumstances = {}): boolean {
  switch (condition) {
    case undefined:
      return true
    case 'open':
      return !circumstances.awaitingApproval
    case 'awaitingApproval':
      return Boolean(circumstances.awaitingApproval)
    case 'approvable':
      return Boolean(circumstances.awaitingApproval || circumstances.receiverBlocked)
  }
}

export type CheckError = 'notFromThisState' | 'notYourStep' | 'alreadyConfirmed' | 'alreadyDone' | 'awaitingApproval'
export type CheckResult = { ok: true; transition: Transition } | { ok: false; error: CheckError }

/** May someone with these roles take this action on an exchange in this state (and these circumstances)? */
export function checkTransition(
  state: ExchangeState,
  action: ExchangeAction,
  roles: readonly Role[],
  proposerSide: Side,
  circumstances: Circumstances = {},
): CheckResult {
  const transition = transitionFor(action)
  if (transition.from !== state) {
    if (state === 'confirmed' && transition.to === 'confirmed') return { ok: false, error: 'alreadyConfirmed' }
    if (state === transition.to) return { ok: false, error: 'alreadyDone' }
    return { ok: false, error: 'notFromThisState' }
  }
  if (!mayAct(transition.who, roles, proposerSide)) return { ok: false, error: 'notYourStep' }
  if (!holds(transition.when, circumstances)) {
    return { ok: false, error: transition.when === 'open' ? 'awaitingApproval' : 'notYourStep' }
  }
  return { ok: true, transition }
}

/** The actions a viewer may take now (for the buttons on the exchange page). */
export function allowedActions(
  state: ExchangeState,
  roles: readonly Role[],
  proposerSide: Side,
  circumstances: Circumstances = {},
): ExchangeAction[] {
  return TRANSITIONS.filter((t) => t.from === state && mayAct(t.who, roles, proposerSide) && holds(t.when, circumstances)).map(
    (t) => t.action,
  )
}

/** Is the next step the viewer's (not counting withdraw/cancel, which are always possible)? */
export function isWaitingFor(
  state: ExchangeState,
  roles: readonly Role[],
  proposerSide: Side,
  circumstances: Circumstances = {},
): boolean {
  return allowedActions(state, roles, proposerSide, circumstances).some((a) => a !== 'withdraw' && a !== 'cancel')
}

/** Are these figures above the centre's cap (either of them)? */
export function isOverCap(
  figures: { minutes: number | null; valueCents: number | null },
  cap: { minutes: number; cents: number },
): boolean {
  return (figures.minutes ?? 0) > cap.minutes || (figures.valueCents ?? 0) > cap.cents
}

/** Where a step leads, given whether the exchange's figures are above the centre's cap. */
export function outcomeOf(transition: Transition, overCap: boolean): { to: ExchangeState; writesLedger: boolean; awaitsApproval: boolean } {
  if (transition.capped && overCap) return { to: transition.from, writesLedger: false, awaitsApproval: true }
  return { to: transition.to, writesLedger: Boolean(transition.writesLedger), awaitsApproval: false }
}

// ————— one person, one side (ADR 058) —————

const isSide = (role: Role): role is Side => role === 'provider' || role === 'receiver'

/**
 * The roles a person may still act with on one exchange, given the capacities they already acted
 * in (proposing, logging, any step, a message for a side). Whoever acted for a side acts for that
 * side only — not for the other, and not as the settling manager either; whoever acted as a
 * manager acts only as a manager. Someone who has not acted keeps every role they hold.
 */
export function narrowRoles(roles: readonly Role[], actedAs: readonly Role[]): Role[] {
  const sides = actedAs.filter(isSide)
  if (sides.length) return roles.filter((r) => sides.includes(r as Side))
  if (actedAs.includes('manager')) return roles.filter((r) => r === 'manager')
  return [...roles]
}

/** The capacity in which someone with these roles takes this step (recorded on the step's event). */
export function capacityFor(transition: Transition, roles: readonly Role[], proposerSide: Side): Role {
  switch (transition.who) {
    case 'manager':
      return 'manager'
    case 'provider':
    case 'receiver':
      return transition.who
    case 'proposer':
      return proposerSide
    case 'counterpart':
      return proposerSide === 'provider' ? 'receiver' : 'provider'
    case 'eitherSide':
      return roles.find(isSide) ?? 'provider'
  }
}

/**
 * The capacity of a step recorded before ADR 058 (no `acted_as`): read back from the edge, where the
 * edge says it. Cancelling (either side) and the receiver's confirmation vs a manager's approval
 * cannot be told apart; those are final anyway.
 */
export function capacityOfEdge(from: ExchangeState | null, to: ExchangeState, proposerSide: Side): Role | null {
  if (from === null) return proposerSide
  const edges = TRANSITIONS.filter((t) => t.from === from && t.to === to)
  if (edges.length !== 1) return null
  const edge = edges[0]!
  return edge.who === 'eitherSide' ? null : capacityFor(edge, [], proposerSide)
}
