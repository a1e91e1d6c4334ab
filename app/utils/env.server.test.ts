import { describe, expect, it } from 'vitest'
import { isLoopbackHost, parseEnv, publicUrlProblem } from './env.server'

describe('PUBLIC_URL', () => {
  it('is an http(s) origin, nothing more', () => {
    for (const good of ['https://viertel.example.org', 'https://viertel.example.org/', 'http://localhost:3000', 'https://[::1]:8443']) {
      expect(publicUrlProblem(good), good).toBeNull()
    }
    for (const bad of [
      'viertel.example.org',
      'ftp://viertel.example.org',
      'javascript:alert(1)',
      'https://viertel.example.org/app',
      'https://viertel.example.org?x=1',
      'https://viertel.example.org#top',
      'https://user:pass@viertel.example.org',
      'https://viertel.example.org\t',
      'https://viertel.\texample.org',
      'https://viertel.example.org\n',
      ' https://viertel.example.org',
      'https://viertel.example.org\u0000',
      '',
    ]) {
      expect(publicUrlProblem(bad), JSON.stringify(bad)).not.toBeNull()
    }
  })

  it('is normalised to its origin', () => {
    expect(parseEnv({ PUBLIC_URL: 'https://Viertel.Example.org/' }).PUBLIC_URL).toBe('https://viertel.example.org')
  })
})

describe('production without PUBLIC_URL', () => {
  it('is refused unless the server listens on this machine only', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', HOST: '0.0.0.0' })).toThrow(/PUBLIC_URL: is required in production/)
    expect(() => parseEnv({ NODE_ENV: 'production', HOST: 'viertel.example.org' })).toThrow(/PUBLIC_URL/)
    expect(() => parseEnv({ NODE_ENV: 'production', HOST: '::' })).toThrow(/PUBLIC_URL/)
    for (const host of [undefined, 'localhost', '127.0.0.1', '::1', '[::1]']) {
      expect(parseEnv({ NODE_ENV: 'production', HOST: host }).PUBLIC_URL, String(host)).toBeUndefined()
    }
    expect(parseEnv({ NODE_ENV: 'production', HOST: '0.0.0.0', PUBLIC_URL: 'https://v.example' }).PUBLIC_URL).toBe('https://v.example')
    expect(() => parseEnv({ NODE_ENV: 'production', PUBLIC_URL: 'https://v.example/path' })).toThrow(/without a path/)
    expect(parseEnv({ NODE_ENV: 'development', HOST: '0.0.0.0' }).PUBLIC_URL).toBeUndefined()
  })

  it('knows loopback addresses', () => {
    expect(isLoopbackHost('127.8.9.10')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    expect(isLoopbackHost('localhost.evil.example')).toBe(false)
  })
})

describe('SESSION_SECRET', () => {
  it('may list several secrets, each long enough', () => {
    expect(parseEnv({ SESSION_SECRET: `${'a'.repeat(16)},${'b'.repeat(20)}` }).SESSION_SECRET).toBeDefined()
    expect(() => parseEnv({ SESSION_SECRET: `${'a'.repeat(16)},short` })).toThrow(/at least 16/)
  })
})
