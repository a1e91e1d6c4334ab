/**
 * The websites a manager lets show the centre's widget in a frame (issue #17 §4), one origin a line
 * as people paste them ("https://example.org", "https://example.org/"). Each goes into the widget's
 * Content-Security-Policy `frame-ancestors`, so only a plain origin passes: https (http only for
 * localhost), no credentials, path, query or fragment, and no whitespace or control character
 * anywhere (the URL parser would silently drop a TAB or line break inside; a `;` or quote would
 * add to the policy). Names are stored as the URL parser writes them (lower case, punycode).
 */
export const MAX_EMBED_ORIGINS = 10

export type EmbedOriginsResult = { ok: true; origins: string[] } | { ok: false; error: 'embedOrigin' | 'embedOriginsTooMany'; line?: string }

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export function parseEmbedOrigin(line: string): string | null {
  if (!line || /[\s\u0000-\u001F\u007F-\u009F;,'"*\\]/.test(line)) return null
  let url: URL
  try {
    url = new URL(line)
  } catch {
    return null
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))
  if (!secure || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null
  // nothing beyond the origin and an optional final slash was written (no "?" or "#" left empty)
  const written = line.replace(/\/$/, '').toLowerCase()
  if (written.includes('/', written.indexOf('//') + 2) || /[?#]/.test(written)) return null
  return url.origin
}

export function parseEmbedOrigins(text: string | undefined): EmbedOriginsResult {
  const lines = (text ?? '').split(/\r\n|\n|\r/).map((l) => l.trim()).filter(Boolean)
  const origins: string[] = []
  for (const line of lines) {
    const origin = parseEmbedOrigin(line)
    if (!origin) return { ok: false, error: 'embedOrigin', line }
    if (!origins.includes(origin)) origins.push(origin)
  }
  if (origins.length > MAX_EMBED_ORIGINS) return { ok: false, error: 'embedOriginsTooMany' }
  return { ok: true, origins }
}
