import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { Field, FormErrors, SelectField, strayErrors, TextareaField } from '~/components/ui/field'
import { addDays, formatSpan, zonedToInstant } from '~/utils/time'
import { useLocale, useT } from '~/utils/use-t'

/** What getBookingPanel returns, as it arrives in the browser (dates may come as strings). */
export interface BookingPanelData {
  listing: { id: string; title: string; initiativeName: string }
  timeZone: string
  week: { monday: string; days: string[]; previous: string; next: string }
  suggestedDay: string
  slots: {
    id: string
    start: Date | string
    end: Date | string
    state: 'requested' | 'accepted'
    initiativeName: string | null
    purpose: string | null
    mine: boolean
    canDecide: boolean
    canCancel: boolean
  }[]
  isOwner: boolean
  canRequest: boolean
  /** the viewer is the owner's only member: nobody could accept their request (ADR 058) */
  nobodyToAnswer: boolean
  myInitiatives: { id: string; name: string }[]
  feed: { live: boolean; createdAt: Date | string | null } | null
}

export interface BookingActionData {
  intent: string | null
  bookingId?: string | null
  result: SubmissionResult<string[]>
  feedUrl?: string | null
}

const HOURS = Array.from({ length: 15 }, (_, i) => i + 7) // 07:00 – 21:59; the list shows every slot

/**
 * A bookable room's or tool's week: an HTML table (days × hours, with headers) and the same
 * slots as a plain list, previous/next week as links, and the forms to request, accept, decline
 * or cancel. `action` is the booking route, so it works the same on the listing page and there.
 */
export function BookingPanel({
  panel,
  action,
  pagePath,
  actionData,
  loggedIn,
}: {
  panel: BookingPanelData
  /** where the forms post: /c/:centre/listings/:id/bookings */
  action: string
  /** the page the week links stay on */
  pagePath: string
  actionData?: BookingActionData | null
  loggedIn: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const { timeZone, week } = panel
  const slots = panel.slots.map((s) => ({ ...s, start: new Date(s.start), end: new Date(s.end) }))
  const dayLabel = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
  const longDay = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone })
  const dateTime = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone })
  const asDate = (day: string) => new Date(`${day}T12:00:00Z`)
  // An answer to a form this panel does not show (a slot of another week, a stale page, a crafted post): said at the top.
  const formShown = (answer: BookingActionData) => {
    const slot = slots.find((s) => s.id === answer.bookingId)
    switch (answer.intent) {
      case 'request':
        // refused because nobody could answer: the panel's note says it already
        return panel.canRequest || panel.nobodyToAnswer
      case 'accept':
      case 'decline':
        return Boolean(slot?.canDecide)
      case 'cancel':
        return Boolean(slot?.canCancel)
      case 'createFeed':
      case 'revokeFeed':
        return Boolean(panel.feed)
      default:
        return false
    }
  }
  const unshown = actionData && !formShown(actionData) ? strayErrors(actionData) : undefined

  const cell = (day: string, hour: number) => {
    const from = zonedToInstant(`${day}T${String(hour).padStart(2, '0')}:00`, timeZone)
    const to = zonedToInstant(hour === 23 ? `${addDays(day, 1)}T00:00` : `${day}T${String(hour + 1).padStart(2, '0')}:00`, timeZone)
    if (!from || !to) return null
    const hit = slots.filter((s) => s.start < to && s.end > from)
    return hit.find((s) => s.state === 'accepted') ?? hit[0] ?? null
  }

  return (
    <Card className="space-y-5">
      <h2 id="bookings" className="text-lg font-semibold">
        {t('bookings.panel.title')}
      </h2>
      <FormErrors errors={unshown} />
      <nav aria-label={t('bookings.panel.weekNav')} className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link to={`${pagePath}?week=${week.previous}#bookings`}>{t('bookings.panel.previousWeek')}</Link>
        <span className="font-semibold">
          {t('bookings.panel.weekOf', { from: dayLabel.format(asDate(week.days[0]!)), to: dayLabel.format(asDate(week.days[6]!)) })}
        </span>
        <Link to={`${pagePath}?week=${week.next}#bookings`}>{t('bookings.panel.nextWeek')}</Link>
      </nav>

      {/* relative: the cells' screen-reader texts are positioned, and are clipped (not widening the page) only inside it */}
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[36rem] table-fixed border-collapse text-xs">
          <caption className="sr-only">
            {t('bookings.panel.caption', { title: panel.listing.title, from: longDay.format(asDate(week.days[0]!)), to: longDay.format(asDate(week.days[6]!)) })}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="w-14 p-1 text-left font-medium">
                {t('bookings.panel.time')}
              </th>
              {week.days.map((day) => (
                <th key={day} scope="col" className="p-1 text-left font-medium">
                  <abbr title={longDay.format(asDate(day))} className="no-underline">
                    {dayLabel.format(asDate(day))}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {HOURS.map((hour) => (
              <tr key={hour} className="border-t border-stone-200">
                <th scope="row" className="p-1 text-left font-normal tabular-nums text-stone-700">
                  {`${String(hour).padStart(2, '0')}:00`}
                </th>
                {week.days.map((day) => {
                  const slot = cell(day, hour)
                  return (
                    <td
                      key={day}
                      className={`h-6 p-1 ${slot?.state === 'accepted' ? 'bg-brand-100 font-semibold text-brand-800' : slot ? 'bg-amber-50 text-amber-900' : ''}`}
                    >
                      {slot ? t(`bookings.slot.${slot.state}`) : <span className="sr-only">{t('bookings.slot.free')}</span>}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="booking-list-heading">
        <h3 id="booking-list-heading" className="font-semibold">
          {t('bookings.panel.listTitle')}
        </h3>
        {slots.length === 0 ? (
          <p className="text-sm text-stone-700">{t('bookings.panel.noneThisWeek')}</p>
        ) : (
          <ul className="divide-y divide-stone-200 text-sm">
            {slots.map((slot) => (
              <li key={slot.id} className="space-y-2 py-2">
                <p>
                  <span className="font-semibold">
                    {formatSpan(slot.start, slot.end, timeZone, dateTime, time)}
                  </span>{' '}
                  · {t(`bookings.slot.${slot.state}`)}
                  {slot.initiativeName ? ` · ${slot.initiativeName}` : ''}
                  {slot.purpose ? ` · ${slot.purpose}` : ''}
                </p>
                {slot.canDecide ? <DecideForms action={action} bookingId={slot.id} actionData={actionData} /> : null}
                {slot.canCancel ? <CancelForm action={action} bookingId={slot.id} actionData={actionData} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {panel.canRequest ? (
        <RequestForm key={week.monday} panel={panel} action={action} actionData={actionData} />
      ) : panel.nobodyToAnswer ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('bookings.errors.nobodyToAnswer')}
        </p>
      ) : !loggedIn ? (
        <p className="text-sm">
          <Link to={`/login?redirectTo=${encodeURIComponent(`${pagePath}#bookings`)}`}>{t('bookings.panel.loginToBook')}</Link>
        </p>
      ) : panel.isOwner ? null : (
        <p className="text-sm text-stone-700">{t('bookings.panel.needInitiative')}</p>
      )}

      {panel.feed ? <FeedForms action={action} live={panel.feed.live} actionData={actionData} /> : null}
      {panel.canRequest || panel.isOwner ? (
        <p className="text-sm">
          <Link to={`${pagePath.split('/listings/')[0]}/bookings`}>{t('bookings.panel.allMine')}</Link>
        </p>
      ) : null}
    </Card>
  )
}

function useIntentForm(id: string, intent: string, actionData: BookingActionData | null | undefined, bookingId?: string) {
  const mine = actionData?.intent === intent && (!bookingId || actionData.bookingId === bookingId)
  return useForm({ id, lastResult: mine ? actionData!.result : undefined })
}

function RequestForm({ panel, action, actionData }: { panel: BookingPanelData; action: string; actionData?: BookingActionData | null }) {
  const t = useT()
  const [form, fields] = useIntentForm('booking-request', 'request', actionData)
  const start = `${panel.suggestedDay}T10:00`
  const end = `${panel.suggestedDay}T12:00`
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-3 border-t border-stone-200 pt-4">
      <h3 className="font-semibold">{t('bookings.request.title')}</h3>
      <p className="text-sm text-stone-700">{t('bookings.request.help', { zone: panel.timeZone })}</p>
      <FormErrors errors={form.errors} />
      <SelectField label={t('bookings.fields.initiative')} meta={fields.initiativeId}>
        {panel.myInitiatives.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('bookings.fields.start')} meta={fields.start} type="datetime-local" defaultValue={start} required />
        <Field label={t('bookings.fields.end')} meta={fields.end} type="datetime-local" defaultValue={end} required />
      </div>
      <TextareaField label={t('bookings.fields.purpose')} meta={fields.purpose} rows={2} required />
      <SubmitButton name="intent" value="request" formAction={action} pendingLabel={t('bookings.request.pending')}>
        {t('bookings.request.submit')}
      </SubmitButton>
    </Form>
  )
}

function DecideForms({ action, bookingId, actionData }: { action: string; bookingId: string; actionData?: BookingActionData | null }) {
  const t = useT()
  const [form] = useIntentForm(`booking-decide-${bookingId}`, actionData?.intent === 'decline' ? 'decline' : 'accept', actionData, bookingId)
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="flex flex-wrap gap-2">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <SubmitButton name="intent" value="accept" formAction={action} pendingLabel={t('bookings.decide.accepting')}>
        {t('bookings.decide.accept')}
      </SubmitButton>
      <SubmitButton name="intent" value="decline" variant="secondary" formAction={action} pendingLabel={t('bookings.decide.declining')}>
        {t('bookings.decide.decline')}
      </SubmitButton>
    </Form>
  )
}

function CancelForm({ action, bookingId, actionData }: { action: string; bookingId: string; actionData?: BookingActionData | null }) {
  const t = useT()
  const [form, fields] = useIntentForm(`booking-cancel-${bookingId}`, 'cancel', actionData, bookingId)
  return (
    <details>
      <summary className="cursor-pointer text-sm text-brand-800">{t('bookings.cancel.open')}</summary>
      <Form method="post" action={action} {...getFormProps(form)} className="mt-2 space-y-2">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="bookingId" value={bookingId} />
        <Field label={t('bookings.cancel.reason')} meta={fields.reason} required />
        <SubmitButton name="intent" value="cancel" variant="secondary" formAction={action} pendingLabel={t('bookings.cancel.pending')}>
          {t('bookings.cancel.submit')}
        </SubmitButton>
      </Form>
    </details>
  )
}

/** The secret calendar URL of a listing or initiative: shown once when made, revocable. */
export function FeedForms({
  action,
  live,
  actionData,
  initiativeId,
}: {
  action: string
  live: boolean
  actionData?: BookingActionData | null
  initiativeId?: string
}) {
  const t = useT()
  const key = initiativeId ?? 'listing'
  const shown = actionData?.intent === 'createFeed' && actionData.bookingId === key ? actionData.feedUrl : null
  return (
    <div className="space-y-2 border-t border-stone-200 pt-4 text-sm">
      <h3 className="font-semibold">{t('bookings.feed.title')}</h3>
      <p className="text-stone-700">{t(live ? 'bookings.feed.live' : 'bookings.feed.none')}</p>
      {shown ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3">
          <p>{t('bookings.feed.copyOnce')}</p>
          <p className="mt-1 break-all font-mono text-xs">{shown}</p>
        </div>
      ) : null}
      <Form method="post" action={action} className="flex flex-wrap gap-2">
        {initiativeId ? <input type="hidden" name="initiativeId" value={initiativeId} /> : null}
        <SubmitButton name="intent" value="createFeed" variant="secondary" formAction={action} pendingLabel={t('bookings.feed.creating')}>
          {t(live ? 'bookings.feed.renew' : 'bookings.feed.create')}
        </SubmitButton>
        {live ? (
          <SubmitButton name="intent" value="revokeFeed" variant="ghost" formAction={action} pendingLabel={t('bookings.feed.revoking')}>
            {t('bookings.feed.revoke')}
          </SubmitButton>
        ) : null}
      </Form>
    </div>
  )
}
