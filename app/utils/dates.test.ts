import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { LogHelpSchema } from '~/modules/exchanges/schemas'
import { LogRepaymentSchema } from '~/modules/loans/schemas'
import { RequestBookingSchema } from '~/modules/bookings/schemas'
import { parseForm } from './forms.server'
import { plausibleDate } from './dates'

function form(entries: Record<string, string>) {
  const data = new FormData()
  for (const [k, v] of Object.entries(entries)) data.append(k, v)
  return data
}

function errorAt(schema: z.ZodType, entries: Record<string, string>, field: string) {
  const submission = parseForm(form(entries), schema)
  return submission.status === 'success' ? undefined : submission.reply().error?.[field]
}

describe('dates people type', () => {
  it('keeps years PostgreSQL cannot store (0000) or nobody plans for (9999) out', () => {
    expect(plausibleDate('0000-01-01')).toBe(false)
    expect(plausibleDate('0001-01-01')).toBe(false)
    expect(plausibleDate('9999-12-31')).toBe(false)
    expect(plausibleDate('1900-01-01')).toBe(true)
    expect(plausibleDate('2026-12-04')).toBe(true)
    expect(plausibleDate('2199-12-31T23:59')).toBe(true)
    expect(plausibleDate('2200-01-01')).toBe(false)
  })

  it('a year-0000 date is refused at the field of every kind of form (it reached PostgreSQL as a 500)', () => {
    const range = ['validation.dateRange?minYear=1900&maxYear=2199']
    const uuid = '3f1c1d7e-5a2b-4c3d-8e9f-0a1b2c3d4e5f'
    expect(
      errorAt(LogHelpSchema, { initiativeId: uuid, receiverInitiativeId: '8a1c1d7e-5a2b-4c3d-8e9f-0a1b2c3d4e5f', title: 'Hilfe', date: '0000-01-01', minutes: '2' }, 'date'),
    ).toEqual(range)
    expect(errorAt(LogRepaymentSchema, { intent: 'logRepayment', amount: '10', paidOn: '0000-01-01' }, 'paidOn')).toEqual(range)
    expect(
      errorAt(RequestBookingSchema, { intent: 'request', initiativeId: uuid, start: '0000-01-01T10:00', end: '0000-01-01T12:00', purpose: 'Probe' }, 'start'),
    ).toEqual(range)
  })
})
