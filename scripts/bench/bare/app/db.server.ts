import postgres from 'postgres'

/** One pool for the process, like the app's. */
export const sql = postgres(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 10 })
