import { describe, expect, it } from 'vitest'
import { describeUserAgent, ipPrefix, truncateUserAgent, USER_AGENT_MAX } from './sessions-list'

describe('ipPrefix', () => {
  it('keeps the /24 of an IPv4 address and nothing more', () => {
    expect(ipPrefix('203.0.113.77')).toBe('203.0.113.0/24')
    expect(ipPrefix('::ffff:198.51.100.9')).toBe('198.51.100.0/24')
  })

  it('keeps the /48 of an IPv6 address, compressed or not', () => {
    expect(ipPrefix('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::/48')
    expect(ipPrefix('2001:db8::1')).toBe('2001:db8:0::/48')
    expect(ipPrefix('::1')).toBe('0:0:0::/48')
  })

  it('gives null for what is not an address', () => {
    for (const bad of ['unknown', '', null, undefined, '300.1.1.1', '1.2.3', '1:2:3', 'a::b::c', '2001:db8::1\t', 'x'.repeat(1000)]) {
      expect(ipPrefix(bad)).toBeNull()
    }
  })
})

describe('truncateUserAgent', () => {
  it('drops control characters and cuts to the limit', () => {
    expect(truncateUserAgent('Mozilla\u0000/5.0\tX')).toBe('Mozilla /5.0 X')
    expect(truncateUserAgent('a'.repeat(50_000))!.length).toBe(USER_AGENT_MAX)
    expect(truncateUserAgent('')).toBeNull()
    expect(truncateUserAgent(' \n ')).toBeNull()
  })
})

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toEqual({ browser: 'Firefox', system: 'Linux' })
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0',
      ),
    ).toEqual({ browser: 'Edge', system: 'Windows' })
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ browser: 'Safari', system: 'iOS' })
    expect(describeUserAgent('curl/8.0')).toEqual({ browser: null, system: null })
    expect(describeUserAgent(null)).toEqual({ browser: null, system: null })
  })
})
