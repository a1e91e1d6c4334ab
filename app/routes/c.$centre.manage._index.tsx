import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FirstStepsChecklist, ShowFirstSteps } from '~/components/manage/first-steps'
import { FlowTable, MonthlyChart, NetworkPicture, SeriesTable, TableScroll, Trend } from '~/components/reporting/charts'
import { PeriodForm } from '~/components/reporting/period-form'
import { Card, PageHeading } from '~/components/ui/card'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { firstSteps } from '~/modules/centres/first-steps.server'
import { FirstStepsIntentSchema } from '~/modules/centres/first-steps-schemas'
import { countOpenApplications } from '~/modules/initiatives/initiatives.server'
import { countOpenReports } from '~/modules/moderation/report-decisions.server'
import { labelNodes } from '~/modules/reporting/anonymise'
import { dashboardPeriod, reportCentre } from '~/modules/reporting/console.server'
import { CATEGORIES, EXCHANGE_STATES, EXPORTS } from '~/modules/reporting/constants'
import { periodQuery, shownLastDay } from '~/modules/reporting/period'
import { dashboard } from '~/modules/reporting/reporting.server'
import { db } from '~/utils/db.server'
import { hiddenFirstSteps, setFirstStepsHidden } from '~/utils/first-steps-cookie.server'
import { parseForm } from '~/utils/forms.server'
import { readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { formatCents, formatCount, formatDate, formatMinutesAsHours, formatPercent } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
import { localDateOf } from '~/utils/time'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const search = new URL(request.url).searchParams
  // Without a choice: the last 30 days (DASHBOARD_PERIOD). Bad period input: said next to its
  // field (400) while the default period shows, so the rest of the page stays usable.
  const { period, errors } = dashboardPeriod(search, centre)
  const [figures, openApplications, openReports, steps, hidden] = await Promise.all([
    dashboard(db, reportCentre(centre), period),
    countOpenApplications(db, centre.id),
    countOpenReports(db, centre.id),
    firstSteps(db, centre.id),
    hiddenFirstSteps(request),
  ])
  return data(
    {
      centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone },
      today: localDateOf(new Date(), centre.timeZone),
      figures,
      openApplications,
      openReports,
      // Until every step is done; a manager may hide the list in this browser (ADR 074).
      firstSteps: steps && !steps.allDone ? { ...steps, hidden: hidden.includes(centre.id) } : null,
      errors,
      form: {
        preset: search.get('period') ?? period.preset,
        year: search.get('year') ?? String(period.year ?? period.from.slice(0, 4)),
        from: search.get('from') ?? period.from,
        to: search.get('to') ?? period.to,
      },
    },
    { status: errors ? 400 : 200 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const submission = parseForm(await readFormData(request), FirstStepsIntentSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const hide = submission.value.intent === 'hideFirstSteps'
  return redirectWithToast(
    `/c/${centre.slug}/manage`,
    { type: 'success', key: hide ? 'onboarding.toast.hidden' : 'onboarding.toast.shown' },
    { headers: { 'Set-Cookie': await setFirstStepsHidden(request, centre.id, hide) } },
  )
}

function Figure({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-stone-700">{label}</dt>
      <dd>
        <span className="block text-2xl font-bold tabular-nums">{value}</span>
        {children}
      </dd>
    </div>
  )
}

export default function ManageDashboard() {
  const t = useT()
  const locale = useLocale()
  const { centre, today, figures, openApplications, openReports, firstSteps, errors, form } = useLoaderData<typeof loader>()
  const { current: c, before: b, period, previous } = figures
  const hours = (m: number) => formatMinutesAsHours(locale, m)
  const euros = (cents: number) => formatCents(locale, cents)
  const count = (n: number) => formatCount(locale, n)
  const percent = (v: number | null) => (v === null ? '–' : formatPercent(locale, v))
  const base = `/c/${centre.slug}/manage`
  const query = periodQuery(period)
  const nodes = labelNodes(figures.network.nodes, {
    anonymise: false,
    others: t('reporting.network.others'),
    letter: (letter) => t('reporting.anonymous', { letter }),
  })
  return (
    <div className="space-y-8">
      <PageHeading
        sub={t('reporting.dashboard.period', {
          from: formatDate(locale, `${period.from}T12:00:00Z`, 'UTC'),
          to: formatDate(locale, `${shownLastDay(period, today)}T12:00:00Z`, 'UTC'),
          previousFrom: formatDate(locale, `${previous.from}T12:00:00Z`, 'UTC'),
        })}
      >
        {t('reporting.dashboard.title', { centre: centre.name })}
      </PageHeading>

      {firstSteps && !firstSteps.hidden ? (
        <FirstStepsChecklist
          centrePath={`/c/${centre.slug}`}
          steps={firstSteps.steps}
          hourValueCents={firstSteps.hourValueCents}
          moderationMode={firstSteps.moderationMode}
        />
      ) : null}

      <PeriodForm values={form} errors={errors ?? undefined} />

      <Card>
        <h2 className="mb-2 text-lg font-semibold">{t('reporting.dashboard.todo')}</h2>
        <ul className="space-y-2 text-sm">
          <li>
            <Link to={`${base}/applications`} className="inline-block py-1">{t('reporting.dashboard.openApplications', { count: openApplications })}</Link>
          </li>
          <li>
            <Link to={`${base}/reports`} className="inline-block py-1">{t('reporting.dashboard.openReports', { count: openReports })}</Link>
          </li>
        </ul>
        {firstSteps?.hidden ? <ShowFirstSteps /> : null}
      </Card>

      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading" className="mb-3 text-xl font-bold">
          {t('reporting.figures.title')}
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Figure label={t('reporting.figures.activeInitiatives')} value={count(c.activeInitiatives)}>
            <Trend current={c.activeInitiatives} previous={b.activeInitiatives} format={count} />
          </Figure>
          <Figure label={t('reporting.figures.helpCount')} value={count(c.helpCount)}>
            <Trend current={c.helpCount} previous={b.helpCount} format={count} />
          </Figure>
          <Figure label={t('reporting.figures.hours')} value={hours(c.minutes)}>
            <Trend current={c.minutes} previous={b.minutes} format={hours} />
          </Figure>
          <Figure label={t('reporting.figures.value')} value={euros(c.cents)}>
            <Trend current={c.cents} previous={b.cents} format={euros} />
          </Figure>
          <Figure label={t('reporting.figures.reciprocity')} value={percent(c.reciprocity.index)}>
            <p className="text-sm text-stone-700">
              {t('reporting.figures.reciprocityDetail', { both: c.reciprocity.both, active: c.reciprocity.active })}
            </p>
            <p className="text-sm text-stone-700">{t('reporting.trend.before', { previous: percent(b.reciprocity.index) })}</p>
          </Figure>
          <Figure label={t('reporting.figures.listings')} value={count(c.listings.total)}>
            <Trend current={c.listings.total} previous={b.listings.total} format={count} />
          </Figure>
          <Figure label={t('reporting.figures.loansOutstanding')} value={euros(c.loans.outstandingCents)}>
            <p className="text-sm text-stone-700">{t('reporting.figures.loanCount', { count: c.loans.outstandingCount })}</p>
            <Trend current={c.loans.outstandingCents} previous={b.loans.outstandingCents} format={euros} />
          </Figure>
          <Figure label={t('reporting.figures.loansOverdue')} value={euros(c.loans.overdueCents)}>
            <p className="text-sm text-stone-700">{t('reporting.figures.loanCount', { count: c.loans.overdueCount })}</p>
            <Trend current={c.loans.overdueCents} previous={b.loans.overdueCents} format={euros} />
          </Figure>
          <Figure label={t('reporting.figures.repayments')} value={euros(c.loans.repaymentsCents)}>
            <p className="text-sm text-stone-700">{t('reporting.figures.loansRepaid', { count: c.loans.repaidCount })}</p>
            <Trend current={c.loans.repaymentsCents} previous={b.loans.repaymentsCents} format={euros} />
          </Figure>
          <Figure label={t('reporting.figures.unmetNeeds')} value={count(c.unmetNeeds.total)}>
            <Trend current={c.unmetNeeds.total} previous={b.unmetNeeds.total} format={count} />
          </Figure>
        </dl>
      </section>

      <section aria-labelledby="breakdown-heading" className="grid gap-6 lg:grid-cols-2">
        <h2 id="breakdown-heading" className="sr-only">
          {t('reporting.breakdown.title')}
        </h2>
        <Card>
          <TableScroll label={t('reporting.breakdown.listings')}>
            <table className="w-full text-left text-sm">
              <caption className="text-left font-semibold">{t('reporting.breakdown.listings')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.table.category')}</th>
                  <th scope="col" className="text-right">
                    {t('reporting.table.offers')}
                  </th>
                  <th scope="col" className="text-right">
                    {t('reporting.table.needs')}
                  </th>
                  <th scope="col" className="text-right">
                    {t('reporting.table.unmet')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {CATEGORIES.map((cat) => (
                  <tr key={cat} className="border-t border-stone-200">
                    <th scope="row" className="font-normal">
                      {t(`reporting.categories.${cat}`)}
                    </th>
                    <td className="text-right tabular-nums">{c.listings.byKind.offer[cat]}</td>
                    <td className="text-right tabular-nums">{c.listings.byKind.need[cat]}</td>
                    <td className="text-right tabular-nums">{c.unmetNeeds.byCategory[cat]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Card>
        <Card>
          <TableScroll label={t('reporting.breakdown.exchanges')}>
            <table className="w-full text-left text-sm">
              <caption className="text-left font-semibold">{t('reporting.breakdown.exchanges')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.table.state')}</th>
                  <th scope="col" className="text-right">
                    {t('reporting.table.period')}
                  </th>
                  <th scope="col" className="text-right">
                    {t('reporting.table.previous')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {EXCHANGE_STATES.map((state) => (
                  <tr key={state} className="border-t border-stone-200">
                    <th scope="row" className="font-normal">
                      {t(`reporting.states.${state}`)}
                    </th>
                    <td className="text-right tabular-nums">{c.exchanges.byState[state]}</td>
                    <td className="text-right tabular-nums">{b.exchanges.byState[state]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Card>
      </section>

      <section aria-labelledby="charts-heading" className="space-y-4">
        <h2 id="charts-heading" className="text-xl font-bold">
          {t('reporting.charts.title')}
        </h2>
        <Card>
          <MonthlyChart series={figures.series} measure="exchanges" />
        </Card>
        <Card>
          <MonthlyChart series={figures.series} measure="hours" />
        </Card>
        <Card>
          <details>
            <summary className="cursor-pointer font-semibold">{t('reporting.charts.asTable')}</summary>
            <SeriesTable series={figures.series} caption={t('reporting.charts.tableCaption')} />
          </details>
        </Card>
      </section>

      <section aria-labelledby="network-heading" className="space-y-4">
        <h2 id="network-heading" className="text-xl font-bold">
          {t('reporting.network.title')}
        </h2>
        {figures.network.flows.length ? (
          <>
            <Card>
              <NetworkPicture nodes={nodes} flows={figures.network.flows} />
            </Card>
            <Card>
              <FlowTable nodes={nodes} flows={figures.network.flows} caption={t('reporting.network.tableCaption')} />
            </Card>
          </>
        ) : (
          <p className="text-stone-700">{t('reporting.network.empty')}</p>
        )}
      </section>

      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading" className="mb-2 text-xl font-bold">
          {t('reporting.exports.title')}
        </h2>
        <ul className="flex flex-wrap gap-3">
          {EXPORTS.map((what) => (
            <li key={what}>
              <a href={`${base}/export/${what}.csv?${query}`} download className="inline-block py-1">
                {t(`reporting.exports.${what}`)}
              </a>
            </li>
          ))}
          <li>
            <Link to={`${base}/report?${query}`} className="inline-block py-1">
              {t('reporting.exports.report')}
            </Link>
          </li>
        </ul>
        {/* the files come in the separator of the reader's spreadsheet; the other one on request (#19) */}
        <p className="mt-2 text-sm text-stone-700">{t(locale === 'en' ? 'reporting.exports.withComma' : 'reporting.exports.withSemicolon')}</p>
        <details className="mt-1 text-sm">
          <summary className="inline-block cursor-pointer py-1">{t(locale === 'en' ? 'reporting.exports.otherSemicolon' : 'reporting.exports.otherComma')}</summary>
          <ul className="flex flex-wrap gap-3">
            {EXPORTS.map((what) => (
              <li key={what}>
                <a href={`${base}/export/${what}.csv?${query}&sep=${locale === 'en' ? 'semicolon' : 'comma'}`} download className="inline-block py-1">
                  {t(`reporting.exports.${what}`)}
                </a>
              </li>
            ))}
          </ul>
        </details>
      </section>
    </div>
  )
}
