/**
 * The life of a loan and who may move it. `overdue` is not a stored state: a disbursed loan with
 * an instalment unpaid after its due day is shown as overdue (docs/decisions/041-loan-overdue-derived.md).
 *
 * Roles are the viewer's relations to one loan: `borrower` — a member of the borrowing
 * initiative; `lender` — a member of the lending initiative, or, for a loan from the solidarity
 * fund, a manager of the centre; `manager` — a manager of the centre.
 */

export const LOAN_STATES = ['requested', 'approved', 'declined', 'disbursed', 'repaid', 'written_off'] as const
export type LoanState = (typeof LOAN_STATES)[number]

export const LOAN_ROLES = ['borrower', 'lender', 'manager'] as const
export type LoanRole = (typeof LOAN_ROLES)[number]

/**
 * How a loan began: a `request` — the borrower asked (a lender's offer, or the fund); or an
 * `offer` — a lender answered the borrower's need. The side that did not propose decides:
 * on a request the lender approves or declines, on an offer the borrower accepts (the same
 * `approve` edge) or declines; the proposing side may withdraw. So money never moves on one
 * side's word alone (ADR 058, addendum).
 */
export const LOAN_PROPOSALS = ['request', 'offer'] as const
export type LoanProposal = (typeof LOAN_PROPOSALS)[number]

const decider = { request: 'lender', offer: 'borrower' } as const
const proposer = { request: 'borrower', offer: 'lender' } as const
const always = <R extends LoanRole>(role: R) => ({ request: role, offer: role }) as const

/** Steps that change the loan's state, and who takes each on a request and on an offer. `repaid` is reached when a confirmed repayment clears the rest. */
export const LOAN_TRANSITIONS = {
  approve: { from: 'requested', to: 'approved', by: decider },
  decline: { from: 'requested', to: 'declined', by: decider },
  withdraw: { from: 'requested', to: 'declined', by: proposer },
  disburse: { from: 'approved', to: 'disbursed', by: always('lender') },
  complete: { from: 'disbursed', to: 'repaid', by: always('lender') },
  write_off: { from: 'disbursed', to: 'written_off', by: always('manager') },
} as const satisfies Record<string, { from: LoanState; to: LoanState; by: Record<LoanProposal, LoanRole> }>
export type LoanTransition = keyof typeof LOAN_TRANSITIONS

/** The side that proposed a loan, and so the side whose first act it was. */
export const proposingSide = (proposal: LoanProposal): 'borrower' | 'lender' => proposer[proposal]

/** Acts on a loan that do not change its state (but need it to be in one). */
export const LOAN_ACTS = {
  log_repayment: { in: 'disbursed', by: 'borrower' },
  confirm_repayment: { in: 'disbursed', by: 'lender' },
  reject_repayment: { in: 'disbursed', by: 'lender' },
  pledge: { in: ['requested', 'approved', 'disbursed'], by: 'guarantor' },
} as const
export type LoanAct = keyof typeof LOAN_ACTS

export function canTransition(state: LoanState, transition: LoanTransition, roles: ReadonlySet<LoanRole>, proposal: LoanProposal = 'request') {
  const step = LOAN_TRANSITIONS[transition]
  return step.from === state && roles.has(step.by[proposal])
}

export function nextState(state: LoanState, transition: LoanTransition, roles: ReadonlySet<LoanRole>, proposal: LoanProposal = 'request'): LoanState | null {
  return canTransition(state, transition, roles, proposal) ? LOAN_TRANSITIONS[transition].to : null
}

/** The capacity a person acts in when taking a step (the role the table names for it). */
export function capacityOfStep(transition: LoanTransition, proposal: LoanProposal): LoanRole {
  return LOAN_TRANSITIONS[transition].by[proposal]
}

export function canLogRepayment(state: LoanState, roles: ReadonlySet<LoanRole>) {
  return state === LOAN_ACTS.log_repayment.in && roles.has(LOAN_ACTS.log_repayment.by)
}

/** Only the lender confirms or rejects a repayment: the borrower's word alone moves no money. */
export function canDecideRepayment(state: LoanState, roles: ReadonlySet<LoanRole>) {
  return state === LOAN_ACTS.confirm_repayment.in && roles.has('lender')
}

/** Any state may be reached only through these edges; everything else is refused. */
export function isAllowedEdge(from: LoanState, to: LoanState) {
  return Object.values(LOAN_TRANSITIONS).some((step) => step.from === from && step.to === to)
}

/** The state changes this viewer may make now, for showing the right forms. */
export function availableTransitions(state: LoanState, roles: ReadonlySet<LoanRole>, proposal: LoanProposal = 'request'): LoanTransition[] {
  return (Object.keys(LOAN_TRANSITIONS) as LoanTransition[]).filter(
    (t) => t !== 'complete' && canTransition(state, t, roles, proposal),
  )
}

// ————— one person, one side (ADR 058) —————

/** The capacity a person acts in with each recorded act on a loan (`requested` depends on who asked). */
export const LOAN_EVENT_CAPACITY: Record<string, LoanRole | 'guarantor' | null> = {
  requested: null,
  approved: 'lender',
  declined: 'lender',
  disbursed: 'lender',
  repayment_confirmed: 'lender',
  repayment_rejected: 'lender',
  repaid: 'lender',
  withdrawn: 'borrower',
  repayment_logged: 'borrower',
  guarantee_asked: 'borrower',
  written_off: 'manager',
  guarantee_pledged: 'guarantor',
}

/**
 * The roles a person may still act with on one loan, given the capacities they already acted in.
 * Whoever acted for the borrower (asked for the loan, accepted an offer, logged a repayment, …)
 * never acts for the lender — not for a lending initiative, not as the fund's manager, and not as
 * the manager who writes the loan off; whoever acted for the lender never acts for the borrower.
 * A write-off only costs the lender, so a manager who acted for the lender (the fund's manager
 * who approved) may still write it off. Whoever pledged a guarantee stands beside the two sides:
 * they act for neither afterwards (a write-off, which may call their pledge in, stays open to them
 * as a manager).
 */
export function narrowLoanRoles(roles: ReadonlySet<LoanRole>, actedAs: readonly string[]): Set<LoanRole> {
  const narrowed = new Set(roles)
  if (actedAs.includes('borrower')) {
    narrowed.delete('lender')
    narrowed.delete('manager')
  }
  if (actedAs.includes('lender') || actedAs.includes('manager')) narrowed.delete('borrower')
  if (actedAs.includes('guarantor')) {
    narrowed.delete('borrower')
    narrowed.delete('lender')
  }
  return narrowed
}

/**
 * A guarantee is a third initiative's promise to the lender for the borrower: whoever acted for
 * the borrower or the lender on this loan does not also give it (ADR 058, addendum).
 */
export function mayPledgeAfter(actedAs: readonly string[]): boolean {
  return !actedAs.includes('borrower') && !actedAs.includes('lender')
}
