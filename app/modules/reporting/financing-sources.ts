/** The financing kinds, for pages that render them in the browser (no zod, no drizzle). */
export { FINANCING_SOURCES, type FinancingSource } from '#db/schema/financing-sources'
