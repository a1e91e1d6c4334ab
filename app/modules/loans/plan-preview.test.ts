import { describe, expect, it } from 'vitest'
import { parseForm } from '~/utils/forms.server'
import { planInstalments } from './instalments'
import { centsOfEuros, monthsOf, previewPlan, startDateOf } from './plan-preview'
import { RequestLoanSchema } from './schemas'

/**
 * The browser's preview reads the request form's figures without zod; it must read exactly what the
 * request's schema reads, or the plan shown before sending would not be the plan of the request.
 */
const ID = '7d4f8a5e-3c1b-4e2a-9f6d-0a1b2c3d4e5f'
function schemaRead(fields: { amount?: string; termMonths?: string; startDate?: string }) {
  const data = new FormData()
  const all = { source: 'fund', initiativeId: ID, amount: '100', termMonths: '12', startDate: '2027-01-31', purpose: 'Werkbank', ...fields }
  for (const [name, value] of Object.entries(all)) data.append(name, value)
  const submission = parseForm(data, RequestLoanSchema)
  return submission.status === 'success' ? submission.value : null
}

const AMOUNTS = ['100', '1200', '1200,5', '1200.50', '0,99', '1', '1,00', ' 250 ', '-5', '1.200,50', '1e3', '12,345', '', 'abc', '99999999', '0', '100000', '100000,01', '5000', '7,07', '0.29', '19.99', '1234567,89', '1.000', '5.000,5', '1,234.56', '1.2345', '12.345.678']
const TERMS = ['1', '12', '60', '0', '61', '6.5', '', 'zwölf', ' 7 ', '1e1', '0x10', '12,0', '07']
const DATES = ['2027-01-31', '2027-02-30', '1899-12-31', '2200-01-01', '2027-1-3', '', '2028-02-29', ' 2027-03-01 ']

describe('the preview reads the form as the request schema does', () => {
  it.each(AMOUNTS)('amount %j', (amount) => {
    expect(centsOfEuros(amount)).toBe(schemaRead({ amount })?.amount ?? null)
  })
  it.each(TERMS)('term %j', (termMonths) => {
    expect(monthsOf(termMonths)).toBe(schemaRead({ termMonths })?.termMonths ?? null)
  })
  it.each(DATES)('start %j', (startDate) => {
    expect(startDateOf(startDate)).toBe(schemaRead({ startDate })?.startDate ?? null)
  })
})

describe('previewPlan', () => {
  it('is the plan planInstalments makes for the values the schema reads', () => {
    const fields = { amount: '1000,01', termMonths: '7', startDate: '2027-01-31' }
    const value = schemaRead(fields)!
    expect(previewPlan(fields, { interestBasisPoints: 250, limitCents: 500_000 })).toEqual(
      planInstalments({ principalCents: value.amount, termMonths: value.termMonths, interestBasisPoints: 250, startDate: value.startDate }),
    )
  })

  it('shows nothing while a field is not yet acceptable, or over the centre’s limit', () => {
    const terms = { interestBasisPoints: 0, limitCents: 100_000 }
    expect(previewPlan({ amount: '', termMonths: '12', startDate: '2027-01-01' }, terms)).toBeNull()
    expect(previewPlan({ amount: '500', termMonths: '0', startDate: '2027-01-01' }, terms)).toBeNull()
    expect(previewPlan({ amount: '500', termMonths: '12', startDate: '' }, terms)).toBeNull()
    expect(previewPlan({ amount: '1000,01', termMonths: '12', startDate: '2027-01-01' }, terms)).toBeNull()
    expect(previewPlan({ amount: '1000', termMonths: '12', startDate: '2027-01-01' }, terms)?.totalCents).toBe(100_000)
  })
})
