import { describe, expect, it } from 'vitest'
import { parseForm } from '~/utils/forms.server'
import { LOAN_INTENTS, LoanIntentSchema, RequestLoanSchema, withCentreLimit } from './schemas'

/** The loan page's one union of intents: each intent takes its own fields; an unknown one is refused. */
function form(entries: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(entries)) data.append(name, value)
  return data
}

const ID = '7d4f8a5e-3c1b-4e2a-9f6d-0a1b2c3d4e5f'

describe('LoanIntentSchema', () => {
  const valid: Record<string, Record<string, string>> = {
    askGuarantee: { initiativeId: ID },
    approve: { amount: '500', termMonths: '6', interestPercent: '0', startDate: '2027-01-01' },
    accept: {},
    decline: { reason: 'Zu knapp' },
    withdraw: {},
    disburse: {},
    logRepayment: { amount: '50', paidOn: '2027-02-01', note: '' },
    confirmRepayment: { repaymentId: ID },
    rejectRepayment: { repaymentId: ID, reason: 'Nicht angekommen' },
    writeOff: { reason: 'Initiative aufgelöst' },
    pledge: { initiativeId: ID, amount: '100', note: '' },
  }

  it('knows eleven intents, each with an example here', () => {
    expect([...LOAN_INTENTS].sort()).toEqual(Object.keys(valid).sort())
  })

  it.each(Object.entries(valid))('parses %s with its own fields, typed', (intent, fields) => {
    const submission = parseForm(form({ intent, ...fields }), LoanIntentSchema)
    expect(submission.status, JSON.stringify(submission.reply().error)).toBe('success')
    if (submission.status === 'success') expect(submission.value.intent).toBe(intent)
  })

  it('refuses an unknown or missing intent at the intent field', () => {
    for (const entries of [{ intent: 'bogus' }, {}] as Record<string, string>[]) {
      const submission = parseForm(form(entries), LoanIntentSchema)
      expect(submission.status).toBe('error')
      expect(Object.keys(submission.reply().error ?? {})).toContain('intent')
    }
  })

  it("refuses another intent's fields as its own: a rejection needs a repayment id, a write-off a reason", () => {
    expect(parseForm(form({ intent: 'rejectRepayment', reason: 'x' }), LoanIntentSchema).reply().error).toHaveProperty('repaymentId')
    expect(parseForm(form({ intent: 'writeOff' }), LoanIntentSchema).reply().error).toHaveProperty('reason')
    expect(parseForm(form({ intent: 'approve', amount: '-5', termMonths: '6', startDate: '2027-01-01' }), LoanIntentSchema).reply().error).toHaveProperty(
      'amount',
    )
  })
})

describe('loan amounts as people type them', () => {
  const amountOf = (amount: string) => {
    const submission = parseForm(form({ intent: 'logRepayment', amount, paidOn: '2027-02-01', note: '' }), LoanIntentSchema)
    return submission.status === 'success' ? (submission.value as { amount: number }).amount : submission.reply().error
  }
  it('reads thousands separators and either decimal mark, as the listing form does', () => {
    expect(amountOf('1.000')).toBe(100_000)
    expect(amountOf('1.000,50')).toBe(100_050)
    expect(amountOf('1000.50')).toBe(100_050)
    expect(amountOf('83,38')).toBe(8_338)
    expect(amountOf('1 000 €')).toBe(100_000)
  })
  it('refuses what is no amount of euros with at most two decimals', () => {
    for (const amount of ['1e3', '0x10', '1.2345', '12,345,6', 'abc']) expect(amountOf(amount), amount).toEqual({ amount: ['validation.number'] })
  })
})

describe('an amount above the platform ceiling on a request form', () => {
  const reply = (amount: string) => {
    const submission = parseForm(
      form({ source: 'fund', initiativeId: '00000000-0000-4000-8000-000000000001', amount, termMonths: '12', startDate: '2030-01-31', purpose: 'Ofen' }),
      RequestLoanSchema,
    )
    if (submission.status === 'success') throw new Error('expected a refusal')
    return submission.reply()
  }
  it('names the centre’s lower limit, as the form’s hint does', () => {
    expect(reply('200000').error?.amount).toEqual(['loans.errors.amountMax?max=100000'])
    expect(withCentreLimit(reply('200000'), 500_000).error?.amount).toEqual(['loans.errors.overLimit?max=5000'])
  })
  it('leaves other faults, other fields and a centre at the ceiling alone', () => {
    expect(withCentreLimit(reply('abc'), 500_000).error?.amount).toEqual(['validation.number'])
    expect(withCentreLimit(reply('200000'), 10_000_000).error?.amount).toEqual(['loans.errors.amountMax?max=100000'])
    const both = withCentreLimit(reply('200000'), 500_000)
    expect(Object.keys(both.error ?? {})).toEqual(Object.keys(reply('200000').error ?? {}))
  })
})
