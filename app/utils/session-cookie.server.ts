import { isProduction } from '~/utils/env.server'

export const SESSION_COOKIE = 'viertel_session'

function attributes(maxAgeSeconds: number) {
  const parts = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`]
  if (isProduction) parts.push('Secure')
  return parts.join('; ')
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))
  return `${SESSION_COOKIE}=${token}; ${attributes(maxAge)}`
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; ${attributes(0)}`
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === SESSION_COOKIE) return value.join('=') || null
  }
  return null
}
