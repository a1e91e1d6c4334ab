import { env } from '~/utils/env.server'

/** Links in e-mails need an absolute origin even when no request is at hand (fan-out, digests). */
export function appOrigin(): string {
  return env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : `http://localhost:${env.PORT}`
}
