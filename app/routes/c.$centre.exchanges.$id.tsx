import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Figures, StateBadge } from '~/components/exchanges/exchange-bits'
import { eurosValue, hoursValue } from '~/utils/format'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, strayErrors, TextareaField } from '~/components/ui/field'
import { requireCentre, requireUser } from '~/utils/auth.server'
import { getExchangeForViewer, postMessage, transition } from '~/modules/exchanges/exchanges.server'
import { EXCHANGE_INTENTS, type ExchangeIntent, ExchangeIntentSchema } from '~/modules/exchanges/schemas'
import type { ExchangeAction } from '~/modules/exchanges/state-machine'
import { db } from '~/utils/db.server'
import { formatCents, formatDate, formatDateTime, formatMinutesAsHours } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.exchange.title} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const view = await getExchangeForViewer(db, user, centre.id, params.id)
  if (!view) notFound()
  return {
    centre: { slug: centre.slug, timeZone: centre.timeZone, capMinutes: centre.exchangeCapMinutes, capCents: centre.exchangeCapCents },
    ...view,
  }
}

type Intent = ExchangeIntent
/** Steps a manager takes in the management console, not on this page. */
const MANAGER_STEPS: readonly ExchangeAction[] = ['resolveConfirm', 'resolveCancel', 'approve', 'reject']

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const submission = parseForm(await readFormData(request), ExchangeIntentSchema)
  if (submission.status !== 'success') {
    // The form the answer belongs to; an unknown intent matches none and is refused as such.
    const intent = EXCHANGE_INTENTS.find((known) => known === submission.payload.intent) ?? null
    const result = intent ? submission.reply() : submission.reply({ formErrors: ['exchanges.errors.unknownAction'] })
    return data({ intent, result }, { status: 400 })
  }
  const here = `/c/${centre.slug}/exchanges/${params.id}`
  const value = submission.value
  if (value.intent === 'message') {
    const intent = value.intent
    const outcome = await postMessage(db, user, params.id, value, { centreId: centre.id })
    if (!outcome.ok) {
      if (outcome.error === 'notFound') notFound()
      if (outcome.error === 'invalid') return data({ intent, result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
      return data({ intent, result: submission.reply({ formErrors: ['exchanges.errors.readOnly'] }) }, { status: 403 })
    }
    return redirectWithToast(`${here}#thread`, { type: 'success', key: 'exchanges.toast.messageSent' })
  }
  const { intent, ...input } = value
  const outcome = await transition(db, user, params.id, intent, input, { centreId: centre.id })
  if (outcome.ok) {
    return redirectWithToast(here, { type: 'success', key: outcome.awaitingApproval ? 'exchanges.toast.awaitingApproval' : `exchanges.toast.${outcome.to}` })
  }
  switch (outcome.error) {
    case 'notFound':
      notFound()
    // falls through (notFound throws)
    case 'invalid':
      return data({ intent, result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
    case 'alreadyConfirmed':
      return redirectWithToast(here, { type: 'info', key: 'exchanges.toast.alreadyConfirmed' })
    case 'notYourStep':
      return data({ intent, result: submission.reply({ formErrors: ['exchanges.errors.notYourStep'] }) }, { status: 403 })
    case 'awaitingApproval':
      return data({ intent, result: submission.reply({ formErrors: ['exchanges.errors.awaitingApproval'] }) }, { status: 409 })
    default:
      // Someone else took a step first (another tab, the other side): say so, change nothing.
      return data(
        { intent, result: submission.reply({ formErrors: ['exchanges.errors.stateChanged'] }) },
        { status: 409 },
      )
  }
}

function useIntentForm(intent: Intent) {
  const actionData = useActionData<typeof action>()
  return useForm({ id: `exchange-${intent}`, lastResult: actionData?.intent === intent ? actionData.result : undefined })
}

function SimpleAction({ intent, variant = 'primary' }: { intent: 'accept' | 'withdraw' | 'confirm'; variant?: 'primary' | 'secondary' }) {
  const t = useT()
  const [form] = useIntentForm(intent)
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <p className="mb-2 text-sm text-stone-700">{t(`exchanges.actions.${intent}.help`)}</p>
      <SubmitButton name="intent" value={intent} variant={variant} pendingLabel={t(`exchanges.actions.${intent}.pending`)}>
        {t(`exchanges.actions.${intent}.submit`)}
      </SubmitButton>
    </Form>
  )
}

function ReasonAction({ intent, optional = false }: { intent: 'decline' | 'dispute' | 'cancel'; optional?: boolean }) {
  const t = useT()
  const [form, fields] = useIntentForm(intent)
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <TextareaField
        label={`${t(`exchanges.actions.${intent}.reason`)}${optional ? ` ${t('common.optional')}` : ''}`}
        meta={fields.reason}
        rows={3}
        required={!optional}
      />
      <SubmitButton name="intent" value={intent} variant="secondary" pendingLabel={t(`exchanges.actions.${intent}.pending`)}>
        {t(`exchanges.actions.${intent}.submit`)}
      </SubmitButton>
    </Form>
  )
}

function CompleteAction() {
  const t = useT()
  const locale = useLocale()
  const { exchange } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('complete')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <p className="text-sm text-stone-700">{t('exchanges.actions.complete.help')}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t('exchanges.fields.hours')} meta={fields.minutes} inputMode="decimal" defaultValue={hoursValue(locale, exchange.proposedMinutes)} hint={t('exchanges.fields.hoursHint')} />
        <Field label={`${t('exchanges.fields.value')} ${t('common.optional')}`} meta={fields.valueCents} inputMode="decimal" defaultValue={eurosValue(locale, exchange.proposedValueCents)} hint={t('exchanges.fields.valueHint')} />
        <Field label={t('exchanges.fields.date')} meta={fields.date} type="date" defaultValue={exchange.date ?? ''} />
      </div>
      <SubmitButton name="intent" value="complete" pendingLabel={t('exchanges.actions.complete.pending')}>
        {t('exchanges.actions.complete.submit')}
      </SubmitButton>
    </Form>
  )
}

function MessageForm() {
  const t = useT()
  const { sides } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('message')
  const initiatives = [...new Map(sides.map((s) => [s.initiativeId, s])).values()]
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3">
      <FormErrors errors={form.errors} />
      {initiatives.length > 1 ? (
        <SelectField label={t('exchanges.fields.writeAs')} meta={fields.initiativeId}>
          {initiatives.map((s) => (
            <option key={s.initiativeId} value={s.initiativeId}>
              {t(`exchanges.side.${s.side}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextareaField label={t('exchanges.thread.message')} meta={fields.body} rows={3} required />
      <SubmitButton name="intent" value="message" pendingLabel={t('exchanges.thread.sending')}>
        {t('exchanges.thread.send')}
      </SubmitButton>
    </Form>
  )
}

export default function ExchangePage() {
  const t = useT()
  const locale = useLocale()
  const { centre, exchange, messages, events, actions, roles, sides, withheld, actedAs, circumstances } = useLoaderData<typeof loader>()
  const sideActions = actions.filter((a) => !MANAGER_STEPS.includes(a))
  // An answer to a step whose form this page does not show (sent from a stale page or crafted): said here.
  const actionData = useActionData<typeof action>()
  const unshown =
    actionData && actionData.intent !== 'message' && !sideActions.includes(actionData.intent as (typeof actions)[number])
      ? strayErrors(actionData)
      : undefined
  // Steps this person would hold but may not take, having acted for the other side already (ADR 058).
  const actedSide = actedAs.find((r) => r === 'provider' || r === 'receiver')
  const names = { provider: exchange.providerName, receiver: exchange.receiverName }
  const oneSide = withheld.some((a) => !MANAGER_STEPS.includes(a)) || (actedSide && withheld.length > 0)
  const done = exchange.actualMinutes != null || exchange.actualValueCents != null
  const reasons = (
    [
      ['declineReason', exchange.declineReason],
      ['disputeReason', exchange.disputeReason],
      ['cancelReason', exchange.cancelReason],
      ['resolutionReason', exchange.resolutionReason],
    ] as const
  ).filter(([, value]) => value)
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/c/${centre.slug}/exchanges`}>{t('exchanges.detail.back')}</Link>
      </p>
      <PageHeading sub={<StateBadge state={exchange.state} awaitingApproval={circumstances.awaitingApproval} />}>{exchange.title}</PageHeading>
      <Card>
        <h2 className="sr-only">{t('exchanges.detail.facts')}</h2>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium">{t('exchanges.side.provider')}</dt>
          <dd>
            <Link to={`/c/${centre.slug}/initiatives/${exchange.providerSlug}`}>{exchange.providerName}</Link>
          </dd>
          <dt className="font-medium">{t('exchanges.side.receiver')}</dt>
          <dd>
            <Link to={`/c/${centre.slug}/initiatives/${exchange.receiverSlug}`}>{exchange.receiverName}</Link>
          </dd>
          {exchange.listingId && exchange.listingTitle ? (
            <>
              <dt className="font-medium">{t('exchanges.detail.listing')}</dt>
              <dd>
                <Link to={`/c/${centre.slug}/listings/${exchange.listingId}`}>{exchange.listingTitle}</Link>
              </dd>
            </>
          ) : null}
          <dt className="font-medium">{t('exchanges.detail.proposed')}</dt>
          <dd>
            <Figures minutes={exchange.proposedMinutes} cents={exchange.proposedValueCents} />
          </dd>
          {done ? (
            <>
              <dt className="font-medium">{t('exchanges.detail.actual')}</dt>
              <dd>
                <Figures minutes={exchange.actualMinutes} cents={exchange.actualValueCents} />
              </dd>
            </>
          ) : null}
          {exchange.date ? (
            <>
              <dt className="font-medium">{t('exchanges.fields.date')}</dt>
              <dd>{formatDate(locale, exchange.date, centre.timeZone)}</dd>
            </>
          ) : null}
          {exchange.description ? (
            <>
              <dt className="font-medium">{t('exchanges.fields.description')}</dt>
              <dd className="whitespace-pre-line">{exchange.description}</dd>
            </>
          ) : null}
          {reasons.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="font-medium">{t(`exchanges.detail.${key}`)}</dt>
              <dd className="whitespace-pre-line">{value}</dd>
            </div>
          ))}
          <dt className="font-medium">{t('exchanges.detail.yourRole')}</dt>
          <dd>{roles.length ? roles.map((r) => t(`exchanges.role.${r}`)).join(', ') : t('exchanges.role.reader')}</dd>
        </dl>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t('exchanges.detail.nextSteps')}</h2>
        {unshown?.length ? (
          <div className="mt-2">
            <FormErrors errors={unshown} />
          </div>
        ) : null}
        {oneSide && actedSide ? (
          <p className="mt-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950">
            {t('exchanges.detail.oneSide', { initiative: names[actedSide], other: names[actedSide === 'provider' ? 'receiver' : 'provider'] })}{' '}
            {exchange.state === 'completed' && actedSide === 'provider'
              ? t('exchanges.detail.oneSideManager', { other: names.receiver })
              : null}
          </p>
        ) : null}
        {circumstances.awaitingApproval && exchange.state === 'completed' ? (
          <p className="mt-2 text-sm text-stone-700">
            {t('exchanges.detail.awaitingApproval', {
              cap: t('exchanges.detail.cap', { hours: formatMinutesAsHours(locale, centre.capMinutes), euros: formatCents(locale, centre.capCents) }),
            })}
          </p>
        ) : null}
        {sideActions.length ? (
          <div className="mt-3 space-y-6">
            {actions.includes('accept') ? <SimpleAction intent="accept" /> : null}
            {actions.includes('decline') ? <ReasonAction intent="decline" optional /> : null}
            {actions.includes('withdraw') ? <SimpleAction intent="withdraw" variant="secondary" /> : null}
            {actions.includes('complete') ? <CompleteAction /> : null}
            {actions.includes('confirm') ? <SimpleAction intent="confirm" /> : null}
            {actions.includes('dispute') ? <ReasonAction intent="dispute" /> : null}
            {actions.includes('cancel') ? <ReasonAction intent="cancel" /> : null}
          </div>
        ) : (
          <p className="mt-2 text-sm text-stone-700">
            {exchange.state === 'disputed' && actions.includes('resolveConfirm') ? (
              <Link to={`/c/${centre.slug}/manage/exchanges`}>{t('exchanges.detail.resolveInConsole')}</Link>
            ) : actions.includes('approve') ? (
              <Link to={`/c/${centre.slug}/manage/exchanges`}>{t('exchanges.detail.approveInConsole')}</Link>
            ) : circumstances.awaitingApproval && exchange.state === 'completed' ? null : (
              t(`exchanges.detail.waiting.${exchange.state}`)
            )}
          </p>
        )}
      </Card>

      <Card>
        <h2 id="thread" className="text-lg font-semibold">
          {t('exchanges.thread.title')}
        </h2>
        {messages.length ? (
          <ol className="mt-3 space-y-3">
            {messages.map((m) => (
              <li key={m.id} className="rounded-md bg-stone-50 p-3">
                <p className="text-xs text-stone-700">
                  {t('exchanges.thread.byline', { name: m.authorName || t('privacy.formerMember'), initiative: m.initiativeName })} ·{' '}
                  <time dateTime={new Date(m.at).toISOString()}>{formatDateTime(locale, m.at, centre.timeZone)}</time>
                </p>
                <p className="mt-1 whitespace-pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-2 text-sm text-stone-700">{t('exchanges.thread.empty')}</p>
        )}
        {sides.length ? <MessageForm /> : <p className="mt-3 text-sm text-stone-700">{t('exchanges.thread.readOnly')}</p>}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t('exchanges.history.title')}</h2>
        <ol className="mt-3 space-y-2 text-sm">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(locale, e.at, centre.timeZone)}</time>:{' '}
              {t(e.from === e.to ? 'exchanges.history.approvalRequested' : e.from ? 'exchanges.history.step' : 'exchanges.history.created', {
                name: e.actorName || t('privacy.formerMember'),
                from: e.from ? t(`exchanges.state.${e.from}`) : '',
                to: t(`exchanges.state.${e.to}`),
              })}
              {e.note ? <q className="block text-stone-700">{e.note}</q> : null}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  )
}
