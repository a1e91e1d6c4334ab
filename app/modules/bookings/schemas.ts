import { z } from 'zod'
import { DATE_RANGE_ERROR, plausibleDate } from '~/utils/dates'

/** Form schemas of bookings. Times come as datetime-local values in the centre's time zone. */
const LocalDateTime = z
  .string({ error: 'validation.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: 'bookings.errors.dateTime' })
  .refine(plausibleDate, { error: DATE_RANGE_ERROR })
const Id = z.uuid({ error: 'validation.invalid' })

export const RequestBookingSchema = z.object({
  intent: z.literal('request'),
  initiativeId: Id,
  start: LocalDateTime,
  end: LocalDateTime,
  purpose: z.string({ error: 'validation.required' }).trim().min(3).max(500),
})

export const DecideBookingSchema = z.object({
  intent: z.enum(['accept', 'decline']),
  bookingId: Id,
  reason: z.string().trim().max(500).optional(),
})

export const CancelBookingSchema = z.object({
  intent: z.literal('cancel'),
  bookingId: Id,
  reason: z.string({ error: 'validation.required' }).trim().min(3).max(500),
})

export const FeedSchema = z.object({
  intent: z.enum(['createFeed', 'revokeFeed']),
  initiativeId: Id.optional(),
})

/** The longest slot one booking may take (the database says the same). */
export const MAX_BOOKING_DAYS = 31
