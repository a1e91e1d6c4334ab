import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { MatrixTable, PeriodForm, TableScroll } from '~/components/reporting/charts'
import { FinancingMixChart } from '~/components/reporting/financing-mix'
import { financingMix, financingYears } from '~/modules/reporting/financing.server'
import { SubmitButton } from '~/components/ui/button'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { labelNodes } from '~/modules/reporting/anonymise'
import { periodFromSearch, reportCentre } from '~/modules/reporting/console.server'
import { parsePeriod, periodQuery, shownLastDay } from '~/modules/reporting/period'
import { localDateOf } from '~/utils/time'
import { anonymiseText, initiativeNames } from '~/modules/reporting/report.server'
import { getReportText, saveReportText } from '~/modules/reporting/report-text.server'
import { dashboard } from '~/modules/reporting/reporting.server'
import { ReportTextSchema } from '~/modules/reporting/schemas'
import { db } from '~/utils/db.server'
import { formatCents, formatDate, formatMinutesAsHours } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const url = new URL(request.url)
  const anonymise = url.searchParams.get('anonymous') === '1'
  const asked = periodFromSearch(new URL(request.url).searchParams, centre)
  const today = localDateOf(new Date(), centre.timeZone)
  const fallback = parsePeriod({}, today)
  const period = asked.ok ? asked.period : fallback.ok ? fallback.period : null
  if (!period) throw new Error('default period must parse')
  const [figures, text, names, recorded] = await Promise.all([
    dashboard(db, reportCentre(centre), period),
    getReportText(db, centre.id, period),
    anonymise ? initiativeNames(db, centre.id) : Promise.resolve([]),
    financingYears(db, centre.id),
  ])
  // the financing of the latest recorded calendar year the period touches (issue #17 §1)
  const firstYear = Number(period.from.slice(0, 4))
  const lastYear = Number(period.to.slice(0, 4)) - (period.to.slice(5) === '01-01' ? 1 : 0)
  const financingYear = recorded.find((y) => y.year >= firstYear && y.year <= lastYear)?.year ?? null
  const financing = financingYear === null ? null : await financingMix(db, reportCentre(centre), financingYear)
  const nodes = labelNodes(figures.network.nodes, { anonymise, others: '', letter: (l) => l })
  // Anonymised: names go (also from the manager's own text); only letters reach the page.
  const letters = new Map(nodes.filter((n) => n.id).map((n) => [n.id!, n.label]))
  return data(
    {
      centre: {
        slug: centre.slug,
        name: centre.name,
        city: centre.city,
        hourValueCents: centre.hourValueCents,
        foundingYear: centre.foundingYear,
        legalForm: centre.legalForm,
        fundingMix: centre.fundingMix,
      },
      anonymise,
      financing,
      today,
      figures: { ...figures, network: { ...figures.network, nodes: nodes.map((n) => ({ ...n, name: anonymise ? null : n.name, slug: null })) } },
      text: text ? (anonymise ? anonymiseText(text.body, names, letters) : text.body) : '',
      editableText: anonymise ? null : (text?.body ?? ''),
      errors: asked.ok ? null : asked.errors,
      form: {
        preset: url.searchParams.get('period') ?? period.preset,
        year: url.searchParams.get('year') ?? period.from.slice(0, 4),
        from: url.searchParams.get('from') ?? period.from,
        to: url.searchParams.get('to') ?? period.to,
      },
    },
    { status: asked.ok ? 200 : 400 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), ReportTextSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const { from, to, body } = submission.value
  await saveReportText(db, { centreId: centre.id, actorId: user.id, period: { from, to }, body: body ?? '' })
  return redirectWithToast(`/c/${centre.slug}/manage/report?${periodQuery({ from, to })}`, {
    type: 'success',
    key: 'reporting.report.toast.saved',
  })
}

export default function FunderReport() {
  const t = useT()
  const locale = useLocale()
  const { centre, anonymise, financing, today, figures, text, editableText, errors, form } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [textForm, fields] = useForm({ lastResult: actionData?.result, defaultValue: { body: editableText ?? '' } })
  const { current: c, before: b, period } = figures
  const hours = (m: number) => formatMinutesAsHours(locale, m)
  const euros = (cents: number) => formatCents(locale, cents)
  const count = (n: number) => new Intl.NumberFormat(locale).format(n)
  const percent = (v: number | null) => (v === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent' }).format(v))
  const shownEnd = shownLastDay(period, today)
  const range = t('reporting.report.range', { from: formatDate(locale, `${period.from}T12:00:00Z`, 'UTC'), to: formatDate(locale, `${shownEnd}T12:00:00Z`, 'UTC') })
  const nodes = figures.network.nodes.map((n) => ({
    ...n,
    label: n.id === null ? t('reporting.network.others') : anonymise ? t('reporting.anonymous', { letter: n.label }) : n.label,
  }))
  const rows: [string, string, string][] = [
    [t('reporting.figures.activeInitiatives'), count(c.activeInitiatives), count(b.activeInitiatives)],
    [t('reporting.figures.helpCount'), count(c.helpCount), count(b.helpCount)],
    [t('reporting.figures.hours'), hours(c.minutes), hours(b.minutes)],
    [t('reporting.figures.value'), euros(c.cents), euros(b.cents)],
    [t('reporting.figures.reciprocity'), percent(c.reciprocity.index), percent(b.reciprocity.index)],
    [t('reporting.figures.listings'), count(c.listings.total), count(b.listings.total)],
    [t('reporting.figures.unmetNeeds'), count(c.unmetNeeds.total), count(b.unmetNeeds.total)],
  ]
  const query = new URLSearchParams({ from: period.from, to: period.to })
  return (
    <article className="report space-y-8" aria-labelledby="report-title">
      <div className="no-print space-y-4 rounded-lg border border-stone-200 bg-white p-4">
        <PeriodForm values={form} errors={errors ?? undefined} />
        <Form method="get" className="flex flex-wrap items-center gap-4">
          <input type="hidden" name="from" value={period.from} />
          <input type="hidden" name="to" value={period.to} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="anonymous" value="1" defaultChecked={anonymise} />
            {t('reporting.report.anonymise')}
          </label>
          <SubmitButton variant="secondary" pendingLabel={t('reporting.period.showing')}>
            {t('reporting.report.apply')}
          </SubmitButton>
          <a href={`?${query}${anonymise ? '' : '&anonymous=1'}`} className="text-sm">
            {t(anonymise ? 'reporting.report.showNames' : 'reporting.report.showAnonymous')}
          </a>
        </Form>
        <p className="text-sm text-stone-700">{t('reporting.report.printHint')}</p>
      </div>

      <header className="space-y-1">
        <h1 id="report-title" className="text-2xl font-bold">
          {t('reporting.report.title', { centre: centre.name })}
        </h1>
        <p className="text-stone-700">{range}</p>
        {anonymise ? <p className="text-sm text-stone-700">{t('reporting.report.anonymised')}</p> : null}
      </header>

      <section aria-labelledby="r-centre" className="print-avoid-break">
        <h2 id="r-centre" className="text-xl font-bold">
          {t('reporting.report.sections.centre')}
        </h2>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[14rem_1fr]">
          <dt className="font-medium">{t('reporting.settings.legalForm')}</dt>
          <dd>{centre.legalForm || '—'}</dd>
          <dt className="font-medium">{t('reporting.settings.foundingYear')}</dt>
          <dd>{centre.foundingYear ?? '—'}</dd>
          <dt className="font-medium">{t('reporting.settings.fundingMix')}</dt>
          <dd className="whitespace-pre-line">{centre.fundingMix || '—'}</dd>
          <dt className="font-medium">{t('reporting.settings.hourValue')}</dt>
          <dd>{euros(centre.hourValueCents)}</dd>
        </dl>
      </section>

      <section aria-labelledby="r-figures" className="print-avoid-break">
        <h2 id="r-figures" className="text-xl font-bold">
          {t('reporting.report.sections.figures')}
        </h2>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{t('reporting.report.sections.figures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reporting.report.figure')}</th>
              <th scope="col" className="text-right">
                {t('reporting.table.period')}
              </th>
              <th scope="col" className="text-right">
                {t('reporting.table.previous')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, now, before]) => (
              <tr key={label} className="border-t border-stone-200">
                <th scope="row" className="font-normal">
                  {label}
                </th>
                <td className="text-right tabular-nums">{now}</td>
                <td className="text-right tabular-nums">{before}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-value" className="print-avoid-break">
        <h2 id="r-value" className="text-xl font-bold">
          {t('reporting.report.sections.value')}
        </h2>
        <p className="mt-2">
          {t('reporting.report.valueText', { hours: hours(c.minutes), value: euros(c.cents), count: c.helpCount, hourValue: euros(centre.hourValueCents) })}
        </p>
      </section>

      <section aria-labelledby="r-financing" className="print-avoid-break">
        <h2 id="r-financing" className="text-xl font-bold">
          {financing ? t('financing.chart.title', { year: String(financing.year) }) : t('financing.title')}
        </h2>
        {financing ? (
          <FinancingMixChart
            year={financing.year}
            items={financing.elements}
            totalCents={financing.totalCents}
            mutualHelpShare={financing.mutualHelpShare}
            title={t('financing.chart.title', { year: String(financing.year) })}
          />
        ) : (
          <p className="mt-2 text-sm text-stone-700">{t('financing.chart.reportNone')}</p>
        )}
      </section>

      <section aria-labelledby="r-matrix">
        <h2 id="r-matrix" className="text-xl font-bold">
          {t('reporting.report.sections.matrix')}
        </h2>
        {figures.network.flows.length ? (
          <div className="mt-2">
            <TableScroll label={t('reporting.matrix.caption')}>
              <MatrixTable nodes={nodes} flows={figures.network.flows} caption={t('reporting.matrix.caption')} />
            </TableScroll>
          </div>
        ) : (
          <p className="mt-2">{t('reporting.network.empty')}</p>
        )}
      </section>

      <section aria-labelledby="r-loans" className="print-avoid-break">
        <h2 id="r-loans" className="text-xl font-bold">
          {t('reporting.report.sections.loans')}
        </h2>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[18rem_1fr]">
          <dt className="font-medium">{t('reporting.figures.loansOutstanding')}</dt>
          <dd>
            {euros(c.loans.outstandingCents)} ({t('reporting.figures.loanCount', { count: c.loans.outstandingCount })})
          </dd>
          <dt className="font-medium">{t('reporting.figures.loansOverdue')}</dt>
          <dd>
            {euros(c.loans.overdueCents)} ({t('reporting.figures.loanCount', { count: c.loans.overdueCount })})
          </dd>
          <dt className="font-medium">{t('reporting.figures.repayments')}</dt>
          <dd>
            {euros(c.loans.repaymentsCents)} ({t('reporting.figures.loansRepaid', { count: c.loans.repaidCount })})
          </dd>
        </dl>
      </section>

      <section aria-labelledby="r-text">
        <h2 id="r-text" className="text-xl font-bold">
          {t('reporting.report.sections.text')}
        </h2>
        {text ? <p className="mt-2 whitespace-pre-line">{text}</p> : <p className="no-print mt-2 text-stone-700">{t('reporting.report.noText')}</p>}
        {editableText !== null ? (
          <Form method="post" {...getFormProps(textForm)} className="no-print mt-4 space-y-3">
            <FormErrors errors={textForm.errors} />
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
            <TextareaField label={t('reporting.report.textLabel')} hint={t('reporting.report.textHint')} meta={fields.body} rows={6} />
            <SubmitButton name="intent" value="saveText" pendingLabel={t('reporting.report.saving')}>
              {t('reporting.report.saveText')}
            </SubmitButton>
          </Form>
        ) : null}
      </section>
    </article>
  )
}
