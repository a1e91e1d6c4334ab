import { describe, expect, it } from 'vitest'
import { MAX_PASSWORD_LENGTH, passwordWeakness } from './password-strength.server'

describe('passwordWeakness', () => {
  it.each([
    ['password', 'auth.password.weak.short'],
    ['12345678', 'auth.password.weak.short'],
    ['password1234', 'auth.password.weak.common'],
    ['qwertzuiop12', 'auth.password.weak.keyboard'],
    ['azertyuiop123', 'auth.password.weak.keyboard'],
    ['x'.repeat(MAX_PASSWORD_LENGTH + 1), 'auth.password.weak.long'],
  ])('refuses %s (%s)', (password, reason) => {
    expect(passwordWeakness(password)).toBe(reason)
  })

  it.each(['Sommerferien2024', 'wachtwoord123', 'motdepasse123', 'Fahrradwerkstatt'])(
    'refuses the guessable %s in the languages of the partner countries',
    (password) => {
      expect(passwordWeakness(password)).toMatch(/^auth\.password\.weak\./)
    },
  )

  it("counts the person's own e-mail address and name as words", () => {
    const me = ['anna.schmidt@example.org', 'Anna Schmidt']
    expect(passwordWeakness('annaschmidt99', me)).toBe('auth.password.weak.personal')
    expect(passwordWeakness('anna.schmidt2026', me)).toBe('auth.password.weak.personal')
    expect(passwordWeakness('annaschmidt1987x', me)).toBe('auth.password.weak.personal')
    expect(passwordWeakness('annaschmidt1987x')).toBeNull() // the same password from someone else passes
  })

  it.each(['Passwort123!', 'Passw0rt123!', 'Hallo123456!', 'Fussball123!', 'lagerhaus-bremen', 'viertel2026!', 'Viertel-Demo', 'demo-viertel', 'viertel-demo'])(
    'refuses %s: common words with digits, the platform\'s name, the published demo password (re-probe of issue #13)',
    (password) => {
      expect(passwordWeakness(password, ['someone@example.test', 'Some One'])).toMatch(/^auth\.password\.weak\./)
    },
  )

  it.each(['correct horse battery staple', 'tulpen-kanal-fiets-regen', 'Kompost-Lastenrad-Dachgarten'])(
    'accepts %s',
    (password) => {
      expect(passwordWeakness(password, ['someone@example.test', 'Some One'])).toBeNull()
    },
  )

  it('stays well under a second on the costliest inputs we know (long, repetitive, l33t-looking)', () => {
    passwordWeakness('warm up the dictionaries')
    for (const password of ['p@$$w0rd'.repeat(16), '4@1!3$0|7+'.repeat(13).slice(0, 128), '1!|l'.repeat(32)]) {
      const start = performance.now()
      passwordWeakness(password, ['anna.schmidt@example.org'])
      // 10–15 s each before the analysis was bounded (ADR 061); a generous bound for a busy machine
      expect(performance.now() - start).toBeLessThan(2500)
    }
  }, 30_000)
})
