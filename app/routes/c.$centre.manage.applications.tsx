import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { allErrors, FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { decideApplication, listApplications } from '~/modules/initiatives/initiatives.server'
import { DecisionSchema } from '~/modules/initiatives/schemas'
import { db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  const { open, decided } = await listApplications(db, centre.id)
  return { centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone }, open, decided }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const submission = parseForm(formData, DecisionSchema)
  const initiativeId = typeof formData.get('initiativeId') === 'string' ? String(formData.get('initiativeId')) : null
  if (submission.status !== 'success') {
    return data({ initiativeId, result: submission.reply() }, { status: 400 })
  }
  const { intent, message } = submission.value
  const outcome = await decideApplication(db, {
    centre,
    initiativeId: submission.value.initiativeId,
    actor: user,
    decision: intent,
    message,
  })
  if (!outcome.ok && outcome.error === 'notFound') notFound()
  if (!outcome.ok && outcome.error === 'ownInitiative') {
    return data({ initiativeId, result: submission.reply({ formErrors: ['applications.errors.ownInitiative'] }) }, { status: 403 })
  }
  if (!outcome.ok) {
    const key =
      outcome.status === 'active'
        ? 'applications.errors.alreadyAdmitted'
        : outcome.status === 'rejected'
        ? 'applications.errors.alreadyRejected'
        : 'applications.errors.alreadyDecided'
    // Someone (perhaps in another tab) decided first: say so, change nothing.
    return data(
      {
        initiativeId,
        result: submission.reply({ formErrors: [key] }),
      },
      { status: 409 },
    )
  }
  return redirectWithToast(`/c/${centre.slug}/manage/applications`, {
    type: 'success',
    key: intent === 'admit' ? 'applications.toast.admitted' : 'applications.toast.rejected',
    params: { name: outcome.initiative.name },
  })
}

type Application = ReturnType<typeof useLoaderData<typeof loader>>['open'][number]

function ApplicationDetails({ application }: { application: Application }) {
  const t = useT()
  const locale = useLocale()
  const { centre } = useLoaderData<typeof loader>()
  return (
    <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="font-medium">{t('applications.fields.kind')}</dt>
      <dd>
        {t(`initiatives.kinds.${application.kind}`)}
        {application.sector ? ` · ${application.sector}` : ''}
      </dd>
      <dt className="font-medium">{t('applications.fields.applicant')}</dt>
      <dd>
        {application.applicantName ?? '—'}
        {application.applicantEmail ? ` (${application.applicantEmail})` : ''}
      </dd>
      <dt className="font-medium">{t('applications.fields.appliedAt')}</dt>
      <dd>{formatDateTime(locale, application.createdAt, centre.timeZone)}</dd>
      {application.website ? (
        <>
          <dt className="font-medium">{t('initiatives.fields.website')}</dt>
          <dd>
            <a href={application.website} rel="noopener noreferrer nofollow">
              {application.website}
            </a>
          </dd>
        </>
      ) : null}
      {application.contactEmail ? (
        <>
          <dt className="font-medium">{t('initiatives.fields.contactEmail')}</dt>
          <dd>{application.contactEmail}</dd>
        </>
      ) : null}
      {application.description ? (
        <>
          <dt className="font-medium">{t('initiatives.fields.description')}</dt>
          <dd className="whitespace-pre-line">{application.description}</dd>
        </>
      ) : null}
      <dt className="font-medium">{t('applications.fields.message')}</dt>
      <dd className="whitespace-pre-line">{application.applicationMessage || '—'}</dd>
    </dl>
  )
}

function OpenApplication({ application }: { application: Application }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.initiativeId === application.id
  const [form, fields] = useForm({ id: `decide-${application.id}`, lastResult: mine ? actionData?.result : undefined })
  // Errors of the hidden fields and buttons (only a tampered form has them) show above the form.
  const otherErrors = mine
    ? Object.entries(actionData?.result?.error ?? {})
        .filter(([field]) => field !== 'message')
        .flatMap(([, errors]) => errors ?? [])
    : undefined
  const headingId = `application-${application.id}`
  return (
    <li>
      <Card>
        <h3 id={headingId} className="text-lg font-semibold">
          {application.name}
        </h3>
        <ApplicationDetails application={application} />
        <Form method="post" {...getFormProps(form)} aria-labelledby={headingId} className="mt-4 space-y-3">
          <FormErrors errors={otherErrors} />
          <input type="hidden" name="initiativeId" value={application.id} />
          <TextareaField
            label={`${t('applications.fields.decisionMessage')} ${t('common.optional')}`}
            meta={fields.message}
            hint={t('applications.fields.decisionMessageHint')}
            rows={3}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton name="intent" value="admit" pendingLabel={t('applications.admitting')}>
              {t('applications.admit', { name: application.name })}
            </SubmitButton>
            <SubmitButton name="intent" value="reject" variant="danger" pendingLabel={t('applications.rejecting')}>
              {t('applications.reject', { name: application.name })}
            </SubmitButton>
          </div>
        </Form>
      </Card>
    </li>
  )
}

export default function ApplicationsPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, open, decided } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // An error about an application that is no longer open (it was decided meanwhile).
  const orphan =
    actionData && !open.some((a) => a.id === actionData.initiativeId)
      ? allErrors(actionData.result)
      : null
  return (
    <div className="space-y-8">
      <PageHeading sub={t('applications.intro', { centre: centre.name })}>{t('applications.title')}</PageHeading>
      <FormErrors errors={orphan ?? undefined} />
      <section aria-labelledby="open-heading">
        <h2 id="open-heading" className="mb-3 text-xl font-bold">
          {t('applications.open', { count: open.length })}
        </h2>
        {open.length ? (
          <ul className="space-y-4">
            {open.map((application) => (
              <OpenApplication key={application.id} application={application} />
            ))}
          </ul>
        ) : (
          <EmptyState>{t('applications.noneOpen')}</EmptyState>
        )}
      </section>
      <section aria-labelledby="decided-heading">
        <h2 id="decided-heading" className="mb-3 text-xl font-bold">
          {t('applications.decided')}
        </h2>
        {decided.length ? (
          <ul className="space-y-3">
            {decided.map((application) => (
              <li key={application.id} className="rounded-lg border border-stone-200 bg-white p-4">
                <h3 className="font-semibold">{application.name}</h3>
                <p className="text-sm">
                  {t(`applications.outcome.${application.status === 'active' ? 'admitted' : 'rejected'}`, {
                    by: application.deciderName ?? '—',
                    at: application.decidedAt ? formatDateTime(locale, application.decidedAt, centre.timeZone) : '—',
                  })}
                </p>
                {application.decisionMessage ? (
                  <p className="mt-1 whitespace-pre-line text-sm text-stone-700">{application.decisionMessage}</p>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{t('applications.noneDecided')}</EmptyState>
        )}
      </section>
    </div>
  )
}
