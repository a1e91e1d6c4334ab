import { z } from 'zod'

/** Hosts a server may listen on without PUBLIC_URL in production: only this machine can reach it. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

/**
 * PUBLIC_URL is where people reach Viertel; every link in an e-mail starts with it (never with a
 * request's Host header, which anyone can forge). Only an origin: http(s), a host, maybe a port —
 * no path, query, fragment, credentials, whitespace or control characters. A trailing `/` is
 * forgiven. Returns the problem as a sentence, or null.
 */
export function publicUrlProblem(value: string): string | null {
  if (/[\u0000-\u0020\u007f]/.test(value)) return 'must not contain spaces, tabs, newlines or control characters'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be an absolute URL such as https://viertel.example.org'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// (or http://)'
  if (url.username || url.password) return 'must not contain a user name or password'
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value)) {
    return 'must be only the origin (scheme, host, port), without a path, query or fragment'
  }
  return null
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().url().optional(),
    PGLITE_DATA_DIR: z.string().default('./data/pglite'),
    /** PostgreSQL: seconds to wait for a connection (TCP, TLS, log-in) before the request answers 503. */
    DB_CONNECT_TIMEOUT_S: z.coerce.number().int().min(1).max(120).default(5),
    /** PostgreSQL: the app's statement_timeout in ms; 0 turns it off (scripts and migrations have none). */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
    SEED_DEMO: z.enum(['0', '1']).optional(),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Viertel <no-reply@viertel.local>'),
    PUBLIC_URL: z
      .string()
      .superRefine((value, ctx) => {
        const problem = publicUrlProblem(value)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .transform((value) => new URL(value).origin)
      .optional(),
    /**
     * One secret, or several separated by commas, newest first: links and cookies are signed with
     * the first and still accepted with the others, so a secret can be rotated without breaking them.
     */
    SESSION_SECRET: z
      .string()
      .refine((value) => value.split(',').every((s) => s.trim().length >= 16), {
        message: 'each comma-separated secret must be at least 16 characters long',
      })
      .optional(),
    PORT: z.coerce.number().int().positive().default(3000),
    /** the address the server listens on (scripts/server.mjs) */
    HOST: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === 'production' && !value.PUBLIC_URL && !isLoopbackHost(value.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: `is required in production when listening on ${value.HOST} (links in e-mails start with it), e.g. PUBLIC_URL=https://viertel.example.org; without it Viertel only listens on localhost`,
      })
    }
  })

export type Env = z.infer<typeof EnvSchema>

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable counts as unset (`DATABASE_URL= npm start` means: use PGlite).
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Viertel: invalid environment\n${problems}`)
  }
  return parsed.data
}

export const env = parseEnv(process.env)
export const isProduction = env.NODE_ENV === 'production'

/** The SESSION_SECRET list, newest first (empty when unset). */
export const sessionSecrets: string[] = env.SESSION_SECRET
  ? env.SESSION_SECRET.split(',').map((s) => s.trim()).filter(Boolean)
  : []
