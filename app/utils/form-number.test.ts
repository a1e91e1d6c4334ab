import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseForm } from './forms.server'
import { formNumber, parseFormNumber } from './form-number'

describe('parseFormNumber', () => {
  it('reads numbers as people type them in the four languages', () => {
    expect(parseFormNumber('12')).toBe(12)
    expect(parseFormNumber(' 12,50 ')).toBe(12.5)
    expect(parseFormNumber('12.50')).toBe(12.5)
    expect(parseFormNumber('1.500')).toBe(1500)
    expect(parseFormNumber('1.234,56')).toBe(1234.56)
    expect(parseFormNumber('1,234.56')).toBe(1234.56)
    expect(parseFormNumber('1 500')).toBe(1500)
    expect(parseFormNumber('-3')).toBe(-3)
    expect(parseFormNumber('')).toBeUndefined()
  })

  it('refuses what Number() would take but nobody means: hex, binary, exponents, Infinity', () => {
    for (const text of ['0x10', '0b11', '0o7', '1e3', '1E3', 'Infinity', 'NaN', '12,5,0', '1..5', '+', '٣']) {
      expect(parseFormNumber(text), text).toBeNaN()
    }
  })
})

describe('a form’s number field', () => {
  const schema = z.object({ hours: formNumber(z.number().min(1).max(1000)), year: formNumber(z.number().int().min(1800).max(2100)).optional() })
  const parse = (fields: Record<string, string>) => {
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    return parseForm(form, schema)
  }

  it('takes a decimal comma and leaves an empty optional field out', () => {
    const parsed = parse({ hours: '12,5', year: '' })
    expect(parsed.status).toBe('success')
    expect(parsed.status === 'success' && parsed.value).toEqual({ hours: 12.5 })
  })

  it('answers hex and exponents with the number message, and a number out of range with the range', () => {
    expect(parse({ hours: '0x10' }).reply().error).toEqual({ hours: ['validation.number'] })
    expect(parse({ hours: '1e3' }).reply().error).toEqual({ hours: ['validation.number'] })
    expect(parse({ hours: '1001' }).reply().error).toEqual({ hours: ['validation.tooBig?maximum=1000'] })
    expect(parse({ hours: '' }).reply().error).toEqual({ hours: ['validation.required'] })
  })
})
