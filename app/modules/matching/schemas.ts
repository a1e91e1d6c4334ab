import { z } from 'zod'

export const DismissMatchSchema = z.object({
  listingId: z.string().uuid(),
  otherListingId: z.string().uuid(),
})
