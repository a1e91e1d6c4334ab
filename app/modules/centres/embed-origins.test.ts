import { describe, expect, it } from 'vitest'
import { MAX_EMBED_ORIGINS, parseEmbedOrigin, parseEmbedOrigins } from './embed-origins'

describe('the websites that may frame the widget', () => {
  it.each([
    ['https://lagerhaus.de', 'https://lagerhaus.de'],
    ['https://lagerhaus.de/', 'https://lagerhaus.de'],
    ['HTTPS://WWW.Lagerhaus.DE', 'https://www.lagerhaus.de'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://example.org:8443', 'https://example.org:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('takes %j as %j', (line, origin) => {
    expect(parseEmbedOrigin(line)).toBe(origin)
  })

  it.each([
    'http://lagerhaus.de', // not https
    'https://lagerhaus.de/seite', // a path
    'https://lagerhaus.de/?x=1',
    'https://lagerhaus.de/#top',
    'https://lagerhaus.de?',
    'https://user:pw@lagerhaus.de',
    'https://*.lagerhaus.de', // no wildcards
    "https://lagerhaus.de 'unsafe-inline'", // would add to the policy
    'https://lagerhaus.de; script-src *',
    'https://lager\thaus.de', // the URL parser would drop the TAB
    'https://lager\u0000haus.de',
    'javascript:alert(1)',
    'data:text/html,x',
    'lagerhaus.de',
    "'self'",
    '*',
  ])('refuses %j', (line) => {
    expect(parseEmbedOrigin(line)).toBeNull()
  })

  it('reads one origin a line, skips blank lines and repeats, and names the first bad line', () => {
    expect(parseEmbedOrigins('https://a.example\r\n\r\n  https://b.example/  \nhttps://a.example')).toEqual({ ok: true, origins: ['https://a.example', 'https://b.example'] })
    expect(parseEmbedOrigins('')).toEqual({ ok: true, origins: [] })
    expect(parseEmbedOrigins('https://a.example\nhttp://b.example')).toEqual({ ok: false, error: 'embedOrigin', line: 'http://b.example' })
  })

  it(`allows at most ${MAX_EMBED_ORIGINS}`, () => {
    const many = Array.from({ length: MAX_EMBED_ORIGINS + 1 }, (_, i) => `https://s${i}.example`).join('\n')
    expect(parseEmbedOrigins(many)).toEqual({ ok: false, error: 'embedOriginsTooMany' })
  })
})
