import { describe, expect, it } from 'vitest'
import { InitiativeProfileSchema } from './schemas'

const profile = (website: string) => InitiativeProfileSchema.safeParse({ name: 'Radwerk', kind: 'project', website })
const errorOf = (website: string) => {
  const parsed = profile(website)
  return parsed.success ? null : parsed.error.issues.map((i) => i.message)[0]
}

describe('an initiative’s website', () => {
  it('is kept as the browser reads it: a host in another script as punycode, so a look-alike shows as one', () => {
    expect(profile('https://radwerk.example/werkstatt').data?.website).toBe('https://radwerk.example/werkstatt')
    expect(profile('https://Radwerk.Example').data?.website).toBe('https://radwerk.example/')
    expect(profile('  https://radwerk.example  ').data?.website).toBe('https://radwerk.example/')
    // "раураl" in Cyrillic letters
    expect(profile('https://\u0440\u0430\u0443\u0440\u0430l.com').data?.website).toMatch(/^https:\/\/xn--[a-z0-9-]+\.com\/$/)
  })

  it('refuses what would make the link text say something else than where it goes', () => {
    expect(errorOf('https://www.lagerhaus-bremen.de@evil.example/login')).toBe('validation.urlUserinfo')
    expect(errorOf('https://user:pass@radwerk.example/')).toBe('validation.urlUserinfo')
    expect(errorOf('https://radwerk.example/\u202Egnp.exe')).toBe('validation.urlCharacters')
    expect(errorOf('https://example.com/a b')).toBe('validation.urlCharacters')
    expect(errorOf('https://example.com\\@evil.com')).toBe('validation.urlCharacters')
    expect(errorOf('https://exa\tmple.com')).toBe('validation.urlCharacters')
    expect(errorOf('javascript:alert(1)')).toBe('validation.url')
    expect(errorOf('ftp://radwerk.example')).toBe('validation.url')
  })
})
