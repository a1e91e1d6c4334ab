import { env } from '~/utils/env.server'

/**
 * The one origin every link in an e-mail starts with (invitations, applications, notices, digests,
 * unsubscribe): PUBLIC_URL, validated at start-up, or http://localhost:PORT where that is allowed
 * (development, tests, and production listening on localhost only; see env.server.ts). Never a
 * request's Host header or URL: anyone can send `Host: evil.example` (ADR 060).
 */
export function appOrigin(): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`
}
