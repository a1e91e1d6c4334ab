import { asc, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, makeCentre, makeManager, makeMember } from '#db/factories'
import { auditLog, centres, listingPhotos, listings } from '#db/schema'
import {
  changeListingStatus,
  createListing,
  getListingForViewer,
  getListingViewer,
  listModerationQueue,
  moderateListing,
  updateListing,
  VISITOR,
} from '~/modules/listings/listings.server'
import { validatePhotos } from '~/modules/listings/photos.server'
import type { ListingValues } from '~/modules/listings/schemas'
import { searchListings } from '~/modules/listings/search.server'
import { createTestDatabase, type TestDatabase } from '../setup/db'

// Issue #13 §2 (ADR 059): in a pre-moderated centre nothing changed goes live without a manager.

let database: TestDatabase
type Centre = Awaited<ReturnType<typeof makeCentre>>
type Member = Awaited<ReturnType<typeof makeMember>>
let pre: Centre
let other: Centre
let owner: Member
let manager: { id: string }
let neighbour: Member
let outsider: Member

function values(overrides: Partial<ListingValues> = {}): ListingValues {
  return {
    kind: 'offer',
    category: 'tool',
    title: 'Standbohrmaschine zu verleihen',
    description: 'Schwere Standbohrmaschine, mit Schraubstock.',
    language: 'de',
    compensation: 'reciprocal',
    priceCents: null,
    availableFrom: null,
    availableUntil: null,
    visibility: 'centre',
    bookable: false,
    details: { category: 'tool', condition: 'good', depositCents: 2000 },
    ...overrides,
  }
}

const viewerOf = (user: { id: string }, centreId: string) => getListingViewer(database.db, { id: user.id, isAdmin: false }, centreId)

async function statusOf(id: string) {
  const [row] = await database.db.select({ status: listings.status }).from(listings).where(eq(listings.id, id))
  return row!.status
}

async function photoIdsOf(db: TestDatabase['db'], listingId: string) {
  const rows = await db
    .select({ id: listingPhotos.id })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position))
  return rows.map((r) => r.id)
}

async function photo(colour: string) {
  const png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: colour },
  })
    .png()
    .toBuffer()
  const { photos, errors } = await validatePhotos([new File([new Uint8Array(png)], 'bild.png')])
  expect(errors).toEqual([])
  return photos
}

/** A listing the manager approved: live, seen by the whole centre. */
async function approvedListing(overrides: Partial<ListingValues> = {}, centre: Centre = pre, member: Member = owner) {
  const created = await createListing(database.db, member, centre, member.user.id, values(overrides))
  expect(created.status).toBe('pending')
  expect(
    await moderateListing(database.db, manager.id, centre.id, created.id, {
      intent: 'approve',
    }),
  ).toEqual({ ok: true })
  expect(await statusOf(created.id)).toBe('active')
  return created.id
}

/** Can anyone but the owner and the managers see it, anywhere? */
async function seenByOthers(id: string, title: string) {
  const db = database.db
  const neighbourViewer = await viewerOf(neighbour.user, pre.id)
  const outsiderViewer = await viewerOf(outsider.user, pre.id)
  const seen = [
    await getListingForViewer(db, VISITOR, pre.id, id),
    await getListingForViewer(db, neighbourViewer, pre.id, id),
    await getListingForViewer(db, outsiderViewer, pre.id, id),
  ].some(Boolean)
  const word = title.split(' ')[0]!
  const found = [
    ...(
      await searchListings(db, VISITOR, pre.id, {
        q: word,
        kind: null,
        category: null,
        page: 1,
      })
    ).items,
    ...(
      await searchListings(db, neighbourViewer, pre.id, {
        q: word,
        kind: null,
        category: null,
        page: 1,
      })
    ).items,
    ...(await searchListings(db, await viewerOf(outsider.user, other.id), other.id, { q: word, kind: null, category: null, page: 1 }))
      .items,
  ].some((item) => item.id === id)
  return seen || found
}

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  pre = await makeCentre(db, { moderationMode: 'pre' })
  other = await makeCentre(db, { moderationMode: 'post' })
  owner = await makeMember(db, pre.id)
  neighbour = await makeMember(db, pre.id)
  outsider = await makeMember(db, other.id)
  manager = await makeManager(db, pre.id)
})
afterAll(() => database.close())

describe('the probe: approved → paused → edited → reopened', () => {
  it('does not go live: the edit sends it to the queue, reopening cannot publish it, nobody else sees it', async () => {
    const db = database.db
    const id = await approvedListing()
    const ownerViewer = await viewerOf(owner.user, pre.id)
    expect(await changeListingStatus(db, ownerViewer, pre, id, 'pause')).toEqual({ ok: true, status: 'paused' })
    const edited = await updateListing(
      db,
      ownerViewer,
      pre,
      id,
      values({
        title: 'Zeckenhalsband Sonderangebot',
        description: 'Ganz neuer Text, nie geprüft.',
        visibility: 'public',
      }),
    )
    expect(edited).toMatchObject({
      status: 'pending',
      changed: true,
      sentToReview: true,
    })
    const reopened = await changeListingStatus(db, ownerViewer, pre, id, 'reopen')
    expect(reopened.ok && reopened.status === 'active').toBe(false)
    expect(await statusOf(id)).toBe('pending')
    expect(await seenByOthers(id, 'Zeckenhalsband')).toBe(false)

    // once a manager approves exactly this version, it is public
    const queue = await listModerationQueue(db, pre.id)
    const item = queue.pending.find((i) => i.id === id)!
    expect(
      await moderateListing(db, manager.id, pre.id, id, {
        intent: 'approve',
        revision: item.revision!,
      }),
    ).toEqual({ ok: true })
    expect(await seenByOthers(id, 'Zeckenhalsband')).toBe(true)
  })

  it('a paused listing whose content changed while the centre was post-moderated goes to the queue when reopened after the switch', async () => {
    const db = database.db
    const centre = await makeCentre(db, { moderationMode: 'post' })
    const member = await makeMember(db, centre.id)
    const viewer = await viewerOf(member.user, centre.id)
    const created = await createListing(db, member, centre, member.user.id, values())
    expect(created.status).toBe('active')
    await changeListingStatus(db, viewer, centre, created.id, 'pause')
    await updateListing(db, viewer, centre, created.id, values({ title: 'Im Post-Modus geändert', visibility: 'public' }))
    const [switched] = await db.update(centres).set({ moderationMode: 'pre' }).where(eq(centres.id, centre.id)).returning()
    expect(await changeListingStatus(db, viewer, switched!, created.id, 'reopen')).toEqual({ ok: true, status: 'pending' })
    expect(await getListingForViewer(db, VISITOR, centre.id, created.id)).toBeNull()
  })
})

describe('every change of content in a pre-moderated centre sends the listing to the queue', () => {
  const changes: [string, Partial<ListingValues>][] = [
    ['title', { title: 'Neuer Titel für die Bohrmaschine' }],
    ['description', { description: 'Jetzt mit ganz anderem Text.' }],
    ['category details', { details: { category: 'tool', condition: 'worn', depositCents: 2000 } }],
    ['deposit', { details: { category: 'tool', condition: 'good', depositCents: 99_00 } }],
    ['category', { category: 'other', details: { category: 'other' } }],
    ['kind', { kind: 'need' }],
    ['compensation and price', { compensation: 'paid', priceCents: 5000 }],
    ['availability window', { availableFrom: '2030-01-01', availableUntil: '2030-02-01' }],
    ['visibility: network', { visibility: 'network' }],
    ['visibility: public', { visibility: 'public' }],
    ['language', { language: 'en' }],
    ['bookable', { bookable: true }],
  ]
  for (const [what, change] of changes) {
    it(`${what}: active → pending, paused → pending; reopening cannot publish it`, async () => {
      const db = database.db
      const viewer = await viewerOf(owner.user, pre.id)
      const live = await approvedListing()
      expect((await updateListing(db, viewer, pre, live, values(change)))?.status).toBe('pending')
      expect(await getListingForViewer(db, await viewerOf(neighbour.user, pre.id), pre.id, live)).toBeNull()

      const paused = await approvedListing()
      await changeListingStatus(db, viewer, pre, paused, 'pause')
      expect((await updateListing(db, viewer, pre, paused, values(change)))?.status).toBe('pending')
      await changeListingStatus(db, viewer, pre, paused, 'reopen')
      expect(await statusOf(paused)).toBe('pending')
      expect(await getListingForViewer(db, await viewerOf(neighbour.user, pre.id), pre.id, paused)).toBeNull()
    })
  }

  it('whatever the status: paused and closed ones go to the queue; a draft stays a draft', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)
    for (const intent of ['pause', 'close'] as const) {
      const id = await approvedListing()
      await changeListingStatus(db, viewer, pre, id, intent)
      expect(await updateListing(db, viewer, pre, id, values({ description: `geändert nach ${intent}` }))).toMatchObject({
        status: 'pending',
      })
      expect(await changeListingStatus(db, viewer, pre, id, 'reopen')).toEqual({
        ok: false,
        error: 'invalidTransition',
      })
      expect(await statusOf(id)).toBe('pending')
    }
    const [draft] = await db
      .insert(listings)
      .values({
        ...values(),
        centreId: pre.id,
        initiativeId: owner.initiative.id,
        status: 'draft',
      })
      .returning({ id: listings.id })
    expect(await updateListing(db, viewer, pre, draft!.id, values({ title: 'Entwurf geändert' }))).toMatchObject({ status: 'draft' })
  })

  it('adding, removing or reordering photos is a change too; saving the same form is not', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)

    const id = await approvedListing()
    expect((await updateListing(db, viewer, pre, id, values()))?.status).toBe('active')
    expect(
      (
        await updateListing(db, viewer, pre, id, values(), {
          add: await photo('#aa3300'),
        })
      )?.status,
    ).toBe('pending')

    // approved with two photos, then one removed
    const withPhotos = await createListing(db, owner, pre, owner.user.id, values(), [
      ...(await photo('#112233')),
      ...(await photo('#445566')),
    ])
    await moderateListing(db, manager.id, pre.id, withPhotos.id, {
      intent: 'approve',
    })
    const [first] = await photoIdsOf(db, withPhotos.id)
    expect(
      await updateListing(db, viewer, pre, withPhotos.id, values(), {
        remove: [first!],
      }),
    ).toMatchObject({ status: 'pending' })
    expect(await photoIdsOf(db, withPhotos.id)).toHaveLength(1)

    // a photo id of another listing is ignored, and is no change
    const third = await approvedListing()
    expect(
      (
        await updateListing(db, viewer, pre, third, values(), {
          remove: [first!],
        })
      )?.status,
    ).toBe('active')
  })

  it('a manager editing their own initiative’s listing goes through the queue like everyone', async () => {
    const db = database.db
    const both = await makeManager(db, pre.id)
    await addMember(db, owner.initiative, both.id, 'member')
    const viewer = await viewerOf(both, pre.id)
    expect(viewer.isManager).toBe(true)
    for (const paused of [false, true]) {
      const id = await approvedListing()
      if (paused) await changeListingStatus(db, viewer, pre, id, 'pause')
      expect((await updateListing(db, viewer, pre, id, values({ title: 'Vom Verwalter selbst geändert' })))?.status).toBe('pending')
    }
  })

  it('a listing that went live while the centre was post-moderated goes to the queue when edited after the switch to pre', async () => {
    const db = database.db
    const centre = await makeCentre(db, { moderationMode: 'post' })
    const member = await makeMember(db, centre.id)
    const created = await createListing(db, member, centre, member.user.id, values())
    const [switched] = await db.update(centres).set({ moderationMode: 'pre' }).where(eq(centres.id, centre.id)).returning()
    const viewer = await viewerOf(member.user, centre.id)
    expect(await updateListing(db, viewer, switched!, created.id, values({ visibility: 'public' }))).toMatchObject({ status: 'pending' })
  })
})

describe('reopening', () => {
  it('an unchanged approved listing goes live again; one never approved (or from before approvals were recorded) goes to the queue', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)
    const id = await approvedListing()
    await changeListingStatus(db, viewer, pre, id, 'pause')
    expect(await changeListingStatus(db, viewer, pre, id, 'reopen')).toEqual({
      ok: true,
      status: 'active',
    })
    await changeListingStatus(db, viewer, pre, id, 'close')
    expect(await changeListingStatus(db, viewer, pre, id, 'reopen')).toEqual({
      ok: true,
      status: 'active',
    })

    // live before approvals were recorded (no approved content): reopening asks a manager again
    const [legacy] = await db
      .insert(listings)
      .values({
        ...values(),
        centreId: pre.id,
        initiativeId: owner.initiative.id,
        status: 'paused',
        publishedAt: new Date(),
      })
      .returning({ id: listings.id })
    expect(await changeListingStatus(db, viewer, pre, legacy!.id, 'reopen')).toEqual({ ok: true, status: 'pending' })
  })
})

describe('hidden stays hidden until a manager acts', () => {
  it('the owner’s edit neither shows it nor queues it; pause, reopen and close are refused; the manager restores what they saw', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)
    const id = await approvedListing()
    await moderateListing(db, manager.id, pre.id, id, {
      intent: 'hide',
      reason: 'Bitte Preis entfernen.',
    })
    expect(await updateListing(db, viewer, pre, id, values({ title: 'Versteckt, aber geändert', visibility: 'public' }))).toMatchObject({
      status: 'hidden',
    })
    for (const intent of ['pause', 'reopen', 'close'] as const) {
      expect(await changeListingStatus(db, viewer, pre, id, intent)).toEqual({
        ok: false,
        error: 'invalidTransition',
      })
    }
    expect(await statusOf(id)).toBe('hidden')
    expect(await seenByOthers(id, 'Versteckt')).toBe(false)

    // in a post-moderated centre too
    const centre = await makeCentre(db, { moderationMode: 'post' })
    const member = await makeMember(db, centre.id)
    const postManager = await makeManager(db, centre.id)
    const created = await createListing(db, member, centre, member.user.id, values())
    await moderateListing(db, postManager.id, centre.id, created.id, {
      intent: 'hide',
      reason: 'Spam',
    })
    const memberViewer = await viewerOf(member.user, centre.id)
    expect(await updateListing(db, memberViewer, centre, created.id, values({ title: 'Kein Spam mehr, ehrlich' }))).toMatchObject({
      status: 'hidden',
    })

    // the queue shows the manager what changed since approval, then they restore exactly that
    const queue = await listModerationQueue(db, pre.id)
    const item = queue.hidden.find((i) => i.id === id)!
    expect(item.review).toMatchObject({ kind: 'changed' })
    expect(
      await moderateListing(db, manager.id, pre.id, id, {
        intent: 'restore',
        revision: item.revision! - 1,
      }),
    ).toEqual({
      ok: false,
      error: 'changed',
    })
    expect(
      await moderateListing(db, manager.id, pre.id, id, {
        intent: 'restore',
        revision: item.revision!,
      }),
    ).toEqual({ ok: true })
    expect(await statusOf(id)).toBe('active')
  })
})

describe('the managers’ queue', () => {
  it('shows old and new for each changed field, and "new" for a listing never approved', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)
    const id = await approvedListing({
      title: 'Alter Titel der Säge',
      details: { category: 'tool', condition: 'good', depositCents: 1000 },
    })
    await updateListing(
      db,
      viewer,
      pre,
      id,
      values({
        title: 'Neuer Titel der Säge',
        visibility: 'public',
        details: { category: 'tool', condition: 'good', depositCents: 2500 },
      }),
      { add: await photo('#00ff00') },
    )
    const fresh = await createListing(db, owner, pre, owner.user.id, values({ title: 'Ganz neu, nie gesehen' }))

    const queue = await listModerationQueue(db, pre.id)
    const changed = queue.pending.find((i) => i.id === id)!
    expect(changed.review).toEqual({
      kind: 'changed',
      changes: [
        {
          field: 'title',
          before: { type: 'text', value: 'Alter Titel der Säge' },
          after: { type: 'text', value: 'Neuer Titel der Säge' },
        },
        {
          field: 'deposit',
          before: { type: 'cents', value: 1000 },
          after: { type: 'cents', value: 2500 },
        },
        {
          field: 'visibility',
          before: { type: 'enum', key: 'listings.visibility.centre' },
          after: { type: 'enum', key: 'listings.visibility.public' },
        },
        {
          field: 'photos',
          before: { type: 'photos', count: 0 },
          after: { type: 'photos', count: 1 },
          photos: { added: 1, removed: 0, reordered: false },
        },
      ],
    })
    expect(queue.pending.find((i) => i.id === fresh.id)!.review).toEqual({
      kind: 'new',
    })
  })

  it('an approval of a version the manager did not see is refused, and what was approved is recorded and audited', async () => {
    const db = database.db
    const viewer = await viewerOf(owner.user, pre.id)
    const created = await createListing(db, owner, pre, owner.user.id, values({ title: 'Harmloser Titel' }))
    const seen = (await listModerationQueue(db, pre.id)).pending.find((i) => i.id === created.id)!
    // the owner changes it while the manager reads the queue
    await updateListing(db, viewer, pre, created.id, values({ title: 'Nachträglich untergeschoben', visibility: 'public' }))
    expect(
      await moderateListing(db, manager.id, pre.id, created.id, {
        intent: 'approve',
        revision: seen.revision!,
      }),
    ).toEqual({
      ok: false,
      error: 'changed',
    })
    expect(await statusOf(created.id)).toBe('pending')

    const again = (await listModerationQueue(db, pre.id)).pending.find((i) => i.id === created.id)!
    expect(
      await moderateListing(db, manager.id, pre.id, created.id, {
        intent: 'approve',
        revision: again.revision!,
      }),
    ).toEqual({ ok: true })
    const [row] = await db.select().from(listings).where(eq(listings.id, created.id))
    expect(row!.approvedContent).toMatchObject({
      title: 'Nachträglich untergeschoben',
      visibility: 'public',
      photoIds: [],
    })
    const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, created.id))
    expect(audit.map((a) => a.action)).toEqual(['listing.approved'])
    expect(audit[0]!.details).toMatchObject({
      revision: again.revision,
      changed: 'new',
    })
  })
})

describe('a post-moderated centre is not made stricter', () => {
  it('edits and photo changes of a live listing stay live', async () => {
    const db = database.db
    const member = await makeMember(db, other.id)
    const viewer = await viewerOf(member.user, other.id)
    const created = await createListing(db, member, other, member.user.id, values())
    expect(
      (await updateListing(db, viewer, other, created.id, values({ title: 'Sofort sichtbar' }), { add: await photo('#123456') }))?.status,
    ).toBe('active')
    await changeListingStatus(db, viewer, other, created.id, 'pause')
    expect(await changeListingStatus(db, viewer, other, created.id, 'reopen')).toEqual({ ok: true, status: 'active' })
  })
})
