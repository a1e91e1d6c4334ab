import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FinancingMixChart } from '~/components/reporting/financing-mix'
import { SubmitButton, buttonClass } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { financingSchema, yearParam } from '~/modules/reporting/financing-schemas'
import { FINANCING_SOURCES, type FinancingSource } from '~/modules/reporting/financing-sources'
import { financingMix, financingYear, financingYears, saveFinancingYear } from '~/modules/reporting/financing.server'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { formatCents } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { localDateOf } from '~/utils/time'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

const thisYearOf = (timeZone: string) => Number(localDateOf(new Date(), timeZone).slice(0, 4))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const thisYear = thisYearOf(centre.timeZone)
  const years = await financingYears(db, centre.id)
  const asked = new URL(request.url).searchParams.get('year')
  const year = yearParam(asked, thisYear) ?? years[0]?.year ?? thisYear - 1
  const [record, mix] = await Promise.all([financingYear(db, centre.id, year), financingMix(db, centre, year)])
  // a new key for the form after every load: a saved year opens without the last attempt's errors
  return { thisYear, year, years, record, mix, badYear: asked !== null && yearParam(asked, thisYear) === null, loadedAt: Date.now() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), financingSchema(thisYearOf(centre.timeZone)))
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const saved = await saveFinancingYear(db, { centreId: centre.id, actorId: user.id, value: submission.value })
  const year = submission.value.year
  return redirectWithToast(`/c/${centre.slug}/manage/financing?year=${year}`, {
    type: saved.changed ? 'success' : 'info',
    key: saved.changed ? 'financing.toast.saved' : 'financing.toast.unchanged',
    params: { year: String(year) },
  })
}

export default function FinancingPage() {
  const t = useT()
  const { thisYear, year, years, record, mix, badYear, loadedAt } = useLoaderData<typeof loader>()
  const label = String(year)
  return (
    <div className="space-y-6">
      <PageHeading sub={t('financing.intro')}>{t('financing.title')}</PageHeading>

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('financing.years')}</h2>
        {years.length ? (
          <ul className="flex flex-wrap gap-2">
            {years.map((y) => (
              <li key={y.year}>
                <Link
                  to={`?year=${y.year}`}
                  aria-current={y.year === year ? 'page' : undefined}
                  className="inline-block rounded-md border border-stone-300 px-3 py-1 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white"
                >
                  {y.year}
                  {y.published ? ` (${t('financing.publishedMark')})` : ''}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-700">{t('financing.noYears')}</p>
        )}
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="financing-year" className="block text-sm font-medium">
              {t('financing.otherYear')}
            </label>
            <input
              id="financing-year"
              name="year"
              type="number"
              min={1950}
              max={thisYear}
              defaultValue={year}
              aria-invalid={badYear || undefined}
              aria-describedby={badYear ? 'financing-year-error' : undefined}
              className="mt-1 block w-32 rounded-md border border-stone-400 bg-white px-3 py-2"
            />
            {badYear ? (
              <p id="financing-year-error" className="mt-1 text-sm text-red-800">
                {t('financing.errors.year', { max: String(thisYear) })}
              </p>
            ) : null}
          </div>
          <button type="submit" className={buttonClass('secondary')}>
            {t('financing.open')}
          </button>
        </Form>
      </Card>

      <YearForm key={loadedAt} year={year} record={record} mutualHelpCents={mix.mutualHelpCents} />

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('financing.chart.previewTitle', { year: label })}</h2>
        <FinancingMixChart
          year={year}
          items={mix.elements}
          totalCents={mix.totalCents}
          mutualHelpShare={mix.mutualHelpShare}
          title={t('financing.chart.title', { year: label })}
        />
      </Card>
    </div>
  )
}

/** One year's form; remounted after each load (its key), so a saved year shows no old errors. */
function YearForm({
  year,
  record,
  mutualHelpCents,
}: {
  year: number
  record: ReturnType<typeof useLoaderData<typeof loader>>['record']
  mutualHelpCents: number
}) {
  const t = useT()
  const locale = useLocale()
  const actionData = useActionData<typeof action>()
  const label = String(year)
  const euros = (cents: number | undefined) => (cents === undefined ? '' : String(cents / 100))
  const [form, fields] = useForm({
    id: `financing-${year}`,
    lastResult: actionData?.result,
    defaultValue: {
      year: String(year),
      sources: Object.fromEntries(
        FINANCING_SOURCES.map((kind) => [kind, { euros: euros(record?.sources[kind]?.amountCents), note: record?.sources[kind]?.note ?? '' }]),
      ) as Record<FinancingSource, { euros: string; note: string }>,
      published: record?.published ? 'on' : '',
      unpaidHours: record ? String(record.unpaidHours) : '',
      unpaidHourRateEuros: record ? euros(record.unpaidHourRateCents) : '',
      show: record?.publicAmounts ? 'amounts' : 'shares',
    },
  })
  const sources = fields.sources.getFieldset()
  return (
  <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input type="hidden" name={fields.year.name} value={year} />
        <FormErrors errors={[...(form.errors ?? []), ...(fields.year.errors ?? [])]} />
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">{t('financing.sourcesHeading', { year: label })}</h2>
          <div className="space-y-4">
            {FINANCING_SOURCES.map((kind) => {
              const source = sources[kind].getFieldset()
              const name = t(`financing.sources.${kind}`)
              return (
                <fieldset key={kind} className="grid gap-3 border-b border-stone-100 pb-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
                  <legend className="mb-1 font-medium">{name}</legend>
                  <Field label={t('financing.amountLabel')} meta={source.euros} inputMode="numeric" aria-label={t('financing.amountOf', { source: name })} />
                  <Field label={t('financing.noteLabel')} meta={source.note} maxLength={300} aria-label={t('financing.noteOf', { source: name })} />
                </fieldset>
              )
            })}
          </div>
        </Card>
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">{t('financing.unpaidHeading')}</h2>
          <p className="text-sm text-stone-700">{t('financing.unpaidHint')}</p>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t('financing.unpaidHours')} meta={fields.unpaidHours} inputMode="numeric" />
            <Field label={t('financing.unpaidRate')} meta={fields.unpaidHourRateEuros} inputMode="decimal" />
          </div>
        </Card>
        <Card className="space-y-2">
          <h2 className="text-lg font-semibold">{t('financing.mutualHelpHeading')}</h2>
          <p className="text-sm">{t('financing.mutualHelpText', { year: label, value: formatCents(locale, mutualHelpCents) })}</p>
        </Card>
        <Card className="space-y-3">
          <h2 className="text-lg font-semibold">{t('financing.publishHeading')}</h2>
          <label className="flex items-center gap-2">
            <input type="checkbox" name={fields.published.name} defaultChecked={record?.published ?? false} className="size-4" />
            {t('financing.published')}
          </label>
          <fieldset>
            <legend className="text-sm font-medium">{t('financing.show')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {(['shares', 'amounts'] as const).map((value) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <input type="radio" name={fields.show.name} value={value} defaultChecked={(record?.publicAmounts ? 'amounts' : 'shares') === value} />
                  {t(value === 'amounts' ? 'financing.showAmounts' : 'financing.showShares')}
                </label>
              ))}
            </div>
          </fieldset>
        </Card>
        <SubmitButton pendingLabel={t('financing.saving')}>{t('financing.save')}</SubmitButton>
      </Form>
  )
}
