import { describe, expect, it } from 'vitest'
import { dashboardPeriod } from './console.server'

const BERLIN = { timeZone: 'Europe/Berlin' }
const search = (query: string) => new URLSearchParams(query)

describe('the dashboard’s period', () => {
  it('opens on the last 30 days, also on the first day of a month', () => {
    expect(dashboardPeriod(search(''), BERLIN, new Date('2026-12-01T08:00:00Z'))).toEqual({
      period: { preset: 'last30', from: '2026-11-02', to: '2026-12-02' },
      errors: null,
    })
  })

  it('counts the days in the centre’s time zone', () => {
    // 23:30 UTC on November 30th is already December 1st in Berlin
    expect(dashboardPeriod(search(''), BERLIN, new Date('2026-11-30T23:30:00Z')).period).toEqual({ preset: 'last30', from: '2026-11-02', to: '2026-12-02' })
    expect(dashboardPeriod(search(''), { timeZone: 'UTC' }, new Date('2026-11-30T23:30:00Z')).period).toEqual({ preset: 'last30', from: '2026-11-01', to: '2026-12-01' })
  })

  it('shows what was asked for', () => {
    const now = new Date('2026-12-05T08:00:00Z')
    expect(dashboardPeriod(search('period=month'), BERLIN, now).period).toEqual({ preset: 'month', from: '2026-12-01', to: '2027-01-01' })
    expect(dashboardPeriod(search('period=custom&from=2025-06-01&to=2025-07-01'), BERLIN, now)).toEqual({
      period: { preset: 'custom', from: '2025-06-01', to: '2025-07-01' },
      errors: null,
    })
  })

  it('says at the field when a period ends before it starts, and shows the default meanwhile', () => {
    const now = new Date('2026-12-05T08:00:00Z')
    for (const query of ['period=custom&from=2025-06-01&to=2025-05-01', 'from=2025-06-01&to=2025-05-01', 'period=custom&from=2025-06-01&to=2025-06-01']) {
      expect(dashboardPeriod(search(query), BERLIN, now), query).toEqual({
        period: { preset: 'last30', from: '2026-11-06', to: '2026-12-06' },
        errors: { to: ['reporting.errors.order'] },
      })
    }
    expect(dashboardPeriod(search('period=custom&from=&to='), BERLIN, now).errors).toEqual({ from: ['validation.required'], to: ['validation.required'] })
    expect(dashboardPeriod(search('period=decade'), BERLIN, now).errors).toEqual({ period: ['validation.choice'] })
  })
})
