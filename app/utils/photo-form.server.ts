import { type UploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_FIELD, TOO_LARGE, TOO_MANY } from '~/modules/listings/photos.server'
import { readFormData } from '~/utils/http.server'

/**
 * For unstable_parseMultipartFormData: keeps up to MAX_PHOTOS photo parts in memory, each up to
 * the size limit; a larger part (or one too many) is read to its end and dropped, leaving a
 * marker, so the form can say what was wrong instead of failing the whole request. Text fields
 * are kept (up to 64 KiB each); other file fields are dropped.
 */
export function createPhotoUploadHandler(): UploadHandler {
  let parts = 0
  return async ({ name, filename, data }) => {
    const drain = async () => {
      for await (const _chunk of data) {
        // read and drop
      }
    }
    if (!filename && name !== PHOTO_FIELD) {
      // an ordinary field: its text, bounded like any form field
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const chunk of data) {
        size += chunk.byteLength
        if (size <= MAX_TEXT_FIELD_BYTES) chunks.push(chunk)
      }
      return new TextDecoder().decode(Buffer.concat(chunks))
    }
    if (name !== PHOTO_FIELD || !filename) {
      await drain()
      return undefined
    }
    if (++parts > MAX_PHOTOS) {
      await drain()
      return TOO_MANY
    }
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size <= MAX_PHOTO_BYTES) chunks.push(chunk)
    }
    if (size > MAX_PHOTO_BYTES) return `${TOO_LARGE}:${filename}`
    if (size === 0) return undefined
    return new File(chunks as BlobPart[], filename)
  }
}
const MAX_TEXT_FIELD_BYTES = 64 * 1024

/** The listing form's fields and photos; multipart when it carries files, plain otherwise. */
export async function readListingForm(request: Request): Promise<FormData> {
  const type = request.headers.get('Content-Type') ?? ''
  if (!type.startsWith('multipart/form-data')) return readFormData(request)
  try {
    return await unstable_parseMultipartFormData(request, createPhotoUploadHandler())
  } catch {
    throw new Response('The form could not be read.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
