import type { DbOrTx } from '#db/connect'
import { listings, type ListingDetails } from '#db/schema'
import { conceptTermsOf } from '~/modules/matching/listing-concepts.server'

type ListingInsert = typeof listings.$inferInsert

const defaultDetails: Record<string, ListingDetails> = {
  room: { category: 'room', capacity: 10 },
  tool: { category: 'tool', condition: 'good' },
  skill: { category: 'skill' },
  loan: { category: 'loan', amountCents: 100000, termMonths: 12, interestRateBasisPoints: 0 },
  other: { category: 'other' },
}

/** An active listing of an initiative (its centre's), with plausible defaults; its concepts' search tokens as the app writes them. */
export async function makeListing(
  db: DbOrTx,
  initiative: { id: string; centreId: string },
  values: Partial<ListingInsert> & Pick<ListingInsert, 'kind' | 'title'>,
) {
  const category = values.category ?? 'tool'
  const [row] = await db
    .insert(listings)
    .values({
      centreId: initiative.centreId,
      initiativeId: initiative.id,
      category,
      description: '',
      details: defaultDetails[category]!,
      status: 'active',
      publishedAt: new Date(),
      ...(values.concepts ? { conceptTerms: conceptTermsOf(values.concepts) } : {}),
      ...values,
    })
    .returning()
  return row!
}
