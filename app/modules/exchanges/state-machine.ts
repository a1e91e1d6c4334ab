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

export interface Transition {
  action: ExchangeAction
  from: ExchangeState
  to: ExchangeState
  who: Who
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
  { action: 'confirm', from: 'completed', to: 'confirmed', who: 'receiver', writesLedger: true },
  { action: 'dispute', from: 'completed', to: 'disputed', who: 'receiver', needsReason: true },
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

export type CheckResult =
  | { ok: true; transition: Transition }
  | { ok: false; error: 'notFromThisState' | 'notYourStep' | 'alreadyConfirmed' | 'alreadyDone' }

/** May someone with these roles take this action on an exchange in this state? */
export function checkTransition(
  state: ExchangeState,
  action: ExchangeAction,
  roles: readonly Role[],
  proposerSide: Side,
): CheckResult {
  const transition = transitionFor(action)
  if (transition.from !== state) {
    if (state === 'confirmed' && transition.to === 'confirmed') return { ok: false, error: 'alreadyConfirmed' }
    if (state === transition.to) return { ok: false, error: 'alreadyDone' }
    return { ok: false, error: 'notFromThisState' }
  }
  if (!mayAct(transition.who, roles, proposerSide)) return { ok: false, error: 'notYourStep' }
  return { ok: true, transition }
}

/** The actions a viewer may take now (for the buttons on the exchange page). */
export function allowedActions(state: ExchangeState, roles: readonly Role[], proposerSide: Side): ExchangeAction[] {
  return TRANSITIONS.filter((t) => t.from === state && mayAct(t.who, roles, proposerSide)).map((t) => t.action)
}

/** Is the next step the viewer's (not counting withdraw/cancel, which are always possible)? */
export function isWaitingFor(state: ExchangeState, roles: readonly Role[], proposerSide: Side): boolean {
  return allowedActions(state, roles, proposerSide).some((a) => a !== 'withdraw' && a !== 'cancel')
}
