import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import sharp from 'sharp'
import type { DbOrTx } from '#db/connect'
import { listingPhotos, listings } from '#db/schema'
import { canRead, type ListingViewer } from './visibility.server'
import { MAX_PHOTOS } from './schemas'

/**
 * Listing photos live in PostgreSQL (bytea), so every app process serves them and a backup holds
 * them. The type is decided by the file's first bytes, never by its name or the browser's claim.
 * What is stored is never the uploaded file: every photo is re-encoded without its metadata (EXIF
 * with GPS position and camera serial, XMP, IPTC), its orientation baked into the pixels.
 */
export { MAX_PHOTOS }
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const THUMBNAIL_WIDTH = 480
export const PHOTO_FIELD = 'photos'
/** Markers the upload handler leaves where a photo was dropped, so the form can say why. */
export const TOO_LARGE = 'viertel:too-large'
export const TOO_MANY = 'viertel:too-many'

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp'

/** JPEG, PNG or WebP by magic bytes; null for anything else. */
export function sniffImageType(bytes: Uint8Array): PhotoType | null {
  const starts = (...values: number[]) => values.every((v, i) => bytes[i] === v)
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (
    bytes.length >= 12 &&
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  ) {
    return 'image/webp'
  }
  return null
}

export interface ValidPhoto {
  contentType: PhotoType
  bytes: Buffer
  thumbnail: Buffer
}

/**
 * Checks uploaded photos and makes their thumbnails; errors are translation keys for the
 * `photos` field. `alreadyStored` counts the listing's photos that stay.
 */
export async function validatePhotos(
  entries: FormDataEntryValue[],
  alreadyStored = 0,
): Promise<{ photos: ValidPhoto[]; errors: string[] }> {
  const errors: string[] = []
  const photos: ValidPhoto[] = []
  const uploads = entries.filter((e) => (typeof e === 'string' ? e.startsWith('viertel:') : e.size > 0))
  if (uploads.length + alreadyStored > MAX_PHOTOS) {
    errors.push(`listings.errors.photoCount?maximum=${MAX_PHOTOS}`)
    return { photos, errors }
  }
  for (const entry of uploads) {
    if (typeof entry === 'string') {
      if (entry.startsWith(TOO_LARGE)) {
        errors.push(`listings.errors.photoTooLarge?name=${encodeURIComponent(entry.slice(TOO_LARGE.length + 1))}`)
      }
      continue
    }
    const name = encodeURIComponent(entry.name)
    if (entry.size > MAX_PHOTO_BYTES) {
      errors.push(`listings.errors.photoTooLarge?name=${name}`)
      continue
    }
    const bytes = Buffer.from(await entry.arrayBuffer())
    const contentType = sniffImageType(bytes)
    if (!contentType) {
      errors.push(`listings.errors.photoType?name=${name}`)
      continue
    }
    // a photo of more pixels than we decode gets its own message, not "cannot be read" (the header says, cheaply)
    if (await tooManyPixels(bytes)) {
      errors.push(`listings.errors.photoTooManyPixels?name=${name}&maximum=${MAX_INPUT_PIXELS / 1_000_000}`)
      continue
    }
    const clean = await stripMetadata(bytes, contentType)
    const thumbnail = clean ? await makeThumbnail(clean) : null
    if (!clean || !thumbnail) {
      errors.push(`listings.errors.photoUnreadable?name=${name}`)
      continue
    }
    if (clean.length > MAX_PHOTO_BYTES) {
      errors.push(`listings.errors.photoTooLarge?name=${name}`)
      continue
    }
    photos.push({ contentType, bytes: clean, thumbnail })
  }
  return { photos, errors }
}

const MAX_INPUT_PIXELS = 40_000_000

/** Width × height from the image's header over the limit; false when the header cannot be read (decoding says then). */
async function tooManyPixels(bytes: Buffer): Promise<boolean> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata()
    return Boolean(width && height && width * height > MAX_INPUT_PIXELS)
  } catch {
    return false
  }
}

/**
 * The image re-encoded in its own format with nothing but pixels: `.rotate()` applies the EXIF
 * orientation to the pixels, and sharp writes no metadata unless asked to (no keepMetadata /
 * withMetadata here), so EXIF (GPS, camera, times), XMP, IPTC and comments are gone. Colours
 * are converted to sRGB, so dropping the ICC profile does not change how the photo looks.
 * Null when the bytes cannot be decoded.
 */
export async function stripMetadata(bytes: Buffer, contentType: PhotoType): Promise<Buffer | null> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().toColourspace('srgb')
    if (contentType === 'image/jpeg') return await image.jpeg({ quality: 88, mozjpeg: true }).toBuffer()
    if (contentType === 'image/png') return await image.png({ compressionLevel: 9 }).toBuffer()
    return await image.webp({ quality: 88 }).toBuffer()
  } catch {
    return null
  }
}

/**
 * A WebP thumbnail, made with sharp (libvips, shipped as a prebuilt npm package; no build step).
 * A file that looks like an image by its first bytes but cannot be decoded gets null.
 */
export async function makeThumbnail(bytes: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: THUMBNAIL_WIDTH, height: THUMBNAIL_WIDTH, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer()
  } catch {
    return null
  }
}

/** Stores checked photos after the listing's existing ones. */
export async function addPhotos(db: DbOrTx, listing: { id: string; centreId: string }, photos: ValidPhoto[]) {
  if (!photos.length) return
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${listingPhotos.position}) + 1, 0)`.mapWith(Number) })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listing.id))
  const start = row?.next ?? 0
  await db.insert(listingPhotos).values(
    photos.map((photo, index) => ({
      listingId: listing.id,
      centreId: listing.centreId,
      contentType: photo.contentType,
      bytes: photo.bytes,
      thumbnail: photo.thumbnail,
      size: photo.bytes.length,
      position: start + index,
      metadataStripped: true,
    })),
  )
}

/** The listing's photo ids in their order. */
export async function photoIdsOf(db: DbOrTx, listingId: string) {
  const rows = await db
    .select({ id: listingPhotos.id })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position))
  return rows.map((r) => r.id)
}

export interface CleanProgress {
  done: number
  total: number
  cleaned: number
  failed: string[]
}

/**
 * Re-encodes every stored photo not yet stripped of its metadata (photos from before ADR 059),
 * one batch of ids at a time, each photo in its own short write, so a big table neither fills
 * the memory nor holds a long transaction. Idempotent: a photo is marked once cleaned and never
 * re-encoded again (no generation loss). A photo that cannot be decoded is reported and left.
 */
export async function cleanStoredPhotos(
  db: DbOrTx,
  options: { batchSize?: number; onProgress?: (progress: CleanProgress) => void } = {},
): Promise<CleanProgress> {
  const batchSize = Math.max(1, options.batchSize ?? 20)
  const [count] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(listingPhotos)
    .where(eq(listingPhotos.metadataStripped, false))
  const progress: CleanProgress = { done: 0, total: count?.n ?? 0, cleaned: 0, failed: [] }
  let after: string | null = null
  for (;;) {
    const batch: { id: string }[] = await db
      .select({ id: listingPhotos.id })
      .from(listingPhotos)
      .where(and(eq(listingPhotos.metadataStripped, false), after ? gt(listingPhotos.id, after) : undefined))
      .orderBy(asc(listingPhotos.id))
      .limit(batchSize)
    if (!batch.length) break
    for (const { id } of batch) {
      const [photo] = await db
        .select({ bytes: listingPhotos.bytes, contentType: listingPhotos.contentType })
        .from(listingPhotos)
        .where(and(eq(listingPhotos.id, id), eq(listingPhotos.metadataStripped, false)))
      progress.done++
      if (!photo) continue // cleaned meanwhile by a second run
      const bytes = Buffer.from(photo.bytes)
      const type = sniffImageType(bytes)
      const clean = type ? await stripMetadata(bytes, type) : null
      const thumbnail = clean ? await makeThumbnail(clean) : null
      if (!type || !clean || !thumbnail || clean.length > MAX_PHOTO_BYTES) {
        progress.failed.push(id)
        continue
      }
      await db
        .update(listingPhotos)
        .set({ bytes: clean, size: clean.length, thumbnail, contentType: type, metadataStripped: true })
        .where(and(eq(listingPhotos.id, id), eq(listingPhotos.metadataStripped, false)))
      progress.cleaned++
    }
    after = batch[batch.length - 1]!.id
    options.onProgress?.({ ...progress, failed: [...progress.failed] })
  }
  return progress
}

export async function countPhotos(db: DbOrTx, listingId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
  return row?.n ?? 0
}

/** Removes the named photos of one listing (ids of other listings are ignored) and closes the gaps. */
export async function removePhotos(db: DbOrTx, listingId: string, photoIds: string[]) {
  if (photoIds.length) {
    await db.delete(listingPhotos).where(and(eq(listingPhotos.listingId, listingId), inArray(listingPhotos.id, photoIds)))
  }
  const rest = await db
    .select({ id: listingPhotos.id })
    .from(listingPhotos)
    .where(eq(listingPhotos.listingId, listingId))
    .orderBy(asc(listingPhotos.position))
  // In ascending order each photo moves down into a free place, so the unique position holds.
  for (const [position, photo] of rest.entries()) {
    await db.update(listingPhotos).set({ position }).where(eq(listingPhotos.id, photo.id))
  }
}

/** A photo (or its thumbnail) if the viewer may read its listing; null otherwise. */
export async function getPhotoForViewer(
  db: DbOrTx,
  viewer: ListingViewer,
  centreId: string,
  listingId: string,
  photoId: string,
  variant: 'full' | 'thumb',
) {
  const [row] = await db
    .select({
      contentType: listingPhotos.contentType,
      bytes: variant === 'thumb' ? sql<Buffer>`coalesce(${listingPhotos.thumbnail}, ${listingPhotos.bytes})` : listingPhotos.bytes,
      hasThumbnail: sql<boolean>`${listingPhotos.thumbnail} is not null`,
      metadataStripped: listingPhotos.metadataStripped,
      listing: {
        centreId: listings.centreId,
        initiativeId: listings.initiativeId,
        status: listings.status,
        visibility: listings.visibility,
      },
    })
    .from(listingPhotos)
    .innerJoin(listings, eq(listings.id, listingPhotos.listingId))
    .where(and(eq(listingPhotos.id, photoId), eq(listingPhotos.listingId, listingId), eq(listings.centreId, centreId)))
  if (!row || !canRead(viewer, row.listing, centreId)) return null
  const contentType = variant === 'thumb' && row.hasThumbnail ? 'image/webp' : row.contentType
  return {
    contentType,
    bytes: Buffer.from(row.bytes),
    public: row.listing.visibility === 'public' && row.listing.status === 'active',
    // part of the ETag: a browser holding a photo from before `photos:clean` must not get a 304 for it
    version: row.metadataStripped ? 'clean' : 'original',
  }
}
