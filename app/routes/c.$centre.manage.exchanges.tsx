import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { eurosValue, Figures, hoursValue } from '~/components/exchanges/exchange-bits'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/modules/auth/guards.server'
import { listDisputes, transition } from '~/modules/exchanges/exchanges.server'
import { ResolveCancelSchema, ResolveConfirmSchema } from '~/modules/exchanges/schemas'
import { db } from '~/utils/db.server'
import { formatDate } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  return { centre: { slug: centre.slug, timeZone: centre.timeZone }, disputes: await listDisputes(db, centre.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const exchangeId = formData.get('exchangeId')
  if (!isUuid(exchangeId)) notFound()
  const intent = formData.get('intent') === 'resolveCancel' ? 'resolveCancel' : 'resolveConfirm'
  const submission = parseForm(formData, intent === 'resolveCancel' ? ResolveCancelSchema : ResolveConfirmSchema)
  const form = `${intent}-${exchangeId}`
  if (submission.status !== 'success') return data({ form, result: submission.reply() }, { status: 400 })
  const outcome = await transition(db, user, exchangeId, intent, submission.value, { centreId: centre.id })
  if (outcome.ok) {
    return redirectWithToast(`/c/${centre.slug}/manage/exchanges`, { type: 'success', key: `exchanges.toast.resolved.${outcome.to}` })
  }
  if (outcome.error === 'notFound') notFound()
  if (outcome.error === 'invalid') return data({ form, result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  if (outcome.error === 'notYourStep') return data({ form, result: submission.reply({ formErrors: ['exchanges.errors.notYourStep'] }) }, { status: 403 })
  return data({ form, result: submission.reply({ formErrors: ['exchanges.errors.stateChanged'] }) }, { status: 409 })
}

type Dispute = ReturnType<typeof useLoaderData<typeof loader>>['disputes'][number]

function ResolveForms({ dispute }: { dispute: Dispute }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [confirmForm, confirmFields] = useForm({
    id: `resolveConfirm-${dispute.id}`,
    lastResult: actionData?.form === `resolveConfirm-${dispute.id}` ? actionData.result : undefined,
  })
  const [cancelForm, cancelFields] = useForm({
    id: `resolveCancel-${dispute.id}`,
    lastResult: actionData?.form === `resolveCancel-${dispute.id}` ? actionData.result : undefined,
  })
  return (
    <div className="mt-4 grid gap-6 md:grid-cols-2">
      <Form method="post" {...getFormProps(confirmForm)} className="space-y-3">
        <h3 className="font-semibold">{t('exchanges.manage.confirmTitle')}</h3>
        <input type="hidden" name="exchangeId" value={dispute.id} />
        <FormErrors errors={confirmForm.errors} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('exchanges.fields.hours')} meta={confirmFields.minutes} inputMode="decimal" defaultValue={hoursValue(dispute.actualMinutes)} />
          <Field label={`${t('exchanges.fields.value')} ${t('common.optional')}`} meta={confirmFields.valueCents} inputMode="decimal" defaultValue={eurosValue(dispute.actualValueCents)} />
        </div>
        <TextareaField label={t('exchanges.manage.reason')} meta={confirmFields.reason} rows={2} required />
        <SubmitButton name="intent" value="resolveConfirm" pendingLabel={t('exchanges.actions.resolveConfirm.pending')}>
          {t('exchanges.actions.resolveConfirm.submit')}
        </SubmitButton>
      </Form>
      <Form method="post" {...getFormProps(cancelForm)} className="space-y-3">
        <h3 className="font-semibold">{t('exchanges.manage.cancelTitle')}</h3>
        <input type="hidden" name="exchangeId" value={dispute.id} />
        <FormErrors errors={cancelForm.errors} />
        <TextareaField label={t('exchanges.manage.reason')} meta={cancelFields.reason} rows={2} required />
        <SubmitButton name="intent" value="resolveCancel" variant="danger" pendingLabel={t('exchanges.actions.resolveCancel.pending')}>
          {t('exchanges.actions.resolveCancel.submit')}
        </SubmitButton>
      </Form>
    </div>
  )
}

export default function ManageDisputes() {
  const t = useT()
  const locale = useLocale()
  const { centre, disputes } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeading sub={t('exchanges.manage.intro')}>{t('exchanges.manage.title')}</PageHeading>
      {disputes.length ? (
        <div className="space-y-6">
          {disputes.map((d) => (
            <Card key={d.id}>
              <h2 className="text-lg font-semibold">
                <Link to={`/c/${centre.slug}/exchanges/${d.id}`}>{d.title}</Link>
              </h2>
              <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
                <dt className="font-medium">{t('exchanges.side.provider')}</dt>
                <dd>{d.providerName}</dd>
                <dt className="font-medium">{t('exchanges.side.receiver')}</dt>
                <dd>{d.receiverName}</dd>
                <dt className="font-medium">{t('exchanges.detail.actual')}</dt>
                <dd>
                  <Figures minutes={d.actualMinutes} cents={d.actualValueCents} />
                </dd>
                {d.date ? (
                  <>
                    <dt className="font-medium">{t('exchanges.fields.date')}</dt>
                    <dd>{formatDate(locale, d.date, centre.timeZone)}</dd>
                  </>
                ) : null}
                <dt className="font-medium">{t('exchanges.detail.disputeReason')}</dt>
                <dd className="whitespace-pre-line">{d.disputeReason}</dd>
              </dl>
              <ResolveForms dispute={d} />
            </Card>
          ))}
        </div>
      ) : (
        <EmptyState>{t('exchanges.manage.empty')}</EmptyState>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
