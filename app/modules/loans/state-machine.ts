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

/** Steps that change the loan's state. `repaid` is reached when a confirmed repayment clears the rest. */
export const LOAN_TRANSITIONS = {
  approve: { from: 'requested', to: 'approved', by: 'lender' },
  decline: { from: 'requested', to: 'declined', by: 'lender' },
  withdraw: { from: 'requested', to: 'declined', by: 'borrower' },
  disburse: { from: 'approved', to: 'disbursed', by: 'lender' },
  complete: { from: 'disbursed', to: 'repaid', by: 'lender' },
  write_off: { from: 'disbursed', to: 'written_off', by: 'manager' },
} as const satisfies Record<string, { from: LoanState; to: LoanState; by: LoanRole }>
export type LoanTransition = keyof typeof LOAN_TRANSITIONS

/** Acts on a loan that do not change its state (but need it to be in one). */
export const LOAN_ACTS = {
  log_repayment: { in: 'disbursed', by: 'borrower' },
  confirm_repayment: { in: 'disbursed', by: 'lender' },
  reject_repayment: { in: 'disbursed', by: 'lender' },
  pledge: { in: ['requested', 'approved', 'disbursed'], by: 'guarantor' },
} as const
export type LoanAct = keyof typeof LOAN_ACTS

export function canTransition(state: LoanState, transition: LoanTransition, roles: ReadonlySet<LoanRole>) {
  const step = LOAN_TRANSITIONS[transition]
  return step.from === state && roles.has(step.by)
}

export function nextState(state: LoanState, transition: LoanTransition, roles: ReadonlySet<LoanRole>): LoanState | null {
  return canTransition(state, transition, roles) ? LOAN_TRANSITIONS[transition].to : null
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
export function availableTransitions(state: LoanState, roles: ReadonlySet<LoanRole>): LoanTransition[] {
  return (Object.keys(LOAN_TRANSITIONS) as LoanTransition[]).filter(
    (t) => t !== 'complete' && canTransition(state, t, roles),
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
 * Whoever acted for the borrower (asked for the loan, logged a repayment, …) never acts for the
 * lender — not for a lending initiative, not as the fund's manager, and not as the manager who
 * writes the loan off; whoever acted for the lender never acts for the borrower. A write-off only
 * costs the lender, so a manager who acted for the lender (the fund's manager who approved) may
 * still write it off. Pledging as a guarantor fixes no side.
 */
export function narrowLoanRoles(roles: ReadonlySet<LoanRole>, actedAs: readonly string[]): Set<LoanRole> {
  const narrowed = new Set(roles)
  if (actedAs.includes('borrower')) {
    narrowed.delete('lender')
    narrowed.delete('manager')
  }
  if (actedAs.includes('lender') || actedAs.includes('manager')) narrowed.delete('borrower')
  return narrowed
}
