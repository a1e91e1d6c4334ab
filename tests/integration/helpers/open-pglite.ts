// Opens a PGlite data folder the way the app does, in a process of its own, and says what happened.
import { openDatabase } from '../../../db/connect'

try {
  const database = await openDatabase({ dataDir: process.argv[2]! })
  console.log('opened')
  await database.close()
} catch (error) {
  console.log(`refused: ${(error as Error).message}`)
  process.exitCode = 3
}
