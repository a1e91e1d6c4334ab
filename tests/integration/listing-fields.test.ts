import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { listings } from '#db/schema'
import { createListing, getListingForViewer, getListingViewer, updateListing } from '~/modules/listings/listings.server'
import { createListingSchema, detailsToForm, editListingSchema } from '~/modules/listings/schemas'
import { createTestDatabase, type TestDatabase } from '../setup/db'

/**
 * A listing's details by kind (issue #19): a need for a tool is posted without a condition or a
 * deposit, from the form's own fields through the module into the database and back to the edit
 * form; an offer of a tool still has to give its condition.
 */

let database: TestDatabase
let centre: Awaited<ReturnType<typeof makeCentre>>
let member: Awaited<ReturnType<typeof makeMember>>
const LIMITS = { loanLimitCents: 500_000 }

/** What the listing form sends (every category's fieldset is in it without CSS :has). */
function form(kind: 'offer' | 'need', details: Record<string, unknown>) {
  return {
    initiativeId: member.initiative.id,
    kind,
    title: 'Stichsäge für eine Woche',
    description: 'Für den Umbau der Bühne.',
    language: 'de',
    compensation: 'reciprocal',
    visibility: 'centre',
    details,
  }
}

beforeAll(async () => {
  database = await createTestDatabase()
  centre = await makeCentre(database.db, { moderationMode: 'post' })
  member = await makeMember(database.db, centre.id)
})
afterAll(() => database.close())

describe('a tool: condition and deposit are an offer’s', () => {
  it('a need is stored without them, shown without them, and edits back to an empty condition', async () => {
    const db = database.db
    const values = createListingSchema(LIMITS).parse(form('need', { category: 'tool', condition: 'good', deposit: '25' }))
    const created = await createListing(db, member, centre, member.user.id, values)

    const [row] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(row!.details).toEqual({ category: 'tool' })
    const viewer = await getListingViewer(db, { id: member.user.id, isAdmin: false }, centre.id)
    const shown = await getListingForViewer(db, viewer, centre.id, created.id)
    expect(shown!.listing.details).toEqual({ category: 'tool' })
    expect(detailsToForm(shown!.listing.details)).toEqual({ category: 'tool', condition: '', deposit: '' })
  })

  it('turning a need into an offer asks for the condition; turning an offer into a need drops it', async () => {
    const db = database.db
    const created = await createListing(db, member, centre, member.user.id, createListingSchema(LIMITS).parse(form('need', { category: 'tool' })))
    const viewer = await getListingViewer(db, { id: member.user.id, isAdmin: false }, centre.id)
    const edit = editListingSchema(LIMITS)

    const refused = edit.safeParse(form('offer', { category: 'tool' }))
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['details.condition', 'validation.required']])

    await updateListing(db, viewer, centre, created.id, edit.parse(form('offer', { category: 'tool', condition: 'used', deposit: '12,50' })))
    const [offer] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(offer!.details).toEqual({ category: 'tool', condition: 'used', depositCents: 1250 })

    await updateListing(db, viewer, centre, created.id, edit.parse(form('need', { category: 'tool', condition: 'used', deposit: '12,50' })))
    const [need] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(need!.details).toEqual({ category: 'tool' })
    expect(need!.kind).toBe('need')
  })
})
