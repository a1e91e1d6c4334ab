import { createCookie, redirect } from '@remix-run/node'
import { getAppSecret } from '~/modules/security/secrets.server'
import { db } from './db.server'
import { isProduction, sessionSecrets } from './env.server'
import type { TParams } from './i18n'

export type ToastType = 'success' | 'error' | 'info'
/** A toast names a translation key; the text is made in the reader's language. */
export interface Toast {
  type: ToastType
  key: string
  params?: TParams
}

// SESSION_SECRET's list, newest first (the newest signs, all verify: rotation, ADR 060), else the database's.
const secrets = sessionSecrets.length > 0 ? sessionSecrets : [await getAppSecret(db, 'cookie')]

const toastCookie = createCookie('toast', {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: isProduction,
  secrets,
  maxAge: 60,
})

export async function toastHeader(toast: Toast) {
  return toastCookie.serialize(toast)
}

export async function redirectWithToast(url: string, toast: Toast, init?: ResponseInit) {
  const headers = new Headers(init?.headers)
  headers.append('Set-Cookie', await toastHeader(toast))
  return redirect(url, { ...init, headers })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const value: unknown = await toastCookie.parse(request.headers.get('Cookie'))
  if (!value || typeof value !== 'object' || typeof (value as Toast).key !== 'string') {
    return { toast: null, setCookie: null }
  }
  return { toast: value as Toast, setCookie: await toastCookie.serialize('', { maxAge: 0 }) }
}
