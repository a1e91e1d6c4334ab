import type { LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { TableScroll } from '~/components/reporting/charts'
import { SubmitButton } from '~/components/ui/button'
import { EmptyState, PageHeading } from '~/components/ui/card'
import { Field, SelectField } from '~/components/ui/field'
import { auditFilterChoices, listAuditEntries, subjectPath } from '~/modules/audit/audit-log.server'
import { AUDIT_PAGE_SIZE, parseAuditQuery } from '~/modules/audit/filter'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { startOfLocalDay } from '~/utils/time'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const url = new URL(request.url)
  const { query, errors } = parseAuditQuery(url.searchParams)
  const [{ entries, total }, choices] = await Promise.all([
    listAuditEntries(
      db,
      centre.id,
      {
        actorId: query.actor || undefined,
        group: query.group || undefined,
        from: query.from ? startOfLocalDay(query.from, centre.timeZone) : undefined,
        to: query.to ? startOfLocalDay(query.to, centre.timeZone) : undefined,
      },
      { page: query.page, size: AUDIT_PAGE_SIZE },
    ),
    auditFilterChoices(db, centre.id),
  ])
  return data(
    {
      centre: { slug: centre.slug, timeZone: centre.timeZone },
      entries: entries.map((e) => ({ ...e, path: subjectPath(centre.slug, e) })),
      total,
      query,
      asked: Object.fromEntries(url.searchParams),
      choices,
      errors,
    },
    { status: errors ? 400 : 200 },
  )
}

function detailText(details: Record<string, unknown>) {
  const parts: string[] = []
  for (const key of ['name', 'title', 'reason', 'note', 'message']) {
    const value = details[key]
    if (typeof value === 'string' && value) parts.push(value)
  }
  return parts.join(' · ')
}

export default function AuditPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, entries, total, query, asked, choices, errors } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
  const label = (action: string) => {
    const key = `audit.actions.${action}`
    const text = t(key)
    return text === key ? action : text
  }
  const groupLabel = (group: string) => {
    const key = `audit.groups.${group}`
    const text = t(key)
    return text === key ? group : text
  }
  const pageLink = (page: number) => {
    const params = new URLSearchParams({ ...(query.actor && { actor: query.actor }), ...(query.group && { kind: query.group }), ...(query.from && { from: query.from }), ...(query.to && { to: query.to }), page: String(page) })
    return `?${params}`
  }
  return (
    <div className="space-y-6">
      <PageHeading sub={t('audit.intro')}>{t('audit.title')}</PageHeading>
      <Form method="get" className="grid items-end gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_auto]" aria-label={t('audit.filter.label')}>
        <SelectField label={t('audit.filter.actor')} name="actor" defaultValue={asked.actor ?? ''} errors={errors?.actor}>
          <option value="">{t('audit.filter.anyone')}</option>
          {choices.actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('audit.filter.kind')} name="kind" defaultValue={asked.kind ?? ''} errors={errors?.kind}>
          <option value="">{t('audit.filter.anything')}</option>
          {choices.groups.map((g) => (
            <option key={g} value={g}>
              {groupLabel(g)}
            </option>
          ))}
        </SelectField>
        <Field label={t('audit.filter.from')} name="from" type="date" defaultValue={asked.from ?? ''} errors={errors?.from} />
        <Field label={t('audit.filter.to')} name="to" type="date" defaultValue={asked.to ?? ''} errors={errors?.to} hint={t('reporting.period.toHint')} />
        <SubmitButton variant="secondary" pendingLabel={t('audit.filter.filtering')}>
          {t('audit.filter.apply')}
        </SubmitButton>
      </Form>
      <p className="text-sm text-stone-700">{t('audit.count', { count: total })}</p>
      {entries.length ? (
        <TableScroll label={t('audit.title')}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.when')}</th>
                <th scope="col">{t('audit.columns.who')}</th>
                <th scope="col">{t('audit.columns.what')}</th>
                <th scope="col">{t('audit.columns.concerns')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const text = detailText(e.details as Record<string, unknown>) || t(`audit.subjects.${e.subjectType}`)
                return (
                  <tr key={e.id} className="border-t border-stone-200 align-top">
                    <td className="whitespace-nowrap py-2 pr-3">{formatDateTime(locale, e.createdAt, centre.timeZone)}</td>
                    <td className="py-2 pr-3">{e.actorName === '' ? t('privacy.formerMember') : (e.actorName ?? t('audit.system'))}</td>
                    <td className="py-2 pr-3">{label(e.action)}</td>
                    <td className="py-2">{e.path ? <Link to={e.path}>{text}</Link> : text}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <EmptyState>{t('audit.empty')}</EmptyState>
      )}
      {pages > 1 ? (
        <nav aria-label={t('audit.pages')} className="flex items-center gap-4">
          {query.page > 1 ? <Link to={pageLink(query.page - 1)}>{t('audit.previous')}</Link> : null}
          <span>{t('audit.page', { page: query.page, pages })}</span>
          {query.page < pages ? <Link to={pageLink(query.page + 1)}>{t('audit.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
