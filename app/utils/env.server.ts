import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DATA_DIR: z.string().default('./data/pglite'),
  SEED_DEMO: z.enum(['0', '1']).optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Viertel <no-reply@viertel.local>'),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
})

export type Env = z.infer<typeof EnvSchema>

function readEnv(): Env {
  // An empty variable counts as unset (`DATABASE_URL= npm start` means: use PGlite).
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Viertel: invalid environment\n${problems}`)
  }
  return parsed.data
}

export const env = readEnv()
export const isProduction = env.NODE_ENV === 'production'
