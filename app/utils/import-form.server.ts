/**
 * The import form's multipart reader (for unstable_parseMultipartFormData, shaped as its upload
 * handler without importing it). The file part is kept up to MAX_IMPORT_BYTES; a larger one is
 * read to its end and dropped, leaving a marker, so the page can say what was wrong instead of
 * failing the whole form. Text fields (the intent, the previewed hash) are short.
 */
import { IMPORT_FILE_FIELD, IMPORT_TOO_LARGE, MAX_IMPORT_BYTES } from '~/modules/initiatives/import'

const MAX_TEXT_FIELD_BYTES = 4 * 1024

interface Part {
  name: string
  filename?: string
  data: AsyncIterable<Uint8Array>
}

export function createImportUploadHandler() {
  let files = 0
  return async ({ name, filename, data }: Part): Promise<File | string | undefined> => {
    const chunks: Uint8Array[] = []
    let size = 0
    const limit = filename === undefined ? MAX_TEXT_FIELD_BYTES : MAX_IMPORT_BYTES
    const keep = name === IMPORT_FILE_FIELD ? ++files === 1 : filename === undefined
    for await (const chunk of data) {
      size += chunk.byteLength
      if (keep && size <= limit) chunks.push(chunk)
    }
    if (!keep) return undefined
    if (filename === undefined) return size <= limit ? new TextDecoder().decode(Buffer.concat(chunks)) : undefined
    if (size > limit) return IMPORT_TOO_LARGE
    if (size === 0) return undefined
    return new File(chunks as BlobPart[], filename)
  }
}
