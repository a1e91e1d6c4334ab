import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Figures } from '~/components/exchanges/exchange-bits'
import { eurosValue, hoursValue } from '~/utils/format'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { listAwaitingManager, listDisputes, transition } from '~/modules/exchanges/exchanges.server'
import { ApproveSchema, RejectSchema, ResolveCancelSchema, ResolveConfirmSchema } from '~/modules/exchanges/schemas'
import { db } from '~/utils/db.server'
import { formatCents, formatDate, formatMinutesAsHours } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  // a manager who belongs to either side (`own`) does not settle it (ADR 092): the forms give way to a note
  const [disputes, awaiting] = await Promise.all([listDisputes(db, user, centre.id), listAwaitingManager(db, user, centre.id)])
  return {
    centre: { slug: centre.slug, timeZone: centre.timeZone, capMinutes: centre.exchangeCapMinutes, capCents: centre.exchangeCapCents },
    disputes,
    awaiting,
  }
}

const SCHEMAS = { resolveConfirm: ResolveConfirmSchema, resolveCancel: ResolveCancelSchema, approve: ApproveSchema, reject: RejectSchema } as const
type Intent = keyof typeof SCHEMAS
const isIntent = (value: unknown): value is Intent => typeof value === 'string' && Object.hasOwn(SCHEMAS, value)

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const exchangeId = formData.get('exchangeId')
  if (!isUuid(exchangeId)) notFound()
  const given = formData.get('intent')
  const intent: Intent = isIntent(given) ? given : 'resolveConfirm'
  const submission = parseForm(formData, SCHEMAS[intent])
  const form = `${intent}-${exchangeId}`
  if (submission.status !== 'success') return data({ form, result: submission.reply() }, { status: 400 })
  const outcome = await transition(db, user, exchangeId, intent, submission.value, { centreId: centre.id })
  if (outcome.ok) {
    const key = intent === 'approve' || intent === 'reject' ? `exchanges.toast.approval.${outcome.to}` : `exchanges.toast.resolved.${outcome.to}`
    return redirectWithToast(`/c/${centre.slug}/manage/exchanges`, { type: 'success', key })
  }
  if (outcome.error === 'notFound') notFound()
  if (outcome.error === 'invalid') return data({ form, result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  if (outcome.error === 'notYourStep') return data({ form, result: submission.reply({ formErrors: ['exchanges.errors.notYourStep'] }) }, { status: 403 })
  return data({ form, result: submission.reply({ formErrors: ['exchanges.errors.stateChanged'] }) }, { status: 409 })
}

type Dispute = ReturnType<typeof useLoaderData<typeof loader>>['disputes'][number]
type Awaiting = ReturnType<typeof useLoaderData<typeof loader>>['awaiting'][number]

function ApprovalForms({ item }: { item: Awaiting }) {
  const t = useT()
  const locale = useLocale()
  const actionData = useActionData<typeof action>()
  const [approveForm, approveFields] = useForm({
    id: `approve-${item.id}`,
    lastResult: actionData?.form === `approve-${item.id}` ? actionData.result : undefined,
  })
  const [rejectForm, rejectFields] = useForm({
    id: `reject-${item.id}`,
    lastResult: actionData?.form === `reject-${item.id}` ? actionData.result : undefined,
  })
  return (
    <div className="mt-4 grid grid-cols-1 gap-6 md:grid-cols-2">
      <Form method="post" {...getFormProps(approveForm)} className="space-y-3">
        <h3 className="font-semibold">{t('exchanges.manage.approveTitle')}</h3>
        <input type="hidden" name="exchangeId" value={item.id} />
        <FormErrors errors={approveForm.errors} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('exchanges.fields.hours')} meta={approveFields.minutes} inputMode="decimal" defaultValue={hoursValue(locale, item.actualMinutes)} />
          <Field label={`${t('exchanges.fields.value')} ${t('common.optional')}`} meta={approveFields.valueCents} inputMode="decimal" defaultValue={eurosValue(locale, item.actualValueCents)} />
        </div>
        <TextareaField label={t('exchanges.manage.note')} meta={approveFields.reason} rows={2} />
        <SubmitButton name="intent" value="approve" pendingLabel={t('exchanges.actions.approve.pending')}>
          {t('exchanges.actions.approve.submit')}
        </SubmitButton>
      </Form>
      {item.reason === 'cap' ? (
        <Form method="post" {...getFormProps(rejectForm)} className="space-y-3">
          <h3 className="font-semibold">{t('exchanges.manage.rejectTitle')}</h3>
          <input type="hidden" name="exchangeId" value={item.id} />
          <FormErrors errors={rejectForm.errors} />
          <TextareaField label={t('exchanges.manage.reason')} meta={rejectFields.reason} rows={2} required />
          <SubmitButton name="intent" value="reject" variant="danger" pendingLabel={t('exchanges.actions.reject.pending')}>
            {t('exchanges.actions.reject.submit')}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}

function ResolveForms({ dispute }: { dispute: Dispute }) {
  const t = useT()
  const locale = useLocale()
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
    <div className="mt-4 grid grid-cols-1 gap-6 md:grid-cols-2">
      <Form method="post" {...getFormProps(confirmForm)} className="space-y-3">
        <h4 className="font-semibold">{t('exchanges.manage.confirmTitle')}</h4>
        <input type="hidden" name="exchangeId" value={dispute.id} />
        <FormErrors errors={confirmForm.errors} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('exchanges.fields.hours')} meta={confirmFields.minutes} inputMode="decimal" defaultValue={hoursValue(locale, dispute.actualMinutes)} />
          <Field label={`${t('exchanges.fields.value')} ${t('common.optional')}`} meta={confirmFields.valueCents} inputMode="decimal" defaultValue={eurosValue(locale, dispute.actualValueCents)} />
        </div>
        <TextareaField label={t('exchanges.manage.reason')} meta={confirmFields.reason} rows={2} required />
        <SubmitButton name="intent" value="resolveConfirm" pendingLabel={t('exchanges.actions.resolveConfirm.pending')}>
          {t('exchanges.actions.resolveConfirm.submit')}
        </SubmitButton>
      </Form>
      <Form method="post" {...getFormProps(cancelForm)} className="space-y-3">
        <h4 className="font-semibold">{t('exchanges.manage.cancelTitle')}</h4>
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
  const { centre, disputes, awaiting } = useLoaderData<typeof loader>()
  const cap = t('exchanges.detail.cap', { hours: formatMinutesAsHours(locale, centre.capMinutes), euros: formatCents(locale, centre.capCents) })
  return (
    <div className="space-y-8">
      <PageHeading sub={t('exchanges.manage.pageIntro')}>{t('exchanges.manage.title')}</PageHeading>
      <div className="space-y-4">
        <h2 className="text-xl font-semibold">{t('exchanges.manage.disputesTitle')}</h2>
        <p className="text-sm text-stone-700">{t('exchanges.manage.intro')}</p>
        {disputes.length ? (
          <div className="space-y-6">
            {disputes.map((d) => (
              <Card key={d.id}>
                <h3 className="text-lg font-semibold">
                  <Link to={`/c/${centre.slug}/exchanges/${d.id}`}>{d.title}</Link>
                </h3>
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
                {d.own ? <p className="mt-3 text-sm text-stone-700">{t('exchanges.manage.ownInitiative')}</p> : <ResolveForms dispute={d} />}
              </Card>
            ))}
          </div>
        ) : (
          <EmptyState>{t('exchanges.manage.empty')}</EmptyState>
        )}
      </div>
      <div className="space-y-4">
        <h2 id="approval-heading" className="text-xl font-semibold">
          {t('exchanges.manage.approvalTitle')}
        </h2>
        <p className="text-sm text-stone-700">{t('exchanges.manage.approvalIntro')}</p>
        {awaiting.length ? (
          <div className="space-y-6">
            {awaiting.map((item) => (
              <Card key={item.id}>
                <h3 className="text-lg font-semibold">
                  <Link to={`/c/${centre.slug}/exchanges/${item.id}`}>{item.title}</Link>
                </h3>
                <p className="mt-1 text-sm text-stone-700">
                  {item.reason === 'cap' ? t('exchanges.manage.reasonCap', { cap }) : t('exchanges.manage.reasonOneSide')}
                </p>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
                  <dt className="font-medium">{t('exchanges.side.provider')}</dt>
                  <dd>{item.providerName}</dd>
                  <dt className="font-medium">{t('exchanges.side.receiver')}</dt>
                  <dd>{item.receiverName}</dd>
                  <dt className="font-medium">{t('exchanges.detail.actual')}</dt>
                  <dd>
                    <Figures minutes={item.actualMinutes} cents={item.actualValueCents} />
                  </dd>
                </dl>
                {item.mayAct ? (
                  <ApprovalForms item={item} />
                ) : (
                  <p className="mt-3 text-sm text-stone-700">{t(item.own ? 'exchanges.manage.ownInitiative' : 'exchanges.manage.notYours')}</p>
                )}
              </Card>
            ))}
          </div>
        ) : (
          <EmptyState>{t('exchanges.manage.approvalEmpty')}</EmptyState>
        )}
      </div>
    </div>
  )
}
