import { isProduction } from '~/utils/env.server'
import { PENDING_LOGIN_MINUTES } from '~/modules/auth/two-factor.server'

/**
 * The browser's half of a pending login (password right, code still to come): a random token, its
 * SHA-256 in `pending_logins`. HttpOnly and short-lived; it opens the code form and nothing else.
 */
export const PENDING_LOGIN_COOKIE = 'viertel_login_code'

function attributes(maxAgeSeconds: number) {
  const parts = ['Path=/login', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`]
  if (isProduction) parts.push('Secure')
  return parts.join('; ')
}

export function pendingLoginCookie(token: string) {
  return `${PENDING_LOGIN_COOKIE}=${token}; ${attributes(PENDING_LOGIN_MINUTES * 60)}`
}

export function clearedPendingLoginCookie() {
  return `${PENDING_LOGIN_COOKIE}=; ${attributes(0)}`
}

export function readPendingLoginToken(request: Request): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === PENDING_LOGIN_COOKIE) {
      const token = value.join('=')
      return /^[a-z2-7]{20,64}$/.test(token) ? token : null
    }
  }
  return null
}
