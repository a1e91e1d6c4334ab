// `npm run admin:create -- <email>`: makes the first platform admin (PRODUCT.md §4).
// Opens the database like the app does (DATABASE_URL, else the PGlite folder), and either
// makes an existing account admin or creates a new admin account with a strong random
// password that is printed once, here, and stored nowhere but as its argon2id hash.
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { openConfiguredDatabase } from './db-tools'
import { users } from '../db/schema'
import { createUser, findUserByEmail } from '../app/modules/auth/accounts.server'
import { EmailSchema } from '../app/modules/auth/schemas'

const say = (line: string) => console.log(`Viertel admin:create: ${line}`)

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const parsed = EmailSchema.safeParse(args[0] ?? '')
  if (!parsed.success) {
    console.error('Usage: npm run admin:create -- <email>   (a valid e-mail address is needed)')
    return 2
  }
  const email = parsed.data
  const database = await openConfiguredDatabase('admin:create', say)
  if (!database) return 1
  try {
    say('database ready (migrated).')
    const existing = await findUserByEmail(database.db, email)
    if (existing) {
      if (existing.isAdmin) {
        say(`${existing.email} is already a platform admin; nothing changed.`)
      } else {
        await database.db
          .update(users)
          .set({ isAdmin: true, emailVerifiedAt: existing.emailVerifiedAt ?? new Date() })
          .where(eq(users.id, existing.id))
        say(`${existing.email} (${existing.name}) is now a platform admin. Their password is unchanged.`)
      }
      return 0
    }
    const password = randomBytes(18).toString('base64url') // 144 bits, 24 characters
    const name = email.split('@')[0]!.slice(0, 100) || 'Admin'
    const user = await createUser(database.db, { email, name, password, isAdmin: true, emailVerified: true })
    say(`created the platform admin ${user.email}.`)
    console.log('')
    console.log(`  Password (shown only this once, not stored anywhere in clear text): ${password}`)
    console.log('')
    say('log in with it and change it at /account.')
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
