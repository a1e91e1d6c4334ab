import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { SuspensionSchema } from '~/modules/moderation/schemas'
import { listInitiativesForManager, reinstateInitiative, suspendInitiative } from '~/modules/moderation/suspensions.server'
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
  const initiatives = await listInitiativesForManager(db, centre.id)
  return { centre: { slug: centre.slug, name: centre.name, timeZone: centre.timeZone }, initiatives }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const initiativeId = typeof formData.get('initiativeId') === 'string' ? String(formData.get('initiativeId')) : null
  const submission = parseForm(formData, SuspensionSchema)
  if (submission.status !== 'success') {
    return data({ initiativeId, result: submission.reply() }, { status: 400 })
  }
  const input = { centreId: centre.id, actorId: user.id, initiativeId: submission.value.initiativeId, reason: submission.value.reason }
  const outcome = submission.value.intent === 'suspend' ? await suspendInitiative(db, input) : await reinstateInitiative(db, input)
  if (!outcome.ok) {
    return data(
      { initiativeId, result: submission.reply({ formErrors: [`reporting.initiatives.errors.${outcome.error}`] }) },
      { status: outcome.error === 'notFound' ? 404 : outcome.error === 'ownInitiative' ? 403 : 409 },
    )
  }
  return redirectWithToast(`/c/${centre.slug}/manage/initiatives`, {
    type: 'success',
    key: submission.value.intent === 'suspend' ? 'reporting.initiatives.toast.suspended' : 'reporting.initiatives.toast.reinstated',
    params: { name: outcome.name, count: outcome.listings },
  })
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['initiatives'][number]

function InitiativeRow({ initiative }: { initiative: Row }) {
  const t = useT()
  const locale = useLocale()
  const { centre } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.initiativeId === initiative.id
  const [form, fields] = useForm({ id: `suspension-${initiative.id}`, lastResult: mine ? actionData?.result : undefined })
  const suspended = initiative.status === 'suspended'
  const headingId = `initiative-${initiative.id}`
  return (
    <li>
      <Card>
        <h3 id={headingId} className="font-semibold">
          <Link to={`/c/${centre.slug}/initiatives/${initiative.slug}`}>{initiative.name}</Link>
          <span className="ml-2 text-sm font-normal text-stone-700">
            {t(`reporting.initiatives.status.${suspended ? 'suspended' : 'active'}`)}
          </span>
        </h3>
        {suspended ? (
          <p className="mt-1 text-sm">
            {t('reporting.initiatives.suspendedBecause', {
              at: initiative.suspendedAt ? formatDateTime(locale, initiative.suspendedAt, centre.timeZone) : '—',
              by: initiative.suspendedByName || t('privacy.formerMember'),
              reason: initiative.suspensionReason ?? '—',
            })}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)} aria-labelledby={headingId} className="mt-3 space-y-3">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="initiativeId" value={initiative.id} />
          <Field
            label={t(suspended ? 'reporting.initiatives.reinstateReason' : 'reporting.initiatives.suspendReason')}
            meta={fields.reason}
            hint={suspended ? undefined : t('reporting.initiatives.suspendHint')}
          />
          <SubmitButton
            name="intent"
            value={suspended ? 'reinstate' : 'suspend'}
            variant={suspended ? 'primary' : 'danger'}
            pendingLabel={t(suspended ? 'reporting.initiatives.reinstating' : 'reporting.initiatives.suspending')}
          >
            {t(suspended ? 'reporting.initiatives.reinstate' : 'reporting.initiatives.suspend', { name: initiative.name })}
          </SubmitButton>
        </Form>
      </Card>
    </li>
  )
}

export default function ManageInitiatives() {
  const t = useT()
  const { initiatives } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const orphan =
    actionData && !initiatives.some((i) => i.id === actionData.initiativeId) ? (actionData.result?.error?.[''] ?? null) : null
  return (
    <div className="space-y-6">
      <PageHeading sub={t('reporting.initiatives.intro')}>{t('reporting.initiatives.title')}</PageHeading>
      <FormErrors errors={orphan ?? undefined} />
      {initiatives.length ? (
        <ul className="space-y-4">
          {initiatives.map((i) => (
            <InitiativeRow key={i.id} initiative={i} />
          ))}
        </ul>
      ) : (
        <EmptyState>{t('reporting.initiatives.none')}</EmptyState>
      )}
    </div>
  )
}
