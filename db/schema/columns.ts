import { sql } from 'drizzle-orm'
import { timestamp, uuid } from 'drizzle-orm/pg-core'

/** Primary keys are random UUIDs: nothing in a URL tells how many rows exist. */
export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`)

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const tstz = (name: string) => timestamp(name, { withTimezone: true })
