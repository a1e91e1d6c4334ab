import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseForm } from './forms.server'

const Schema = z.object({ title: z.string().min(1).max(100), note: z.string().max(100).optional() })

function form(entries: Record<string, string>) {
  const data = new FormData()
  for (const [k, v] of Object.entries(entries)) data.append(k, v)
  return data
}

describe('parseForm and NUL bytes', () => {
  it('refuses a NUL byte with the message at that field, whatever the schema would say', () => {
    const submission = parseForm(form({ title: 'Bohr\u0000maschine', note: 'ok' }), Schema)
    expect(submission.status).toBe('error')
    expect(submission.reply().error).toEqual({ title: ['validation.nulByte'] })
  })

  it('names every field that holds one, also in the field name itself', () => {
    const submission = parseForm(form({ title: 'a', note: '\u0000', 'x\u0000': 'b' }), Schema)
    expect(Object.keys(submission.reply().error ?? {}).sort()).toEqual(['note', 'x'])
  })

  it('leaves ordinary text, tabs and line breaks to the schema', () => {
    const submission = parseForm(form({ title: 'Zeile 1\r\nZeile\t2 – ü ✓' }), Schema)
    expect(submission.status).toBe('success')
  })

  it('refuses text whose bytes were not UTF-8 (decoded as U+FFFD) at its field', async () => {
    // a urlencoded body with a lone continuation byte and a truncated sequence, decoded as browsers do
    const body = new URLSearchParams('title=Bohr%80maschine&note=ok%E2%82')
    const submission = parseForm(body, Schema)
    expect(submission.status).toBe('error')
    expect(submission.reply().error).toEqual({ title: ['validation.badEncoding'], note: ['validation.badEncoding'] })
  })
})

describe('parseForm and invisible control characters', () => {
  it('removes them from text: pasted C0/C1 controls, and the bidi overrides that make a title read backwards', () => {
    const submission = parseForm(form({ title: 'Bohr\u0007ma\u0085schine\u202E gnp.exe\u2066', note: 'Zeile 1\r\nZeile\t2' }), Schema)
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({ title: 'Bohrmaschine gnp.exe', note: 'Zeile 1\r\nZeile\t2' })
  })

  it('leaves passwords as typed, and files, and still refuses NUL at its field', () => {
    const WithPassword = z.object({ title: z.string(), password: z.string(), photo: z.any() })
    const data = form({ title: 'a\u0001b', password: 'pa\u0001ss' })
    data.append('photo', new File(['x'], 'bild.jpg'))
    const submission = parseForm(data, WithPassword)
    expect(submission.status === 'success' && submission.value.password).toBe('pa\u0001ss')
    expect(submission.status === 'success' && submission.value.title).toBe('ab')
    expect(submission.status === 'success' && (submission.value.photo as File).name).toBe('bild.jpg')
    expect(parseForm(form({ title: 'a\u0001\u0000b' }), Schema).reply().error).toEqual({ title: ['validation.nulByte'] })
  })

  it('works on a query string as well', () => {
    const submission = parseForm(new URLSearchParams({ title: 'Beamer\u202D' }), Schema)
    expect(submission.status === 'success' && submission.value.title).toBe('Beamer')
  })
})
