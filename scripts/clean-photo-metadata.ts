// `npm run photos:clean [-- --batch-size N]`: strips the metadata (EXIF with GPS position, camera,
// owner; XMP; IPTC) from listing photos stored before uploads were cleaned (ADR 059). Opens the
// database like the app does (DATABASE_URL, else the PGlite folder). Safe to run again and to
// interrupt: a photo is marked once cleaned and never re-encoded a second time.
import { openConfiguredDatabase } from './db-tools'
import { cleanStoredPhotos } from '../app/modules/listings/photos.server'

const say = (line: string) => console.log(`Viertel photos:clean: ${line}`)

function batchSizeFrom(args: string[]) {
  const index = args.indexOf('--batch-size')
  if (index < 0) return 20
  const n = Number(args[index + 1])
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : null
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const batchSize = batchSizeFrom(args)
  if (batchSize === null) {
    console.error('Usage: npm run photos:clean -- [--batch-size N]   (N from 1 to 1000, default 20)')
    return 2
  }
  const database = await openConfiguredDatabase('photos:clean', say)
  if (!database) return 1
  try {
    const started = Date.now()
    const result = await cleanStoredPhotos(database.db, {
      batchSize,
      onProgress: (p) =>
        say(`${p.done}/${p.total} looked at, ${p.cleaned} cleaned${p.failed.length ? `, ${p.failed.length} unreadable` : ''}`),
    })
    say(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s: cleaned ${result.cleaned} of ${
        result.total
      } photos still carrying metadata.`,
    )
    if (result.failed.length) {
      console.error(
        `Viertel photos:clean: ${result.failed.length} photo(s) could not be decoded and were left as they are: ${result.failed.join(
          ', ',
        )}`,
      )
      return 1
    }
    return 0
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
