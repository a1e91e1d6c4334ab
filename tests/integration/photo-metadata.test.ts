import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCentre, makeMember } from '#db/factories'
import { listingPhotos } from '#db/schema'
import { createListing, getListingForViewer, getListingViewer } from '~/modules/listings/listings.server'
import { type CleanProgress, cleanStoredPhotos, getPhotoForViewer, type PhotoType, validatePhotos } from '~/modules/listings/photos.server'
import type { ListingValues } from '~/modules/listings/schemas'
import { createTestDatabase, onPostgres, type TestDatabase } from '../setup/db'

// Issue #13 §5: photos were served byte for byte as uploaded, with the camera's EXIF and the GPS
// position of where they were taken. Now every photo is re-encoded without metadata (ADR 059).

let database: TestDatabase
let centre: Awaited<ReturnType<typeof makeCentre>>
let member: Awaited<ReturnType<typeof makeMember>>

const values: ListingValues = {
  kind: 'offer',
  category: 'room',
  title: 'Werkstattraum im Hinterhof',
  description: 'Hell, mit Werkbank.',
  language: 'de',
  compensation: 'reciprocal',
  priceCents: null,
  availableFrom: null,
  availableUntil: null,
  visibility: 'public',
  bookable: false,
  details: { category: 'room', capacity: 6 },
}

const RED = { r: 220, g: 20, b: 20 }
const BLUE = { r: 20, g: 20, b: 220 }
const GPS = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '53/1 4/1 3000/100',
  GPSLongitudeRef: 'E',
  GPSLongitude: '8/1 48/1 2400/100',
}

/**
 * A 60×30 picture, red on the left and blue on the right, as a camera would save it: EXIF with
 * maker, owner and the GPS position, and an orientation tag saying "turn me" (6 = 90° clockwise).
 */
async function cameraPhoto(format: 'jpeg' | 'png' | 'webp', orientation = 6) {
  const half = (colour: typeof RED) =>
    sharp({
      create: { width: 30, height: 30, channels: 3, background: colour },
    })
      .png()
      .toBuffer()
  const base = sharp({
    create: { width: 60, height: 30, channels: 3, background: RED },
  }).composite([
    { input: await half(RED), left: 0, top: 0 },
    { input: await half(BLUE), left: 30, top: 0 },
  ])
  const flat = await base.png().toBuffer()
  const image = sharp(flat)
  const encoded = format === 'jpeg' ? image.jpeg({ quality: 95 }) : format === 'png' ? image.png() : image.webp({ lossless: true })
  const bytes = await encoded
    .withExif({
      IFD0: { Make: 'ViertelCam', Model: 'Spy 3000', Artist: 'Jane Private' },
      IFD3: GPS,
    })
    .withMetadata({ orientation })
    .toBuffer()
  // the fixture really carries what we mean to remove
  const meta = await sharp(bytes).metadata()
  expect(meta.orientation).toBe(orientation)
  expect(hasGps(meta.exif)).toBe(true)
  expect(bytes.includes('ViertelCam')).toBe(true)
  return bytes
}

/** The GPS IFD pointer (tag 0x8825) in either byte order of the TIFF header. */
function hasGps(exif: Buffer | undefined) {
  if (!exif) return false
  const little = exif.includes(Buffer.from([0x25, 0x88]))
  const big = exif.includes(Buffer.from([0x88, 0x25]))
  return little || big
}

async function expectClean(bytes: Buffer, type: PhotoType) {
  const meta = await sharp(bytes).metadata()
  expect(`image/${meta.format}`).toBe(type)
  expect(meta.exif).toBeUndefined()
  expect(meta.xmp).toBeUndefined()
  expect(meta.iptc).toBeUndefined()
  expect(meta.orientation ?? 1).toBe(1)
  for (const secret of ['ViertelCam', 'Spy 3000', 'Jane Private', 'Exif']) expect(bytes.includes(secret)).toBe(false)
  // orientation 6 applied to the pixels: 30 wide, 60 high, the left (red) half now on top
  expect([meta.width, meta.height]).toEqual([30, 60])
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const pixel = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels
    return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! }
  }
  const near = (p: { r: number; g: number; b: number }, c: typeof RED) =>
    Math.abs(p.r - c.r) < 40 && Math.abs(p.g - c.g) < 40 && Math.abs(p.b - c.b) < 40
  expect(near(pixel(15, 10), RED)).toBe(true)
  expect(near(pixel(15, 50), BLUE)).toBe(true)
}

beforeAll(async () => {
  database = await createTestDatabase()
  centre = await makeCentre(database.db, { moderationMode: 'post' })
  member = await makeMember(database.db, centre.id)
})
afterAll(() => database.close())

describe('uploaded photos are stored and served without metadata', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`${format}: no EXIF, no GPS, no maker or owner; orientation applied to the pixels`, async () => {
      const db = database.db
      const original = await cameraPhoto(format)
      const { photos, errors } = await validatePhotos([new File([new Uint8Array(original)], `urlaub.${format}`)])
      expect(errors).toEqual([])
      const listing = await createListing(db, member, centre, member.user.id, values, photos)

      // what a visitor is served for this public listing, full size and thumbnail
      const viewer = await getListingViewer(db, null, centre.id)
      const detail = await getListingForViewer(db, viewer, centre.id, listing.id)
      const photoId = detail!.photos[0]!.id
      const full = await getPhotoForViewer(db, viewer, centre.id, listing.id, photoId, 'full')
      expect(full!.contentType).toBe(`image/${format}`)
      expect(full!.bytes.equals(original)).toBe(false)
      await expectClean(full!.bytes, `image/${format}`)
      const thumb = await getPhotoForViewer(db, viewer, centre.id, listing.id, photoId, 'thumb')
      await expectClean(thumb!.bytes, 'image/webp')

      const [row] = await db.select().from(listingPhotos).where(eq(listingPhotos.id, photoId))
      expect(row!.metadataStripped).toBe(true)
      expect(row!.size).toBe(full!.bytes.length)
    })
  }
})

/** A photo as stored before this fix: the uploaded bytes, metadata and all. */
async function legacyPhoto(listingId: string, position: number, bytes: Buffer, contentType: PhotoType) {
  const [row] = await database.db
    .insert(listingPhotos)
    .values({
      listingId,
      centreId: centre.id,
      contentType,
      bytes,
      thumbnail: null,
      size: bytes.length,
      position,
    })
    .returning({ id: listingPhotos.id })
  return row!.id
}

describe('cleaning the photos stored before', () => {
  it('re-encodes every old photo in batches with progress, leaves undecodable ones, and a second run changes nothing', async () => {
    const db = database.db
    const before = await cleanStoredPhotos(db) // photos of the other tests are clean already
    expect(before.cleaned).toBe(0)

    const listing = await createListing(db, member, centre, member.user.id, values)
    const second = await createListing(db, member, centre, member.user.id, values)
    const ids = [
      await legacyPhoto(listing.id, 0, await cameraPhoto('jpeg'), 'image/jpeg'),
      await legacyPhoto(listing.id, 1, await cameraPhoto('png'), 'image/png'),
      await legacyPhoto(listing.id, 2, await cameraPhoto('webp'), 'image/webp'),
      await legacyPhoto(second.id, 0, await cameraPhoto('jpeg'), 'image/jpeg'),
    ]
    const broken = await legacyPhoto(second.id, 1, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), 'image/jpeg')

    const owner = await getListingViewer(db, { id: member.user.id, isAdmin: false }, centre.id)
    const served = () => getPhotoForViewer(db, owner, centre.id, listing.id, ids[0]!, 'full')
    expect((await served())!.version).toBe('original')

    const reports: CleanProgress[] = []
    const result = await cleanStoredPhotos(db, {
      batchSize: 2,
      onProgress: (p) => reports.push(p),
    })
    expect(result).toEqual({ done: 5, total: 5, cleaned: 4, failed: [broken] })
    expect(reports.map((r) => r.done)).toEqual([2, 4, 5])

    const rows = await db.select().from(listingPhotos)
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const id of ids) {
      const row = byId.get(id)!
      expect(row.metadataStripped).toBe(true)
      await expectClean(Buffer.from(row.bytes), row.contentType as PhotoType)
      await expectClean(Buffer.from(row.thumbnail!), 'image/webp')
      expect(row.size).toBe(Buffer.from(row.bytes).length)
    }
    expect(byId.get(broken)!.metadataStripped).toBe(false)
    // a new ETag, so a browser holding the original gets the cleaned bytes, not a 304
    expect((await served())!.version).toBe('clean')

    // idempotent: nothing is re-encoded again (no generation loss); only the broken one is retried
    const again = await cleanStoredPhotos(db, { batchSize: 2 })
    expect(again).toEqual({ done: 1, total: 1, cleaned: 0, failed: [broken] })
    const after = await db.select().from(listingPhotos)
    for (const id of ids) expect(Buffer.from(after.find((r) => r.id === id)!.bytes).equals(Buffer.from(byId.get(id)!.bytes))).toBe(true)
  })

  it('npm run photos:clean runs the same cleaning against DATABASE_URL and prints its progress', async () => {
    if (!onPostgres() || !database.url) {
      console.info('skipped on PGlite: the script opens its own connection, which needs a PostgreSQL server')
      return
    }
    await database.db.delete(listingPhotos).where(eq(listingPhotos.metadataStripped, false)) // the broken one above
    const listing = await createListing(database.db, member, centre, member.user.id, values)
    const id = await legacyPhoto(listing.id, 0, await cameraPhoto('jpeg'), 'image/jpeg')
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/clean-photo-metadata.ts', '--batch-size', '1'], {
      env: { ...process.env, DATABASE_URL: database.url },
      timeout: 60_000,
    })
    expect(stdout).toMatch(/cleaned 1 of/)
    const [row] = await database.db.select().from(listingPhotos).where(eq(listingPhotos.id, id))
    expect(row!.metadataStripped).toBe(true)
    await expectClean(Buffer.from(row!.bytes), 'image/jpeg')
  }, 90_000)
})
