import { describe, expect, it } from 'vitest'
import { MAX_EXCHANGE_CENTS as DB_MAX_CENTS, MAX_EXCHANGE_MINUTES as DB_MAX_MINUTES } from '#db/schema/exchanges'
import { MAX_EXCHANGE_CENTS, MAX_EXCHANGE_MINUTES } from './limits'
import {
  allowedActions,
  checkTransition,
  EXCHANGE_ACTIONS,
  EXCHANGE_STATES,
  type ExchangeState,
  FINAL_STATES,
  isWaitingFor,
  type Role,
  type Side,
  TRANSITIONS,
} from './state-machine'

/**
 * The spec's edges (PRODUCT.md §2 and issue 4), written out independently of the table:
 * from → to : who may take the step. Anything else must be refused.
 */
const SPEC: Record<string, 'other side than the proposer' | 'proposer' | 'provider' | 'receiver' | 'either side' | 'manager'> = {
  'proposed→accepted': 'other side than the proposer',
  'proposed→declined': 'other side than the proposer',
  'proposed→withdrawn': 'proposer',
  'accepted→completed': 'provider',
  'accepted→cancelled': 'either side',
  'completed→confirmed': 'receiver',
  'completed→disputed': 'receiver',
  'disputed→confirmed': 'manager',
  'disputed→cancelled': 'manager',
}

const ROLE_SETS: Role[][] = [[], ['provider'], ['receiver'], ['manager'], ['provider', 'receiver'], ['provider', 'manager'], ['receiver', 'manager'], ['provider', 'receiver', 'manager']]
const SIDES: Side[] = ['provider', 'receiver']

function expectedAllowed(from: ExchangeState, to: ExchangeState, roles: Role[], proposer: Side) {
  const who = SPEC[`${from}→${to}`]
  const other: Side = proposer === 'provider' ? 'receiver' : 'provider'
  switch (who) {
    case undefined:
      return false
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

describe('the exchange state machine', () => {
  it('has exactly the edges of the spec, each with one action', () => {
    const edges = TRANSITIONS.map((t) => `${t.from}→${t.to}`)
    expect(new Set(edges).size).toBe(edges.length)
    expect(edges.sort()).toEqual(Object.keys(SPEC).sort())
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...EXCHANGE_ACTIONS].sort())
  })

  it('decides every state × action × set of roles × proposer side as the spec says', () => {
    let cases = 0
    for (const state of EXCHANGE_STATES) {
      for (const action of EXCHANGE_ACTIONS) {
        const edge = TRANSITIONS.find((t) => t.action === action)!
        for (const roles of ROLE_SETS) {
          for (const proposer of SIDES) {
            cases++
            const result = checkTransition(state, action, roles, proposer)
            const allowed = edge.from === state && expectedAllowed(state, edge.to, roles, proposer)
            expect(result.ok, `${action} from ${state} by [${roles}] (proposer ${proposer})`).toBe(allowed)
            if (result.ok) expect(result.transition.to).toBe(edge.to)
            else if (edge.from !== state) {
              expect(result.error).toBe(
                state === 'confirmed' && edge.to === 'confirmed' ? 'alreadyConfirmed' : state === edge.to ? 'alreadyDone' : 'notFromThisState',
              )
            } else expect(result.error).toBe('notYourStep')
          }
        }
      }
    }
    expect(cases).toBe(8 * 9 * 8 * 2)
  })

  it('refuses every pair of states that is not an edge, whoever asks', () => {
    for (const from of EXCHANGE_STATES) {
      for (const to of EXCHANGE_STATES) {
        const reachable = ROLE_SETS.some((roles) =>
          SIDES.some((p) => allowedActions(from, roles, p).some((a) => TRANSITIONS.find((t) => t.action === a)!.to === to)),
        )
        expect(reachable, `${from}→${to}`).toBe(Boolean(SPEC[`${from}→${to}`]))
      }
    }
  })

  it('lets nothing happen after a final state', () => {
    for (const state of FINAL_STATES) expect(allowedActions(state, ['provider', 'receiver', 'manager'], 'provider')).toEqual([])
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

  it('uses the bounds the database checks', () => {
    expect(MAX_EXCHANGE_MINUTES).toBe(DB_MAX_MINUTES)
    expect(MAX_EXCHANGE_CENTS).toBe(DB_MAX_CENTS)
  })
})
