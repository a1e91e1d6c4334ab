import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ReviewChanges } from '~/components/listings/review-changes'
import { SubmitButton } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { listModerationQueue, moderateListing } from '~/modules/listings/listings.server'
import { LIMITS } from '~/modules/listings/constants'
import { ModerateListingSchema } from '~/modules/listings/schemas'
import { db } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const queue = await listModerationQueue(db, centre.id)
  return { centre: { slug: centre.slug, name: centre.name, moderationMode: centre.moderationMode }, queue }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const manager = await requireManager(request, centre)
  const formData = await readFormData(request)
  const submission = parseForm(formData, ModerateListingSchema)
  const listingId = typeof formData.get('listingId') === 'string' ? String(formData.get('listingId')) : null
  if (submission.status !== 'success') return data({ listingId, result: submission.reply() }, { status: 400 })
  const { listingId: id, ...act } = submission.value
  const result = await moderateListing(db, manager.id, centre.id, id, act)
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const message = { changed: 'listings.errors.changedSinceLoaded', invalidTransition: 'listings.errors.invalidTransition', ownInitiative: 'listings.errors.ownInitiative' }[result.error]
    return data({ listingId, result: submission.reply({ formErrors: [message] }) }, { status: result.error === 'ownInitiative' ? 403 : 409 })
  }
  const key = { approve: 'listings.toast.approved', hide: 'listings.toast.hidden', restore: 'listings.toast.restored' }[act.intent]
  return redirectWithToast(`/c/${centre.slug}/manage/listings`, { type: 'success', key })
}

type Item = Awaited<ReturnType<typeof listModerationQueue>>['pending'][number]

export default function ManageListings() {
  const t = useT()
  const { centre, queue } = useLoaderData<typeof loader>()
  const sections = [
    { id: 'pending', heading: t('listings.manage.pending', { count: queue.pending.length }), items: queue.pending, empty: t('listings.manage.emptyPending') },
    { id: 'hidden', heading: t('listings.manage.hidden', { count: queue.hidden.length }), items: queue.hidden, empty: t('listings.manage.emptyHidden') },
    { id: 'live', heading: t('listings.manage.live'), items: queue.live, empty: t('listings.manage.emptyLive') },
  ]
  return (
    <div>
      <PageHeading sub={t(`listings.manage.mode.${centre.moderationMode}`)}>{t('listings.manage.title')}</PageHeading>
      <div className="space-y-8">
        {sections.map((section) => (
          <section key={section.id} aria-labelledby={`queue-${section.id}`}>
            <h2 id={`queue-${section.id}`} className="mb-3 text-xl font-bold">
              {section.heading}
            </h2>
            {section.items.length ? (
              <ul className="space-y-3">
                {section.items.map((item) => (
                  <li key={item.id}>
                    <QueueItem item={item} centreSlug={centre.slug} />
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState>{section.empty}</EmptyState>
            )}
          </section>
        ))}
      </div>
    </div>
  )
}

function QueueItem({ item, centreSlug }: { item: Item; centreSlug: string }) {
  const t = useT()
  const locale = useLocale()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.listingId === item.id ? actionData.result : undefined
  const [form, fields] = useForm({ id: `hide-${item.id}`, lastResult: mine, shouldRevalidate: 'onBlur' })
  return (
    <article aria-labelledby={`item-${item.id}`} className="rounded-lg border border-stone-200 bg-white p-4">
      <h3 id={`item-${item.id}`} className="font-semibold">
        <Link to={`/c/${centreSlug}/listings/${item.id}`}>{item.title}</Link>
      </h3>
      <p className="text-sm text-stone-700">
        {t(`listings.kind.${item.kind}`)} · {t(`listings.category.${item.category}`)} · {item.initiativeName} ·{' '}
        {formatDate(locale, item.createdAt)}
      </p>
      {item.status === 'hidden' && item.moderationReason ? (
        <p className="mt-1 text-sm">
          {t('listings.manage.reasonGiven')}: {item.moderationReason}
        </p>
      ) : null}
      {item.review ? <ReviewChanges review={item.review} id={`review-${item.id}`} /> : null}
      <FormErrors errors={form.errors} />
      <div className="mt-3 flex flex-wrap items-end gap-3">
        {item.status === 'pending' ? (
          <Form method="post">
            <input type="hidden" name="listingId" value={item.id} />
            <input type="hidden" name="revision" value={item.revision ?? ''} />
            <SubmitButton
              name="intent"
              value="approve"
              pendingLabel={t('listings.manage.approving')}
              aria-describedby={item.review ? `item-${item.id} review-${item.id}` : `item-${item.id}`}
            >
              {t('listings.manage.approve')}
            </SubmitButton>
          </Form>
        ) : null}
        {item.status === 'hidden' ? (
          <Form method="post">
            <input type="hidden" name="listingId" value={item.id} />
            <input type="hidden" name="revision" value={item.revision ?? ''} />
            <SubmitButton name="intent" value="restore" variant="secondary" pendingLabel={t('listings.manage.restoring')} aria-describedby={`item-${item.id}`}>
              {t('listings.manage.restore')}
            </SubmitButton>
          </Form>
        ) : (
          <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="listingId" value={item.id} />
            <Field label={t('listings.manage.reason')} meta={fields.reason} maxLength={LIMITS.moderationReasonMax} />
            <SubmitButton name="intent" value="hide" variant="danger" pendingLabel={t('listings.manage.hiding')}>
              {t('listings.manage.hide')}
            </SubmitButton>
          </Form>
        )}
      </div>
    </article>
  )
}
