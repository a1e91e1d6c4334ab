import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { decideReport, listReports } from '~/modules/moderation/report-decisions.server'
import { DecideReportSchema } from '~/modules/moderation/schemas'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const { open, decided } = await listReports(db, centre)
  return { centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone }, open, decided }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const reportId = typeof formData.get('reportId') === 'string' ? String(formData.get('reportId')) : null
  const submission = parseForm(formData, DecideReportSchema)
  if (submission.status !== 'success') {
    return data({ reportId, result: submission.reply() }, { status: 400 })
  }
  const outcome = await decideReport(db, {
    centre,
    actorId: user.id,
    reportId: submission.value.reportId,
    decision: submission.value.intent,
    note: submission.value.note,
  })
  if (!outcome.ok) {
    const status = outcome.error === 'notFound' ? 404 : 409
    return data(
      { reportId, result: submission.reply({ formErrors: [`reporting.reports.errors.${outcome.error}`] }) },
      { status },
    )
  }
  return redirectWithToast(`/c/${centre.slug}/manage/reports`, {
    type: 'success',
    key: `reporting.reports.toast.${outcome.status}`,
  })
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>['open'][number]

function Subject({ report }: { report: Report }) {
  const t = useT()
  const label = report.subject.label ?? t('reporting.reports.subjectGone')
  return (
    <p className="text-sm">
      <span className="font-medium">{t(`reporting.reports.subjectTypes.${report.subjectType}`)}: </span>
      {report.subject.path ? <Link to={report.subject.path}>{label}</Link> : label}
    </p>
  )
}

function OpenReport({ report }: { report: Report }) {
  const t = useT()
  const locale = useLocale()
  const { centre } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.reportId === report.id
  const [form, fields] = useForm({ id: `decide-${report.id}`, lastResult: mine ? actionData?.result : undefined })
  const headingId = `report-${report.id}`
  return (
    <li>
      <Card>
        <h3 id={headingId} className="font-semibold">
          {t('reporting.reports.by', {
            name: report.reporterName === '' ? t('privacy.formerMember') : (report.reporterName ?? t('reporting.reports.unknownReporter')),
            at: formatDateTime(locale, report.createdAt, centre.timeZone),
          })}
        </h3>
        <Subject report={report} />
        <p className="mt-2 whitespace-pre-line text-sm">
          <span className="font-medium">{t('reporting.reports.reason')}: </span>
          {report.reason}
        </p>
        <Form method="post" {...getFormProps(form)} aria-labelledby={headingId} className="mt-4 space-y-3">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="reportId" value={report.id} />
          <TextareaField label={t('reporting.reports.note')} hint={t('reporting.reports.noteHint')} meta={fields.note} rows={3} required />
          <div className="flex flex-wrap gap-2">
            <SubmitButton name="intent" value="resolve" pendingLabel={t('reporting.reports.resolving')}>
              {t('reporting.reports.resolve')}
            </SubmitButton>
            <SubmitButton name="intent" value="dismiss" variant="secondary" pendingLabel={t('reporting.reports.dismissing')}>
              {t('reporting.reports.dismiss')}
            </SubmitButton>
          </div>
        </Form>
      </Card>
    </li>
  )
}

export default function ReportsPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, open, decided } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const orphan = actionData && !open.some((r) => r.id === actionData.reportId) ? (actionData.result?.error?.[''] ?? null) : null
  return (
    <div className="space-y-8">
      <PageHeading sub={t('reporting.reports.intro')}>{t('reporting.reports.title')}</PageHeading>
      <FormErrors errors={orphan ?? undefined} />
      <section aria-labelledby="open-reports">
        <h2 id="open-reports" className="mb-3 text-xl font-bold">
          {t('reporting.reports.open', { count: open.length })}
        </h2>
        {open.length ? (
          <ul className="space-y-4">
            {open.map((r) => (
              <OpenReport key={r.id} report={r} />
            ))}
          </ul>
        ) : (
          <EmptyState>{t('reporting.reports.noneOpen')}</EmptyState>
        )}
      </section>
      <section aria-labelledby="decided-reports">
        <h2 id="decided-reports" className="mb-3 text-xl font-bold">
          {t('reporting.reports.decided')}
        </h2>
        {decided.length ? (
          <ul className="space-y-3">
            {decided.map((r) => (
              <li key={r.id} className="rounded-lg border border-stone-200 bg-white p-4">
                <Subject report={r} />
                <p className="text-sm">
                  {t(`reporting.reports.outcome.${r.status === 'resolved' ? 'resolved' : 'dismissed'}`, {
                    at: r.resolvedAt ? formatDateTime(locale, r.resolvedAt, centre.timeZone) : '—',
                  })}
                </p>
                {r.resolutionNote ? <p className="mt-1 whitespace-pre-line text-sm text-stone-700">{r.resolutionNote}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{t('reporting.reports.noneDecided')}</EmptyState>
        )}
      </section>
    </div>
  )
}
