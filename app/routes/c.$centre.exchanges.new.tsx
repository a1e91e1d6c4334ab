import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { getMemberships, listingViewer, requireCentre, requireMember, requireVerifiedUser } from '~/utils/auth.server'
import { canRead } from '~/modules/listings/listings.server'
import { hasOtherMember } from '~/modules/initiatives/memberships.server'
import { getProposableListing, logHelpGiven, proposeExchange } from '~/modules/exchanges/exchanges.server'
import { LogHelpSchema, ProposeSchema } from '~/modules/exchanges/schemas'
import { listActiveInitiatives } from '~/modules/initiatives/initiatives.server'
import { db } from '~/utils/db.server'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/**
 * Two forms on one URL: with `?listing=<id>` the member asks for an offer or offers help for a
 * need (a proposal the other side accepts); without, they log help their initiative gave
 * (created as completed, waiting for the receiver's confirmation).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const centre = await requireCentre(params.centre)
  const listingParam = new URL(request.url).searchParams.get('listing')
  const mine = (await getMemberships(user.id, centre.id))
    .filter((m) => m.initiative.status === 'active')
    .map((m) => ({ id: m.initiative.id, name: m.initiative.name }))
  let listing = null
  if (listingParam !== null) {
    if (!isUuid(listingParam)) notFound()
    listing = await getProposableListing(db, centre.id, listingParam)
    // as on the listing's own page: a listing the person may not read is not shown here either
    if (!listing || !canRead(await listingViewer(user, centre), listing, centre.id)) notFound()
  }
  // to an initiative whose only member is this person: refused (ADR 058), so not offered
  const nobodyToAnswer = listing ? !(await hasOtherMember(db, listing.initiativeId, user.id)) : false
  const others = listing
    ? []
    : (await listActiveInitiatives(db, centre.id)).map((i) => ({ id: i.id, name: i.name }))
  return {
    centre: { slug: centre.slug, name: centre.name },
    listing: listing && { id: listing.id, title: listing.title, kind: listing.kind, initiativeName: listing.initiativeName },
    mine: listing ? mine.filter((m) => m.id !== listing.initiativeId) : mine,
    others,
    nobodyToAnswer,
    today: new Date().toISOString().slice(0, 10),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireVerifiedUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readFormData(request)
  if (formData.has('listingId')) {
    const submission = parseForm(formData, ProposeSchema)
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    await requireMember(user, submission.value.initiativeId, centre)
    const outcome = await proposeExchange(db, user, centre.id, submission.value)
    if (!outcome.ok) {
      if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
      notFound()
    }
    return redirectWithToast(`/c/${centre.slug}/exchanges/${outcome.exchange.id}`, { type: 'success', key: 'exchanges.toast.proposed' })
  }
  const submission = parseForm(formData, LogHelpSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await requireMember(user, submission.value.initiativeId, centre)
  const outcome = await logHelpGiven(db, user, centre.id, submission.value)
  if (!outcome.ok) {
    if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
    notFound()
  }
  return redirectWithToast(`/c/${centre.slug}/exchanges/${outcome.exchange.id}`, { type: 'success', key: 'exchanges.toast.logged' })
}

function InitiativeChoice({ meta, label }: { meta: Parameters<typeof SelectField>[0]['meta']; label: string }) {
  const { mine } = useLoaderData<typeof loader>()
  if (mine.length === 1) return <input type="hidden" name="initiativeId" value={mine[0]!.id} />
  return (
    <SelectField label={label} meta={meta}>
      {mine.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </SelectField>
  )
}

export default function NewExchangePage() {
  const t = useT()
  const { listing, mine, others, today, nobodyToAnswer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult: actionData?.result })
  if (!mine.length || nobodyToAnswer) {
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeading>{t(listing ? `exchanges.new.title.${listing.kind}` : 'exchanges.new.title.log')}</PageHeading>
        {nobodyToAnswer ? (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
            {t('exchanges.errors.nobodyToAnswer')}
          </p>
        ) : (
          <EmptyState>{t('exchanges.new.noInitiative')}</EmptyState>
        )}
      </div>
    )
  }
  const figures = (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label={t('exchanges.fields.hours')} meta={fields.minutes} inputMode="decimal" hint={t('exchanges.fields.hoursHint')} />
      <Field label={`${t('exchanges.fields.value')} ${t('common.optional')}`} meta={fields.valueCents} inputMode="decimal" hint={t('exchanges.fields.valueHint')} />
    </div>
  )
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeading sub={listing ? t(`exchanges.new.intro.${listing.kind}`, { name: listing.initiativeName }) : t('exchanges.new.intro.log')}>
        {listing ? t(`exchanges.new.title.${listing.kind}`) : t('exchanges.new.title.log')}
      </PageHeading>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          {listing ? (
            <>
              <input type="hidden" name="listingId" value={listing.id} />
              <p>
                <span className="font-medium">{t('exchanges.detail.listing')}:</span> {listing.title}
              </p>
              <InitiativeChoice meta={fields.initiativeId} label={t(`exchanges.new.myInitiative.${listing.kind}`)} />
              {figures}
              <Field label={`${t('exchanges.fields.date')} ${t('common.optional')}`} meta={fields.date} type="date" />
              <TextareaField label={t('exchanges.fields.message')} meta={fields.message} rows={4} required />
            </>
          ) : (
            <>
              <InitiativeChoice meta={fields.initiativeId} label={t('exchanges.new.myInitiative.log')} />
              <SelectField label={t('exchanges.fields.receiver')} meta={fields.receiverInitiativeId} required>
                <option value="">{t('exchanges.new.chooseReceiver')}</option>
                {others
                  .filter((o) => !(mine.length === 1 && o.id === mine[0]!.id))
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
              </SelectField>
              <Field label={t('exchanges.fields.title')} meta={fields.title} required maxLength={120} />
              {figures}
              <Field label={t('exchanges.fields.date')} meta={fields.date} type="date" defaultValue={today} required />
              <TextareaField label={`${t('exchanges.fields.description')} ${t('common.optional')}`} meta={fields.description} rows={3} />
            </>
          )}
          <SubmitButton pendingLabel={t('exchanges.new.pending')}>{t(listing ? `exchanges.new.submit.${listing.kind}` : 'exchanges.new.submit.log')}</SubmitButton>
        </Form>
      </Card>
    </div>
  )
}
