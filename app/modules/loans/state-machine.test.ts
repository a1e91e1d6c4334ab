import { describe, expect, it } from 'vitest'
import {
  availableTransitions,
  canDecideRepayment,
  canLogRepayment,
  canTransition,
  isAllowedEdge,
  LOAN_STATES,
  LOAN_TRANSITIONS,
  type LoanRole,
  type LoanState,
  type LoanTransition,
  capacityOfStep,
  mayPledgeAfter,
  narrowLoanRoles,
  nextState,
} from './state-machine'

const as = (...roles: LoanRole[]) => new Set(roles)
const everyone = as('borrower', 'lender', 'manager')

describe('loan state machine', () => {
  it('allows exactly the edges of the spec', () => {
    const allowed: [LoanState, LoanState][] = [
      ['requested', 'approved'],
      ['requested', 'declined'],
      ['approved', 'disbursed'],
      ['disbursed', 'repaid'],
      ['disbursed', 'written_off'],
    ]
    for (const from of LOAN_STATES) {
      for (const to of LOAN_STATES) {
        const expected = allowed.some(([f, t]) => f === from && t === to)
        expect(isAllowedEdge(from, to), `${from} → ${to}`).toBe(expected)
      }
    }
  })

  it('lets the lender approve, decline and disburse, and nobody else', () => {
    expect(nextState('requested', 'approve', as('lender'))).toBe('approved')
    expect(nextState('requested', 'decline', as('lender'))).toBe('declined')
    expect(nextState('approved', 'disburse', as('lender'))).toBe('disbursed')
    for (const role of ['borrower', 'manager'] as const) {
      expect(canTransition('requested', 'approve', as(role))).toBe(false)
      expect(canTransition('approved', 'disburse', as(role))).toBe(false)
    }
    expect(canTransition('requested', 'decline', as('manager'))).toBe(false)
  })

  it('lets the borrower withdraw a request, but not approve it', () => {
    expect(nextState('requested', 'withdraw', as('borrower'))).toBe('declined')
    expect(canTransition('approved', 'withdraw', as('borrower'))).toBe(false)
    expect(canTransition('requested', 'approve', as('borrower'))).toBe(false)
  })

  it('lets only a manager write off, and only a disbursed loan', () => {
    expect(nextState('disbursed', 'write_off', as('manager'))).toBe('written_off')
    expect(canTransition('disbursed', 'write_off', as('lender'))).toBe(false)
    expect(canTransition('disbursed', 'write_off', as('borrower'))).toBe(false)
    for (const state of ['requested', 'approved', 'declined', 'repaid', 'written_off'] as const) {
      expect(canTransition(state, 'write_off', everyone), state).toBe(false)
    }
  })

  it('refuses every step from the final states', () => {
    for (const state of ['declined', 'repaid', 'written_off'] as const) {
      for (const transition of Object.keys(LOAN_TRANSITIONS) as LoanTransition[]) {
        expect(canTransition(state, transition, everyone), `${state}: ${transition}`).toBe(false)
      }
      expect(availableTransitions(state, everyone)).toEqual([])
    }
  })

  it('refuses skipping a step: no disbursing a request, no repaying an approved loan', () => {
    expect(canTransition('requested', 'disburse', everyone)).toBe(false)
    expect(canTransition('approved', 'complete', everyone)).toBe(false)
    expect(canTransition('approved', 'approve', everyone)).toBe(false)
  })

  it('lets the borrower log repayments, and only the lender confirm them', () => {
    expect(canLogRepayment('disbursed', as('borrower'))).toBe(true)
    expect(canLogRepayment('disbursed', as('lender'))).toBe(false)
    expect(canLogRepayment('approved', as('borrower'))).toBe(false)
    expect(canDecideRepayment('disbursed', as('lender'))).toBe(true)
    expect(canDecideRepayment('disbursed', as('borrower'))).toBe(false)
    expect(canDecideRepayment('disbursed', as('manager'))).toBe(false)
    expect(canDecideRepayment('disbursed', as('borrower', 'manager'))).toBe(false)
    expect(canDecideRepayment('repaid', as('lender'))).toBe(false)
  })

  it('offers each role its own next steps', () => {
    expect(availableTransitions('requested', as('lender'))).toEqual(['approve', 'decline'])
    expect(availableTransitions('requested', as('borrower'))).toEqual(['withdraw'])
    expect(availableTransitions('disbursed', as('manager'))).toEqual(['write_off'])
    expect(availableTransitions('disbursed', as('lender'))).toEqual([])
  })
})

describe('one person, one side of a loan (ADR 058)', () => {
  it('keeps whoever acted for the borrower off the lender and the manager, and whoever acted for the lender off the borrower', () => {
    const all = new Set(['borrower', 'lender', 'manager'] as const)
    expect([...narrowLoanRoles(all, [])].sort()).toEqual(['borrower', 'lender', 'manager'])
    expect([...narrowLoanRoles(all, ['borrower'])]).toEqual(['borrower'])
    expect([...narrowLoanRoles(all, ['lender'])].sort()).toEqual(['lender', 'manager'])
    expect([...narrowLoanRoles(all, ['manager'])].sort()).toEqual(['lender', 'manager'])
    // A guarantor stands beside both sides (addendum): neither borrower nor lender afterwards.
    expect([...narrowLoanRoles(all, ['guarantor'])].sort()).toEqual(['manager'])
    expect(canTransition('requested', 'approve', narrowLoanRoles(all, ['borrower']))).toBe(false)
    expect(canDecideRepayment('disbursed', narrowLoanRoles(all, ['borrower']))).toBe(false)
    expect(canLogRepayment('disbursed', narrowLoanRoles(all, ['lender']))).toBe(false)
    expect(canTransition('disbursed', 'write_off', narrowLoanRoles(all, ['borrower']))).toBe(false)
  })
})

describe('an offer is accepted by the borrower (ADR 058, addendum)', () => {
  it('keeps the edges: an offer is `requested`, accepting it is the `approve` edge', () => {
    expect(nextState('requested', 'approve', as('borrower'), 'offer')).toBe('approved')
    expect(nextState('requested', 'decline', as('borrower'), 'offer')).toBe('declined')
    expect(nextState('requested', 'withdraw', as('lender'), 'offer')).toBe('declined')
  })

  it('lets the lender neither approve nor decline its own offer, only withdraw it; and disburse once accepted', () => {
    expect(canTransition('requested', 'approve', as('lender'), 'offer')).toBe(false)
    expect(canTransition('requested', 'decline', as('lender'), 'offer')).toBe(false)
    expect(canTransition('requested', 'withdraw', as('borrower'), 'offer')).toBe(false)
    expect(canTransition('requested', 'approve', as('manager'), 'offer')).toBe(false)
    expect(canTransition('requested', 'disburse', as('lender'), 'offer')).toBe(false)
    expect(canTransition('approved', 'disburse', as('lender'), 'offer')).toBe(true)
    expect(canTransition('approved', 'disburse', as('borrower'), 'offer')).toBe(false)
    expect(availableTransitions('requested', as('lender'), 'offer')).toEqual(['withdraw'])
    expect(availableTransitions('requested', as('borrower'), 'offer')).toEqual(['approve', 'decline'])
  })

  it('records each deciding step in the capacity of the side that takes it', () => {
    expect(capacityOfStep('approve', 'request')).toBe('lender')
    expect(capacityOfStep('approve', 'offer')).toBe('borrower')
    expect(capacityOfStep('withdraw', 'offer')).toBe('lender')
    expect(capacityOfStep('decline', 'offer')).toBe('borrower')
  })

  it('keeps someone in both initiatives who offered from accepting: the lender side alone never reaches disbursement', () => {
    const both = new Set(['borrower', 'lender'] as const)
    const afterOffering = narrowLoanRoles(both, ['lender'])
    expect(canTransition('requested', 'approve', afterOffering, 'offer')).toBe(false)
    expect(availableTransitions('requested', afterOffering, 'offer')).toEqual(['withdraw'])
  })

  it('lets no one who acted for the borrower or the lender pledge a guarantee', () => {
    expect(mayPledgeAfter([])).toBe(true)
    expect(mayPledgeAfter(['guarantor'])).toBe(true)
    expect(mayPledgeAfter(['borrower'])).toBe(false)
    expect(mayPledgeAfter(['lender'])).toBe(false)
  })
})
