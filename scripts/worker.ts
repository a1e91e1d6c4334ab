/**
 * The stand-alone background worker (`npm run worker`): delivers the e-mail outbox over SMTP and
 * builds digests. Run as many as you like beside the app processes (PostgreSQL only: the
 * embedded PGlite database belongs to the one app process, which runs its own worker).
 */
import { openDatabase } from '../db/connect'
import { startConfiguredWorker } from '../app/modules/notifications/worker.server'

const url = process.env.DATABASE_URL || undefined
const database = await openDatabase(url ? { url, poolSize: 2 } : { dataDir: process.env.PGLITE_DATA_DIR || './data/pglite' })
console.log(`Viertel worker: running on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`)
const worker = await startConfiguredWorker(database.db)

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`Viertel worker: ${signal}, finishing the current round…`)
  await worker.stop()
  await database.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
// Keep the process alive: the worker's own timers are unref'd so that it never holds an app open.
setInterval(() => {}, 1 << 30)
