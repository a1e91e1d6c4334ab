import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { eurosValue } from '~/components/loans/loan-bits'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { getMemberships, requireCentre, requireMember, requireUser } from '~/modules/auth/guards.server'
import { localDate } from '~/modules/loans/dates'
import { getLoanListing, requestLoan } from '~/modules/loans/loans.server'
import { RequestLoanSchema } from '~/modules/loans/schemas'
import { db } from '~/utils/db.server'
import { formatCents } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const listingId = new URL(request.url).searchParams.get('listing')
  let listing = null
  if (listingId) {
    if (!isUuid(listingId)) notFound()
    listing = await getLoanListing(db, centre.id, listingId)
    if (!listing) notFound()
  }
  const memberships = (await getMemberships(user.id, centre.id)).filter(
    (m) => m.initiative.status === 'active' && m.initiative.id !== listing?.initiativeId,
  )
  const t = getT(await resolveLocale(request, user.locale))
  const details = listing?.details.category === 'loan' ? listing.details : null
  return {
    centre: { slug: centre.slug, loanLimitCents: centre.loanLimitCents },
    listing: listing
      ? { id: listing.id, title: listing.title, kind: listing.kind, initiativeName: listing.initiativeName, amountCents: details?.amountCents ?? null, termMonths: details?.termMonths ?? null, interestBasisPoints: details?.interestRateBasisPoints ?? 0 }
      : null,
    initiatives: memberships.map((m) => ({ id: m.initiative.id, name: m.initiative.name })),
    today: localDate(new Date(), centre.timeZone),
    title: t('loans.new.title'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const submission = parseForm(await readFormData(request), RequestLoanSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await requireMember(user, submission.value.initiativeId, centre)
  const outcome = await requestLoan(db, user, centre.id, submission.value)
  if (!outcome.ok) {
    if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
    notFound()
  }
  // Answering a need, the actor's initiative lends: an offer, which the borrower still has to accept.
  const offered = outcome.loan.lenderInitiativeId === submission.value.initiativeId
  return redirectWithToast(`/c/${centre.slug}/loans/${outcome.loan.id}`, { type: 'success', key: offered ? 'loans.toast.offered' : 'loans.toast.requested' })
}

export default function NewLoanPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, listing, initiatives, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult: actionData?.result, shouldRevalidate: 'onBlur' })
  const answeringNeed = listing?.kind === 'need'
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeading sub={listing ? t(answeringNeed ? 'loans.new.forNeed' : 'loans.new.forOffer', { title: listing.title, initiative: listing.initiativeName }) : t('loans.new.toFund')}>
        {t('loans.new.title')}
      </PageHeading>
      {initiatives.length === 0 ? (
        <EmptyState>{t('loans.new.noInitiative')}</EmptyState>
      ) : (
        <Card>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="source" value={listing ? 'listing' : 'fund'} />
            {listing ? <input type="hidden" name="listingId" value={listing.id} /> : null}
            <SelectField label={t(answeringNeed ? 'loans.fields.lendingInitiative' : 'loans.fields.borrowingInitiative')} meta={fields.initiativeId}>
              {initiatives.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </SelectField>
            <Field
              label={t('loans.fields.amountEuros')}
              meta={fields.amount}
              inputMode="decimal"
              defaultValue={eurosValue(listing?.amountCents)}
              hint={t('loans.fields.amountHint', { max: formatCents(locale, centre.loanLimitCents) })}
              required
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label={t('loans.fields.termMonths')} meta={fields.termMonths} type="number" min={1} max={60} defaultValue={String(listing?.termMonths ?? 12)} required />
              <Field label={t('loans.fields.startDate')} meta={fields.startDate} type="date" defaultValue={today} required />
            </div>
            {listing ? <p className="text-sm text-stone-700">{t('loans.new.rate', { rate: (listing.interestBasisPoints / 100).toLocaleString(locale) })}</p> : null}
            <TextareaField label={t('loans.fields.purpose')} meta={fields.purpose} rows={3} required />
            <SubmitButton pendingLabel={t('loans.new.pending')}>{t(answeringNeed ? 'loans.new.submitOffer' : 'loans.new.submit')}</SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
