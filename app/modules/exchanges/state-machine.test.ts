import { describe, expect, it } from 'vitest'
import { MAX_EXCHANGE_CENTS as DB_MAX_CENTS, MAX_EXCHANGE_MINUTES as DB_MAX_MINUTES } from '#db/schema/exchanges'
import { MAX_EXCHANGE_CENTS, MAX_EXCHANGE_MINUTES } from './limits'
import {
  allowedActions,
  capacityFor,
  capacityOfEdge,
  checkTransition,
  type Circumstances,
  EXCHANGE_ACTIONS,
  EXCHANGE_STATES,
  type ExchangeState,
  FINAL_STATES,
  isOverCap,
  isWaitingFor,
  narrowRoles,
  outcomeOf,
  type Role,
  type Side,
  TRANSITIONS,
} from './state-machine'

type Who = 'other side than the proposer' | 'proposer' | 'provider' | 'receiver' | 'either side' | 'manager'
/** When: `always`; `not awaiting` a manager's approval; `awaiting` it; `awaiting or blocked` (no one left on the receiver's side). */
type When = 'always' | 'not awaiting' | 'awaiting' | 'awaiting or blocked'

/**
 * The spec's edges (PRODUCT.md §2, issue 4 and issue 13 §1), written out independently of the
 * table: from → to : who may take the step, and when. Anything else must be refused.
 */
const SPEC: Record<string, [Who, When][]> = {
  'proposed→accepted': [['other side than the proposer', 'always']],
  'proposed→declined': [['other side than the proposer', 'always']],
  'proposed→withdrawn': [['proposer', 'always']],
  'accepted→completed': [['provider', 'always']],
  'accepted→cancelled': [['either side', 'always']],
  'completed→confirmed': [
    ['receiver', 'not awaiting'],
    ['manager', 'awaiting or blocked'],
  ],
  'completed→disputed': [['receiver', 'not awaiting']],
  'completed→cancelled': [['manager', 'awaiting']],
  'disputed→confirmed': [['manager', 'always']],
  'disputed→cancelled': [['manager', 'always']],
}

const CIRCUMSTANCES: Circumstances[] = [
  {},
  { awaitingApproval: true },
  { receiverBlocked: true },
  { awaitingApproval: true, receiverBlocked: true },
]

function whenHolds(when: When, c: Circumstances) {
  if (when === 'always') return true
  if (when === 'not awaiting') return !c.awaitingApproval
  if (when === 'awaiting') return Boolean(c.awaitingApproval)
  return Boolean(c.awaitingApproval || c.receiverBlocked)
}

const ROLE_SETS: Role[][] = [[], ['provider'], ['receiver'], ['manager'], ['provider', 'receiver'], ['provider', 'manager'], ['receiver', 'manager'], ['provider', 'receiver', 'manager']]
const SIDES: Side[] = ['provider', 'receiver']

function whoMay(who: Who, roles: Role[], proposer: Side) {
  const other: Side = proposer === 'provider' ? 'receiver' : 'provider'
  switch (who) {
    case 'other side than the proposer':
      return roles.includes(other)
    case 'proposer':
      return roles.includes(proposer)
    case 'either side':
      return roles.includes('provider') || roles.includes('receiver')
    default:
      return roles.includes(who)
  }
}

/** The table's name of who acts, in the spec's words. */
const specWho = (who: string) => (({ counterpart: 'other side than the proposer', eitherSide: 'either side' }) as Record<string, Who>)[who] ?? (who as Who)

/** May these roles take the step from → to that the table gives to `who` (the table's edge under test)? */
function expectedAllowed(from: ExchangeState, to: ExchangeState, who: string, roles: Role[], proposer: Side, c: Circumstances = {}) {
  const rules = (SPEC[`${from}→${to}`] ?? []).filter(([w]) => w === specWho(who))
  return rules.some(([w, when]) => whoMay(w, roles, proposer) && whenHolds(when, c))
}

describe('the exchange state machine', () => {
  it('has exactly the edges of the spec, each with one action', () => {
    const edges = TRANSITIONS.map((t) => `${t.from}→${t.to}`)
    expect([...new Set(edges)].sort()).toEqual(Object.keys(SPEC).sort())
    expect(TRANSITIONS.length).toBe(Object.values(SPEC).flat().length)
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...EXCHANGE_ACTIONS].sort())
  })

  it('decides every state × action × set of roles × proposer side as the spec says', () => {
    let cases = 0
    for (const state of EXCHANGE_STATES) {
      for (const action of EXCHANGE_ACTIONS) {
        const edge = TRANSITIONS.find((t) => t.action === action)!
        for (const roles of ROLE_SETS) {
          for (const proposer of SIDES) {
            for (const c of CIRCUMSTANCES) {
              cases++
              const result = checkTransition(state, action, roles, proposer, c)
              const allowed = edge.from === state && expectedAllowed(state, edge.to, edge.who, roles, proposer, c)
              expect(result.ok, `${action} from ${state} by [${roles}] (proposer ${proposer}, ${JSON.stringify(c)})`).toBe(allowed)
              if (result.ok) expect(result.transition.to).toBe(edge.to)
              else if (edge.from !== state) {
                expect(result.error).toBe(
                  state === 'confirmed' && edge.to === 'confirmed' ? 'alreadyConfirmed' : state === edge.to ? 'alreadyDone' : 'notFromThisState',
                )
              } else if (whoMay(specWho(edge.who), roles, proposer)) {
                // the right person at the wrong moment: the receiver while a manager's approval is awaited
                expect(result.error).toBe(c.awaitingApproval && edge.who === 'receiver' ? 'awaitingApproval' : 'notYourStep')
              } else expect(result.error).toBe('notYourStep')
            }
          }
        }
      }
    }
    expect(cases).toBe(8 * 11 * 8 * 2 * 4)
  })

  it('refuses every pair of states that is not an edge, whoever asks', () => {
    for (const from of EXCHANGE_STATES) {
      for (const to of EXCHANGE_STATES) {
        const reachable = ROLE_SETS.some((roles) =>
          SIDES.some((p) =>
            CIRCUMSTANCES.some((c) => allowedActions(from, roles, p, c).some((a) => TRANSITIONS.find((t) => t.action === a)!.to === to)),
          ),
        )
        expect(reachable, `${from}→${to}`).toBe(Boolean(SPEC[`${from}→${to}`]))
      }
    }
  })

  it('lets nothing happen after a final state', () => {
    for (const state of FINAL_STATES) {
      for (const c of CIRCUMSTANCES) expect(allowedActions(state, ['provider', 'receiver', 'manager'], 'provider', c)).toEqual([])
    }
  })

  it('names the usual refusals', () => {
    expect(checkTransition('accepted', 'complete', ['receiver'], 'receiver')).toEqual({ ok: false, error: 'notYourStep' })
    expect(checkTransition('completed', 'confirm', ['provider'], 'receiver')).toEqual({ ok: false, error: 'notYourStep' })
    expect(checkTransition('confirmed', 'confirm', ['receiver'], 'receiver')).toEqual({ ok: false, error: 'alreadyConfirmed' })
    expect(checkTransition('confirmed', 'resolveConfirm', ['manager'], 'receiver')).toEqual({ ok: false, error: 'alreadyConfirmed' })
    expect(checkTransition('accepted', 'accept', ['provider'], 'receiver')).toEqual({ ok: false, error: 'alreadyDone' })
    expect(checkTransition('proposed', 'confirm', ['receiver'], 'receiver')).toEqual({ ok: false, error: 'notFromThisState' })
  })

  it('knows whose turn it is', () => {
    expect(isWaitingFor('proposed', ['provider'], 'receiver')).toBe(true)
    expect(isWaitingFor('proposed', ['receiver'], 'receiver')).toBe(false) // may only withdraw
    expect(isWaitingFor('accepted', ['provider'], 'receiver')).toBe(true)
    expect(isWaitingFor('accepted', ['receiver'], 'receiver')).toBe(false) // may only cancel
    expect(isWaitingFor('completed', ['receiver'], 'provider')).toBe(true)
    expect(isWaitingFor('disputed', ['manager'], 'provider')).toBe(true)
    expect(isWaitingFor('confirmed', ['provider', 'receiver'], 'provider')).toBe(false)
  })

  it('waits for a manager once the receiver confirmed figures above the cap', () => {
    expect(checkTransition('completed', 'confirm', ['receiver'], 'provider', { awaitingApproval: true })).toEqual({ ok: false, error: 'awaitingApproval' })
    expect(isWaitingFor('completed', ['receiver'], 'provider', { awaitingApproval: true })).toBe(false)
    expect(isWaitingFor('completed', ['manager'], 'provider', { awaitingApproval: true })).toBe(true)
    expect(allowedActions('completed', ['manager'], 'provider', { awaitingApproval: true }).sort()).toEqual(['approve', 'reject'])
    expect(allowedActions('completed', ['manager'], 'provider', { receiverBlocked: true })).toEqual(['approve'])
    expect(allowedActions('completed', ['manager'], 'provider')).toEqual([])
  })

  it('sends a confirmation above the cap to the manager instead of the ledger', () => {
    const confirm = TRANSITIONS.find((t) => t.action === 'confirm')!
    expect(outcomeOf(confirm, false)).toEqual({ to: 'confirmed', writesLedger: true, awaitsApproval: false })
    expect(outcomeOf(confirm, true)).toEqual({ to: 'completed', writesLedger: false, awaitsApproval: true })
    // only the receiver's confirmation is capped: a manager's approval or settlement is the approval
    for (const t of TRANSITIONS.filter((t) => t.action !== 'confirm')) expect(outcomeOf(t, true).awaitsApproval).toBe(false)
    const cap = { minutes: 2400, cents: 200_000 }
    expect(isOverCap({ minutes: 2400, valueCents: 200_000 }, cap)).toBe(false)
    expect(isOverCap({ minutes: 2401, valueCents: null }, cap)).toBe(true)
    expect(isOverCap({ minutes: null, valueCents: 200_001 }, cap)).toBe(true)
    expect(isOverCap({ minutes: 60, valueCents: 500_000 }, cap)).toBe(true)
  })

  it('keeps a person to the side they first acted for (one person, one side)', () => {
    expect(narrowRoles(['provider', 'receiver'], [])).toEqual(['provider', 'receiver'])
    expect(narrowRoles(['provider', 'receiver'], ['provider'])).toEqual(['provider'])
    expect(narrowRoles(['provider', 'receiver', 'manager'], ['receiver'])).toEqual(['receiver'])
    expect(narrowRoles(['provider', 'manager'], ['manager'])).toEqual(['manager'])
    expect(narrowRoles(['manager'], ['provider'])).toEqual([])
    // a person on both sides who logged help (as provider) cannot confirm it
    const roles = narrowRoles(['provider', 'receiver'], ['provider'])
    expect(checkTransition('completed', 'confirm', roles, 'provider')).toEqual({ ok: false, error: 'notYourStep' })
    // nor accept what they proposed for the other side
    expect(checkTransition('proposed', 'accept', narrowRoles(['provider', 'receiver'], ['receiver']), 'receiver')).toEqual({
      ok: false,
      error: 'notYourStep',
    })
  })

  it('records the capacity of each step, and reads it back from old events where the edge tells', () => {
    const t = (a: string) => TRANSITIONS.find((x) => x.action === a)!
    expect(capacityFor(t('accept'), ['provider', 'receiver'], 'receiver')).toBe('provider')
    expect(capacityFor(t('withdraw'), ['provider', 'receiver'], 'receiver')).toBe('receiver')
    expect(capacityFor(t('confirm'), ['receiver'], 'provider')).toBe('receiver')
    expect(capacityFor(t('approve'), ['manager'], 'provider')).toBe('manager')
    expect(capacityFor(t('cancel'), ['receiver'], 'provider')).toBe('receiver')
    expect(capacityOfEdge(null, 'proposed', 'receiver')).toBe('receiver')
    expect(capacityOfEdge(null, 'completed', 'provider')).toBe('provider')
    expect(capacityOfEdge('proposed', 'accepted', 'receiver')).toBe('provider')
    expect(capacityOfEdge('accepted', 'completed', 'receiver')).toBe('provider')
    expect(capacityOfEdge('completed', 'disputed', 'provider')).toBe('receiver')
    expect(capacityOfEdge('completed', 'confirmed', 'provider')).toBeNull() // the receiver's, or a manager's approval
    expect(capacityOfEdge('accepted', 'cancelled', 'provider')).toBeNull()
  })

  it('uses the bounds the database checks', () => {
    expect(MAX_EXCHANGE_MINUTES).toBe(DB_MAX_MINUTES)
    expect(MAX_EXCHANGE_CENTS).toBe(DB_MAX_CENTS)
  })
})
