import type { DbOrTx } from '#db/connect'
import { parseForm } from '~/utils/forms.server'
import { cancelBooking, createFeed, decideBooking, type FeedSubject, requestBooking, revokeFeed } from './bookings.server'
import { CancelBookingSchema, DecideBookingSchema, FeedSchema, RequestBookingSchema } from './schemas'

/**
 * The booking forms, shared by the listing's booking page and "my bookings": parse one intent,
 * call the module, and say what the route should answer. No Request here: the route passes the
 * form data and the user it has authorised.
 */
export const BOOKING_INTENTS = ['request', 'accept', 'decline', 'cancel', 'createFeed', 'revokeFeed'] as const
export type BookingIntent = (typeof BOOKING_INTENTS)[number]
export const isBookingIntent = (value: unknown): value is BookingIntent => (BOOKING_INTENTS as readonly unknown[]).includes(value)

export type IntentAnswer =
  | { type: 'done'; toast: string }
  | { type: 'feed'; token: string; key: string }
  | { type: 'reply'; status: number; bookingId: string | null; reply: ReturnType<ReturnType<typeof parseForm>['reply']> }
  | { type: 'notFound' }

export async function runBookingIntent(
  db: DbOrTx,
  user: { id: string; isAdmin?: boolean },
  centreId: string,
  intent: BookingIntent,
  formData: FormData,
  context: { listingId?: string },
): Promise<IntentAnswer> {
  const bookingId = typeof formData.get('bookingId') === 'string' ? String(formData.get('bookingId')) : null
  if (intent === 'request') {
    const submission = parseForm(formData, RequestBookingSchema)
    if (submission.status !== 'success') return { type: 'reply', status: 400, bookingId, reply: submission.reply() }
    if (!context.listingId) return { type: 'notFound' }
    const outcome = await requestBooking(db, user, centreId, { listingId: context.listingId, ...submission.value })
    if (outcome.ok) return { type: 'done', toast: 'bookings.toast.requested' }
    if (outcome.error === 'invalid') return { type: 'reply', status: 400, bookingId, reply: submission.reply({ fieldErrors: outcome.fieldErrors }) }
    if (outcome.error === 'alreadyBooked') return { type: 'reply', status: 409, bookingId, reply: submission.reply({ formErrors: ['bookings.errors.alreadyBooked'] }) }
    return { type: 'notFound' }
  }
  if (intent === 'accept' || intent === 'decline' || intent === 'cancel') {
    const submission = parseForm(formData, intent === 'cancel' ? CancelBookingSchema : DecideBookingSchema)
    if (submission.status !== 'success') return { type: 'reply', status: 400, bookingId, reply: submission.reply() }
    const value = submission.value as { bookingId: string; reason?: string }
    const outcome =
      intent === 'cancel'
        ? await cancelBooking(db, user, centreId, value.bookingId, value.reason ?? '')
        : await decideBooking(db, user, centreId, value.bookingId, intent, value.reason)
    if (outcome.ok) return { type: 'done', toast: `bookings.toast.${intent}` }
    if (outcome.error === 'notFound') return { type: 'notFound' }
    if (outcome.error === 'invalid') return { type: 'reply', status: 400, bookingId, reply: submission.reply({ fieldErrors: outcome.fieldErrors }) }
    // the owner accepting a request whose time another booking got meanwhile cannot pick another
    // time (the requester can): the text says what the owner can do
    const key = outcome.error === 'alreadyBooked' ? 'bookings.errors.slotTaken' : 'bookings.errors.notNow'
    return { type: 'reply', status: 409, bookingId, reply: submission.reply({ formErrors: [key] }) }
  }
  const submission = parseForm(formData, FeedSchema)
  if (submission.status !== 'success') return { type: 'reply', status: 400, bookingId, reply: submission.reply() }
  const subject: FeedSubject | null = submission.value.initiativeId
    ? { type: 'initiative', id: submission.value.initiativeId }
    : context.listingId
      ? { type: 'listing', id: context.listingId }
      : null
  if (!subject) return { type: 'reply', status: 400, bookingId, reply: submission.reply({ fieldErrors: { initiativeId: ['validation.required'] } }) }
  if (intent === 'createFeed') {
    const outcome = await createFeed(db, user, centreId, subject)
    if (!outcome.ok) return { type: 'notFound' }
    return { type: 'feed', token: outcome.token, key: subject.type === 'initiative' ? subject.id : 'listing' }
  }
  const outcome = await revokeFeed(db, user, centreId, subject)
  if (!outcome.ok) return { type: 'notFound' }
  return { type: 'done', toast: 'bookings.toast.feedRevoked' }
}
