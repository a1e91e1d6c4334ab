/**
 * What the list of sessions shows about a device (ADR 067): a browser and a system named from the
 * User-Agent, and the network part of the address only. Pure, shared with the page.
 */

export const USER_AGENT_MAX = 200

/** The User-Agent as stored: control characters (NUL, tabs, newlines) dropped, cut to 200 characters. */
export function truncateUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null
  const clean = userAgent.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, USER_AGENT_MAX)
  return clean || null
}

/**
 * An approximate place: the /24 of an IPv4 address, the /48 of an IPv6 address, nothing else.
 * Anything that is not an address (a proxy's "unknown", garbage) gives null.
 */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null
  let address = ip
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) address = mapped[1]!
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)
  if (v4) {
    const parts = v4.slice(1).map(Number)
    if (parts.some((p) => p > 255)) return null
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`
  }
  if (!/^[0-9a-f:]+$/i.test(address) || !address.includes(':')) return null
  const halves = address.split('::')
  if (halves.length > 2) return null
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  if (head.concat(tail).some((g) => g.length === 0 || g.length > 4)) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail]
  return `${groups
    .slice(0, 3)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/48`
}

export interface DeviceDescription {
  browser: string | null
  system: string | null
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

/** Browser and system by name (proper names, not translated); null where the User-Agent does not say. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: null, system: null }
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
    system: SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
  }
}
