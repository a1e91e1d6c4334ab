import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreStaff } from '#db/schema'
import { addMember, makeCentre, makeInitiative, makeUser } from '#db/factories'
import { seenFromCentre } from '~/modules/initiatives/memberships.server'
import { canRead, getListingViewer, listingViewerOf } from '~/modules/listings/listings.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * The person seen from a centre (ADR 089): one statement answers the centre layout, the manager
 * checks and the listings' visibility. Each answer is checked against the rows that decide it.
 */
let database: TestDatabase
afterAll(() => database.close())

let here: { id: string }
let elsewhere: { id: string }
let staffed: { id: string }
let person: { id: string; isAdmin: boolean }
let stranger: { id: string; isAdmin: boolean }

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  here = await makeCentre(db)
  elsewhere = await makeCentre(db)
  staffed = await makeCentre(db)
  person = await makeUser(db)
  stranger = await makeUser(db)
  const zebra = await makeInitiative(db, here.id, { name: 'Zebra Werkstatt', status: 'active' })
  const alpha = await makeInitiative(db, here.id, { name: 'Alpha Kollektiv', status: 'applied', decisionMessage: 'Bitte ergänzen' })
  const other = await makeInitiative(db, elsewhere.id, { name: 'Anderswo', status: 'active' })
  await addMember(db, zebra, person.id, 'member')
  await addMember(db, alpha, person.id, 'owner')
  await addMember(db, other, stranger.id, 'owner')
  await db.insert(centreStaff).values({ centreId: staffed.id, userId: person.id })
})

describe('seenFromCentre', () => {
  it('gives the initiatives of this centre in every status, by name, with role and decision message', async () => {
    const seen = await seenFromCentre(database.db, person.id, here.id)
    expect(seen.initiatives.map((mine) => [mine.name, mine.status, mine.role, mine.decisionMessage])).toEqual([
      ['Alpha Kollektiv', 'applied', 'owner', 'Bitte ergänzen'],
      ['Zebra Werkstatt', 'active', 'member', null],
    ])
    expect(seen).toMatchObject({ staffHere: false, activeAnywhere: true, staffAnywhere: true })
  })

  it('sees a staff seat in its own centre only, and no initiatives of another centre', async () => {
    expect(await seenFromCentre(database.db, person.id, staffed.id)).toEqual({
      initiatives: [],
      staffHere: true,
      activeAnywhere: true,
      staffAnywhere: true,
    })
    expect(await seenFromCentre(database.db, stranger.id, here.id)).toEqual({
      initiatives: [],
      staffHere: false,
      activeAnywhere: true,
      staffAnywhere: false,
    })
  })

  it('does not count an initiative that is not active as belonging to the network', async () => {
    const applicant = await makeUser(database.db)
    const applied = await makeInitiative(database.db, elsewhere.id, { status: 'applied' })
    const left = await makeInitiative(database.db, elsewhere.id, { status: 'left' })
    await addMember(database.db, applied, applicant.id, 'owner')
    await addMember(database.db, left, applicant.id, 'member')
    expect(await seenFromCentre(database.db, applicant.id, here.id)).toEqual({
      initiatives: [],
      staffHere: false,
      activeAnywhere: false,
      staffAnywhere: false,
    })
    expect((await seenFromCentre(database.db, applicant.id, elsewhere.id)).activeAnywhere).toBe(false)
    expect(await getListingViewer(database.db, { ...applicant, isAdmin: false }, elsewhere.id)).toMatchObject({
      initiativeIds: [],
      memberOfCentre: false,
      inNetwork: false,
    })
  })

  it('knows nothing of someone without initiatives or seats', async () => {
    const nobody = await makeUser(database.db)
    expect(await seenFromCentre(database.db, nobody.id, here.id)).toEqual({
      initiatives: [],
      staffHere: false,
      activeAnywhere: false,
      staffAnywhere: false,
    })
  })
})

describe('the listings viewer built from it', () => {
  it('may write only for active initiatives, and reads what its memberships allow', async () => {
    const viewer = await getListingViewer(database.db, person, here.id)
    expect(viewer.initiativeIds).toHaveLength(1)
    expect(viewer).toMatchObject({ memberOfCentre: true, inNetwork: true, isManager: false })
    // the same answer from the parts the guards read once per request
    expect(listingViewerOf(person, await seenFromCentre(database.db, person.id, here.id))).toEqual(viewer)

    const centreOnly = { centreId: here.id, initiativeId: crypto.randomUUID(), status: 'active' as const, visibility: 'centre' as const }
    expect(canRead(viewer, centreOnly, here.id)).toBe(true)
    const outsider = await getListingViewer(database.db, stranger, here.id)
    expect(outsider).toMatchObject({ memberOfCentre: false, inNetwork: true, isManager: false, initiativeIds: [] })
    expect(canRead(outsider, centreOnly, here.id)).toBe(false)
    expect(canRead(outsider, { ...centreOnly, visibility: 'network' }, here.id)).toBe(true)
  })

  it('makes a staff member a manager of their centre only, and an admin a manager everywhere', async () => {
    expect(await getListingViewer(database.db, person, staffed.id)).toMatchObject({ isManager: true, memberOfCentre: true, initiativeIds: [] })
    const admin = { ...(await makeUser(database.db)), isAdmin: true }
    expect(await getListingViewer(database.db, admin, here.id)).toMatchObject({ isManager: true, memberOfCentre: true, inNetwork: true })
  })
})
