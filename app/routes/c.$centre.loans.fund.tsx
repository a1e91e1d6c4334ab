import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { localDateOf as localDate } from '~/utils/time'
import { getFund, recordContribution } from '~/modules/loans/loans.server'
import { ContributionSchema } from '~/modules/loans/schemas'
import { db } from '~/utils/db.server'
import { formatCents, formatDate } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { getT, resolveLocale } from '~/utils/i18n.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Viertel` : 'Viertel' }]

/** The centre's solidarity fund: its money at hand, contributions in, loans out. Managers only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const fund = await getFund(db, user, centre.id)
  if (!fund) notFound()
  const t = getT(await resolveLocale(request, user.locale))
  return { centre: { slug: centre.slug }, fund, today: localDate(new Date(), centre.timeZone), title: t('loans.fund.title') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), ContributionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await recordContribution(db, user, centre.id, submission.value)
  if (!outcome.ok) {
    if (outcome.error === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
    notFound()
  }
  return redirectWithToast(`/c/${centre.slug}/loans/fund`, { type: 'success', key: 'loans.toast.contributionRecorded' })
}

export default function FundPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, fund, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ lastResult: actionData?.result })
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/c/${centre.slug}/loans`}>{t('loans.detail.back')}</Link>
      </p>
      <PageHeading sub={t('loans.fund.intro')}>{t('loans.fund.title')}</PageHeading>
      <Card>
        <dl className="grid gap-4 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-stone-600">{t('loans.fund.balance')}</dt>
            <dd className="text-2xl font-bold tabular-nums">{formatCents(locale, fund.balanceCents)}</dd>
          </div>
          <div>
            <dt className="text-sm text-stone-600">{t('loans.fund.outstanding')}</dt>
            <dd className="text-2xl font-bold tabular-nums">{formatCents(locale, fund.outstandingCents)}</dd>
          </div>
        </dl>
        <p className="mt-4 text-sm">
          <Link to={`/c/${centre.slug}/loans`}>{t('loans.fund.loansLink')}</Link>
        </p>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.fund.record')}</h2>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <SelectField label={t('loans.fund.contributor')} meta={fields.initiativeId}>
            {fund.initiatives.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </SelectField>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" required />
            <Field label={t('loans.fund.receivedOn')} meta={fields.receivedOn} type="date" defaultValue={today} required />
          </div>
          <Field label={`${t('loans.fields.note')} ${t('common.optional')}`} meta={fields.note} />
          <SubmitButton pendingLabel={t('loans.fund.recording')}>{t('loans.fund.recordSubmit')}</SubmitButton>
        </Form>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.fund.contributions')}</h2>
        {fund.contributions.length === 0 ? (
          <p className="text-sm text-stone-700">{t('loans.fund.noContributions')}</p>
        ) : (
          <ul className="divide-y divide-stone-200 text-sm">
            {fund.contributions.map((c) => (
              <li key={c.id} className="flex justify-between gap-3 py-2">
                <span>
                  {c.initiativeName} · {formatDate(locale, `${c.receivedOn}T12:00:00Z`, 'UTC')}
                  {c.note ? ` · ${c.note}` : ''}
                </span>
                <span className="tabular-nums">{formatCents(locale, c.amountCents)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  )
}
