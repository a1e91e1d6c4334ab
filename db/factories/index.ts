/**
 * Builders for rows, shared by the demo seed and the tests. Each takes the database handle
 * first and fills what is not given with plausible, unique values.
 */
import { hash } from '@node-rs/argon2'
import type { DbOrTx } from '../connect'
import { centres, centreStaff, initiativeMembers, initiatives, users } from '../schema'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`

const hashCache = new Map<string, Promise<string>>()
/** Password hashes are slow on purpose; factories hash each distinct password once. */
export function passwordHashFor(password: string) {
  let pending = hashCache.get(password)
  if (!pending) {
    pending = hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 })
    hashCache.set(password, pending)
  }
  return pending
}

export const TEST_PASSWORD = 'correct horse battery'

export async function makeUser(
  db: DbOrTx,
  overrides: Partial<typeof users.$inferInsert> & { password?: string } = {},
) {
  const { password = TEST_PASSWORD, ...rest } = overrides
  const id = unique()
  const [user] = await db
    .insert(users)
    .values({
      email: `person-${id}@example.test`,
      name: `Person ${id}`,
      passwordHash: await passwordHashFor(password),
      // demo and test people have confirmed their address (as after following the signup link)
      emailVerifiedAt: new Date(),
      ...rest,
    })
    .returning()
  return user!
}

export async function makeCentre(db: DbOrTx, overrides: Partial<typeof centres.$inferInsert> = {}) {
  const id = unique()
  const [centre] = await db
    .insert(centres)
    .values({ slug: `centre-${id}`, name: `Centre ${id}`, city: 'Bremen', country: 'DE', ...overrides })
    .returning()
  return centre!
}

export async function makeManager(db: DbOrTx, centreId: string, overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser(db, overrides)
  await db.insert(centreStaff).values({ centreId, userId: user.id })
  return user
}

export async function makeInitiative(
  db: DbOrTx,
  centreId: string,
  overrides: Partial<typeof initiatives.$inferInsert> = {},
) {
  const id = unique()
  const [initiative] = await db
    .insert(initiatives)
    .values({
      centreId,
      slug: `initiative-${id}`,
      name: `Initiative ${id}`,
      kind: 'association',
      status: 'active',
      ...overrides,
    })
    .returning()
  return initiative!
}

export async function addMember(
  db: DbOrTx,
  initiative: { id: string; centreId: string },
  userId: string,
  role: 'owner' | 'member' = 'member',
) {
  await db.insert(initiativeMembers).values({ initiativeId: initiative.id, centreId: initiative.centreId, userId, role })
}

/** A user who owns an active initiative in the centre: the usual actor of member tests. */
export async function makeMember(db: DbOrTx, centreId: string, overrides: Partial<typeof initiatives.$inferInsert> = {}) {
  const user = await makeUser(db)
  const initiative = await makeInitiative(db, centreId, overrides)
  await addMember(db, initiative, user.id, 'owner')
  return { user, initiative }
}
