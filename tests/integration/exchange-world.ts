import type { DbOrTx } from '#db/connect'
import { addMember, makeCentre, makeInitiative, makeManager, makeMember, makeUser } from '#db/factories'
import { listings } from '#db/schema'

/** A centre with three initiatives (provider, receiver, a third one), a manager, and a manager of another centre. */
export async function makeExchangeWorld(db: DbOrTx, centreOverrides: { hourValueCents?: number } = {}) {
  const centre = await makeCentre(db, centreOverrides)
  const otherCentre = await makeCentre(db)
  const provider = await makeMember(db, centre.id)
  const receiver = await makeMember(db, centre.id)
  const third = await makeMember(db, centre.id)
  const manager = await makeManager(db, centre.id)
  const otherManager = await makeManager(db, otherCentre.id)
  const stranger = await makeMember(db, otherCentre.id)
  return { centre, otherCentre, provider, receiver, third, manager, otherManager, stranger }
}

/** An active listing row (the listings module owns validation; tests only need the row). */
export async function makeListingRow(
  db: DbOrTx,
  initiative: { id: string; centreId: string },
  kind: 'offer' | 'need',
  overrides: Partial<typeof listings.$inferInsert> = {},
) {
  const [row] = await db
    .insert(listings)
    .values({
      centreId: initiative.centreId,
      initiativeId: initiative.id,
      kind,
      category: 'skill',
      title: kind === 'offer' ? 'Fahrräder reparieren' : 'Hilfe beim Plakatdruck',
      description: 'Test',
      details: { category: 'skill', estimatedHours: 2 },
      status: 'active',
      ...overrides,
    })
    .returning()
  return row!
}

export { addMember, makeInitiative, makeUser }
