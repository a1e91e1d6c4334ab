import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { type FormEvent, useState, useSyncExternalStore } from 'react'
import { eurosValue } from '~/utils/format'
import { LoanPlanPreview } from '~/components/loans/loan-plan'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { getMemberships, listingViewer, requireCentre, requireMember, requireUser } from '~/utils/auth.server'
import { canRead } from '~/modules/listings/listings.server'
import { localDateOf as localDate } from '~/utils/time'
import { fundHasDecider, getLoanListing, previewLoanRequest, requestLoan, requestRateOf } from '~/modules/loans/loans.server'
import { hasOtherMember } from '~/modules/initiatives/memberships.server'
import { type PlanFields, previewPlan } from '~/modules/loans/plan-preview'
import { PreviewLoanRequestSchema, RequestFormIntentSchema, RequestLoanSchema, withCentreLimit } from '~/modules/loans/schemas'
import { db } from '~/utils/db.server'
import { formatCents } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const listingId = new URL(request.url).searchParams.get('listing')
  let listing = null
  if (listingId) {
    if (!isUuid(listingId)) notFound()
    listing = await getLoanListing(db, centre.id, listingId)
    // as on the listing's own page: a listing the person may not read is not shown here either
    if (!listing || !canRead(await listingViewer(user, centre), listing, centre.id)) notFound()
  }
  const active = (await getMemberships(user.id, centre.id)).filter(
    (m) => m.initiative.status === 'active' && m.initiative.id !== listing?.initiativeId,
  )
  // Requests nobody could answer are refused (ADR 058): the form is not offered for them. To the fund,
  // only initiatives some manager outside them could approve for; to a listing, only when someone
  // other than this person belongs to its initiative.
  const memberships = listing
    ? active.length && !(await hasOtherMember(db, listing.initiativeId, user.id)) ? [] : active
    : (await Promise.all(active.map(async (m) => ((await fundHasDecider(db, centre.id, m.initiative.id)) ? [m] : [])))).flat()
  const nobodyToAnswer = active.length > 0 && memberships.length === 0 ? (listing ? 'loans.errors.nobodyToAnswer' : 'loans.errors.nobodyToApproveFund') : null
  const t = getT(await resolveLocale(request, user.locale))
  const details = listing?.details.category === 'loan' ? listing.details : null
  return {
    centre: { slug: centre.slug, loanLimitCents: centre.loanLimitCents },
    listing: listing
      ? { id: listing.id, title: listing.title, kind: listing.kind, initiativeName: listing.initiativeName, amountCents: details?.amountCents ?? null, termMonths: details?.termMonths ?? null }
      : null,
    // The rate the request would carry, as the module sets it (an offer's rate; none to the fund or answering a need).
    interestBasisPoints: requestRateOf(listing),
    initiatives: memberships.map((m) => ({ id: m.initiative.id, name: m.initiative.name })),
    nobodyToAnswer,
    today: localDate(new Date(), centre.timeZone),
    title: t('loans.new.title'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  const formData = await readFormData(request)
  const pressed = parseForm(formData, RequestFormIntentSchema)
  if (pressed.status !== 'success') return data({ result: pressed.reply(), plan: null }, { status: 400 })
  if (pressed.value.intent === 'preview') {
    // "Show plan" (the page without JavaScript): the figures checked as for sending, nothing saved.
    const submission = parseForm(formData, PreviewLoanRequestSchema)
    if (submission.status !== 'success') return data({ result: withCentreLimit(submission.reply(), centre.loanLimitCents), plan: null }, { status: 400 })
    await requireMember(user, submission.value.initiativeId, centre)
    const outcome = await previewLoanRequest(db, user, centre.id, submission.value)
    if (!outcome.ok) {
      if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), plan: null }, { status: 400 })
      notFound()
    }
    return data({ result: submission.reply(), plan: outcome.plan })
  }
  const submission = parseForm(formData, RequestLoanSchema)
  if (submission.status !== 'success') return data({ result: withCentreLimit(submission.reply(), centre.loanLimitCents), plan: null }, { status: 400 })
  await requireMember(user, submission.value.initiativeId, centre)
  const outcome = await requestLoan(db, user, centre.id, submission.value)
  if (!outcome.ok) {
    if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), plan: null }, { status: 400 })
    notFound()
  }
  // Answering a need, the actor's initiative lends: an offer, which the borrower still has to accept.
  const offered = outcome.loan.lenderInitiativeId === submission.value.initiativeId
  return redirectWithToast(`/c/${centre.slug}/loans/${outcome.loan.id}`, { type: 'success', key: offered ? 'loans.toast.offered' : 'loans.toast.requested' })
}

const noSubscription = () => () => {}

export default function NewLoanPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, listing, initiatives, today, interestBasisPoints, nobodyToAnswer } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const defaults: PlanFields = { amount: eurosValue(locale, listing?.amountCents), termMonths: String(listing?.termMonths ?? 12), startDate: today }
  const [form, fields] = useForm<PlanFields & { initiativeId: string; purpose: string }>({ lastResult: actionData?.result, defaultValue: defaults, shouldRevalidate: 'onBlur' })
  const answeringNeed = listing?.kind === 'need'
  // The figures as typed (sent ones after "show plan" without JavaScript); the plan follows each change.
  const sent = actionData?.result.initialValue
  const [typed, setTyped] = useState<PlanFields | null>(null)
  const shown: PlanFields = typed ?? {
    amount: typeof sent?.amount === 'string' ? sent.amount : defaults.amount,
    termMonths: typeof sent?.termMonths === 'string' ? sent.termMonths : defaults.termMonths,
    startDate: typeof sent?.startDate === 'string' ? sent.startDate : defaults.startDate,
  }
  const plan = typed ? previewPlan(typed, { interestBasisPoints, limitCents: centre.loanLimitCents }) : (actionData?.plan ?? previewPlan(shown, { interestBasisPoints, limitCents: centre.loanLimitCents }))
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const values = new FormData(event.currentTarget)
    const text = (name: keyof PlanFields) => String(values.get(name) ?? '')
    setTyped({ amount: text('amount'), termMonths: text('termMonths'), startDate: text('startDate') })
  }
  // With JavaScript the plan follows the fields, so the "show plan" button (the way without it) goes.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false)
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeading sub={listing ? t(answeringNeed ? 'loans.new.forNeed' : 'loans.new.forOffer', { title: listing.title, initiative: listing.initiativeName }) : t('loans.new.toFund')}>
        {t('loans.new.title')}
      </PageHeading>
      {nobodyToAnswer ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          {t(nobodyToAnswer)}
        </p>
      ) : initiatives.length === 0 ? (
        <EmptyState>{t('loans.new.noInitiative')}</EmptyState>
      ) : (
        <Card>
          <Form method="post" {...getFormProps(form)} onChange={onChange} className="space-y-4">
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
              hint={t('loans.fields.amountHint', { max: formatCents(locale, centre.loanLimitCents) })}
              required
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label={t('loans.fields.termMonths')} meta={fields.termMonths} type="number" min={1} max={60} required />
              <Field label={t('loans.fields.startDate')} meta={fields.startDate} type="date" required />
            </div>
            {listing && !answeringNeed ? <p className="text-sm text-stone-700">{t('loans.new.rate', { rate: (interestBasisPoints / 100).toLocaleString(locale) })}</p> : null}
            <LoanPlanPreview plan={plan} interestBasisPoints={interestBasisPoints} />
            {hydrated ? null : (
              <SubmitButton name="intent" value="preview" variant="secondary" pendingLabel={t('loans.new.plan.showing')}>
                {t('loans.new.plan.show')}
              </SubmitButton>
            )}
            <TextareaField label={t('loans.fields.purpose')} meta={fields.purpose} rows={3} required />
            <SubmitButton name="intent" value="request" pendingLabel={t('loans.new.pending')}>{t(answeringNeed ? 'loans.new.submitOffer' : 'loans.new.submit')}</SubmitButton>
          </Form>
        </Card>
      )}
    </div>
  )
}
