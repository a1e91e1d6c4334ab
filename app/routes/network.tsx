import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { TableScroll } from '~/components/reporting/charts'
import { SubmitButton } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { SelectField } from '~/components/ui/field'
import { project } from '~/components/network/map-frame'
import { NetworkMap } from '~/components/network/network-map'
import {
  centrePlaces,
  NETWORK_OFFERS,
  NETWORK_SORTS,
  NUMERIC_SORTS,
  networkTable,
  parseNetworkQuery,
  viewNetwork,
} from '~/modules/reporting/network-page.server'
import type { NetworkQuery, NetworkSort } from '~/modules/reporting/network-page.server'
import { presetPeriod } from '~/modules/reporting/period'
import { getUser } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { formatCents, formatCount, formatMinutesAsHours, formatMonthShort, formatShare } from '~/utils/format'
import { MixBar } from '~/components/reporting/financing-mix'
import { resolveLocale } from '~/utils/i18n.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

/** `/network`: the centres side by side (issue #17 §2). Public; the table is counted once a day. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const locale = await resolveLocale(request, user?.locale)
  const [table, places] = await Promise.all([networkTable(db), centrePlaces(db)])
  const countries = [...new Set(table.rows.map((r) => r.country))].sort()
  const query = parseNetworkQuery(new URL(request.url).searchParams, countries)
  const rows = viewNetwork(table.rows, query, locale)
  // the period named in the caption: the months the centres' last-12-months periods span
  const fallback = presetPeriod('last12', table.day)
  const from = table.rows.reduce((min, r) => (r.from < min ? r.from : min), table.rows[0]?.from ?? fallback.from)
  const to = table.rows.reduce((max, r) => (r.to > max ? r.to : max), table.rows[0]?.to ?? fallback.to)
  // the dots of the centres shown (the filter applies to the map too) that have a place on it
  const dots = rows.flatMap((r) => {
    const place = places.get(r.id)
    const point = place ? project(place.longitude, place.latitude) : null
    return point ? [{ slug: r.slug, name: r.name, city: r.city, ...point }] : []
  })
  return {
    query,
    dots,
    countries,
    // the choices travel with the data: the page's component may not import server modules
    offerChoices: [...NETWORK_OFFERS],
    columns: [...NETWORK_SORTS],
    numericColumns: [...NUMERIC_SORTS] as NetworkSort[],
    from,
    lastMonth: lastMonthOf(to),
    total: table.rows.length,
    rows: rows.map(({ id, slug, name, city, country, foundingYear, legalForm, activeInitiatives, exchanges, minutes, cents, financing }) => ({
      id,
      slug,
      name,
      city,
      country,
      foundingYear,
      legalForm,
      activeInitiatives,
      exchanges,
      minutes,
      cents,
      financing,
    })),
  }
}

/** The month before `to` (the period's last month), `YYYY-MM-01`. */
function lastMonthOf(to: string) {
  const [y, m] = to.split('-').map(Number) as [number, number]
  const year = m === 1 ? y - 1 : y
  const month = m === 1 ? 12 : m - 1
  return `${year}-${String(month).padStart(2, '0')}-01`
}

function countryName(locale: string, code: string) {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

function queryString(query: NetworkQuery, changes: Partial<Record<'country' | 'offers' | 'sort' | 'dir', string | null>>) {
  const values = {
    country: query.country,
    offers: query.offers,
    sort: query.sort,
    dir: query.dir,
    ...changes,
  }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value)
  return `?${params.toString()}`
}

function SortHeader({ column, query, numeric }: { column: NetworkSort; query: NetworkQuery; numeric: boolean }) {
  const t = useT()
  const active = query.sort === column
  const next = active ? (query.dir === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc'
  return (
    <th
      scope="col"
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={`px-2 py-2 align-bottom ${numeric ? 'text-right' : 'text-left'}`}
    >
      <Link to={queryString(query, { sort: column, dir: next })} preventScrollReset className="whitespace-nowrap">
        {t(`network.columns.${column}`)}
        {active ? <span aria-hidden="true">{query.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        <span className="sr-only"> {t(next === 'asc' ? 'network.sortAsc' : 'network.sortDesc')}</span>
      </Link>
    </th>
  )
}

export default function NetworkPage() {
  const t = useT()
  const locale = useLocale()
  const { query, dots, countries, offerChoices, columns, numericColumns, rows, from, lastMonth, total } = useLoaderData<typeof loader>()
  const caption = t('network.caption', {
    from: formatMonthShort(locale, from),
    to: formatMonthShort(locale, lastMonth),
  })
  const shown = t('network.shown', { count: rows.length, total })
  return (
    <div className="space-y-6">
      <PageHeading sub={t('network.lead')}>{t('network.title')}</PageHeading>
      <Form method="get" aria-label={t('network.filter.label')} className="rounded-lg border border-stone-200 bg-white p-4">
        <fieldset className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]">
          <legend className="mb-2 text-sm font-semibold">{t('network.filter.label')}</legend>
          <SelectField label={t('network.filter.country')} name="country" defaultValue={query.country ?? ''}>
            <option value="">{t('network.filter.allCountries')}</option>
            {countries.map((code) => (
              <option key={code} value={code}>
                {countryName(locale, code)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('network.filter.offers')} name="offers" defaultValue={query.offers ?? ''}>
            <option value="">{t('network.filter.anything')}</option>
            {offerChoices.map((category) => (
              <option key={category} value={category}>
                {t(`network.offers.${category}`)}
              </option>
            ))}
          </SelectField>
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
          <SubmitButton variant="secondary" className="sm:mt-6" pendingLabel={t('network.filter.showing')}>
            {t('network.filter.show')}
          </SubmitButton>
        </fieldset>
      </Form>
      {/* the caption's text also stands above the scrolling box, so a narrow screen shows it whole */}
      <p aria-hidden="true" className="text-sm">
        <span className="font-semibold">{caption}</span> <span className="text-stone-700">{shown}</span>
      </p>
      {rows.length ? (
        // relative: the screen-reader hints in the headers are placed inside the scrolling box, not beyond the page's edge
        <TableScroll label={caption}>
          <table className="relative w-full border-collapse bg-white text-sm">
            <caption className="sr-only">
              {caption} {shown}
            </caption>
            <thead className="border-b-2 border-stone-300">
              <tr>
                {columns.map((column) => (
                  <SortHeader key={column} column={column} query={query} numeric={numericColumns.includes(column)} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-stone-200">
                  <th scope="row" className="px-2 py-2 text-left font-semibold">
                    <Link to={`/c/${row.slug}`}>{row.name}</Link>
                  </th>
                  <td className="px-2 py-2">{row.city}</td>
                  <td className="px-2 py-2">{countryName(locale, row.country)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{row.foundingYear ?? '–'}</td>
                  <td className="min-w-40 px-2 py-2">{row.legalForm ?? '–'}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatCount(locale, row.activeInitiatives)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatCount(locale, row.exchanges)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{formatMinutesAsHours(locale, row.minutes)}</td>
                  <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">{formatCents(locale, row.cents)}</td>
                  <td className="px-2 py-2">
                    {row.financing ? (
                      <MixBar
                        items={row.financing.elements}
                        height={14}
                        className="block h-4 w-20"
                        label={t('financing.chart.summary', {
                          year: String(row.financing.year),
                          parts: row.financing.elements
                            .map((e) => `${t(`financing.sources.${e.element}`)} ${formatShare(locale, e.share)}`)
                            .join(', '),
                        })}
                      />
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <EmptyState>
          {t('network.empty')} <Link to="/network">{t('network.reset')}</Link>
        </EmptyState>
      )}
      <p className="max-w-3xl text-sm text-stone-700">{t('network.note')}</p>
      <p className="text-sm">
        <Link to="/guide">{t('network.guide.title')}</Link>
      </p>
      <NetworkMap
        dots={dots}
        title={t('network.map.title')}
        caption={dots.length < rows.length ? t('network.map.captionSome', { count: dots.length, total: rows.length }) : t('network.map.caption')}
      />
    </div>
  )
}
