import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SubmitButton } from '~/components/ui/button'
import { Card, EmptyState, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { requireCentre, requireManager } from '~/utils/auth.server'
import { LedgerCorrectionSchema } from '~/modules/exchanges/schemas'
import { listActiveInitiatives } from '~/modules/initiatives/initiatives.server'
import { centreTotals, correctLedger, isReversible, listTransactions } from '~/modules/ledger/ledger.server'
import { db } from '~/utils/db.server'
import { formatCents, formatDateTime, formatMinutesAsHours } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
import { readFormData } from '~/utils/http.server'
import { z } from 'zod'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

/** Transactions per page of the ledger. */
const PAGE = 50

export async function loader({ request, params }: LoaderFunctionArgs) {
  const centre = await requireCentre(params.centre)
  await requireManager(request, centre)
  // A malformed page key is not an error worth a page of its own: the newest page is shown.
  const before = z.uuid().safeParse(new URL(request.url).searchParams.get('before')).data
  const [transactions, totals, initiatives] = await Promise.all([
    listTransactions(db, centre.id, { limit: PAGE, before }),
    centreTotals(db, centre.id),
    listActiveInitiatives(db, centre.id),
  ])
  return {
    centre: { slug: centre.slug, timeZone: centre.timeZone },
    transactions: transactions.items.map((tx) => ({ ...tx, reversible: isReversible(tx) })),
    older: transactions.older,
    paged: Boolean(before),
    totals,
    initiatives: initiatives.map((i) => ({ id: i.id, name: i.name })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const centre = await requireCentre(params.centre)
  const user = await requireManager(request, centre)
  const formData = await readFormData(request)
  const submission = parseForm(formData, LedgerCorrectionSchema)
  if (submission.status !== 'success') {
    // The answer goes to the form it came from: the adjustment, or the reversal of one transaction.
    const form = submission.payload.intent === 'reverse' ? `reverse-${String(submission.payload.transactionId).slice(0, 40)}` : 'adjust'
    return data({ form, result: submission.reply() }, { status: 400 })
  }
  const value = submission.value
  const form = value.intent === 'reverse' ? `reverse-${value.transactionId}` : 'adjust'
  const intent = value.intent
  const corrected = await correctLedger(db, user.id, {
    centreId: centre.id,
    reason: value.reason,
    ...(value.intent === 'reverse'
      ? { reverses: value.transactionId }
      : {
          adjustment: {
            fromInitiativeId: value.fromInitiativeId,
            toInitiativeId: value.toInitiativeId,
            minutes: value.minutes,
            cents: value.valueCents,
          },
        }),
  })
  if (!corrected.ok) {
    const conflict: readonly string[] = ['alreadyReversed', 'isReversal', 'loanOrFund']
    const status = conflict.includes(corrected.error) ? 409 : corrected.error === 'transactionNotFound' ? 404 : corrected.error === 'ownInitiative' ? 403 : 400
    return data({ form, result: submission.reply({ formErrors: [`ledger.errors.${corrected.error}`] }) }, { status })
  }
  return redirectWithToast(`/c/${centre.slug}/manage/ledger`, { type: 'success', key: `ledger.toast.${intent === 'reverse' ? 'reversed' : 'adjusted'}` })
}

type Transaction = ReturnType<typeof useLoaderData<typeof loader>>['transactions'][number]

function Amount({ unit, amount }: { unit: 'minutes' | 'cents'; amount: number }) {
  const t = useT()
  const locale = useLocale()
  const sign = amount > 0 ? '+' : '−'
  const abs = Math.abs(amount)
  return (
    <>
      {sign}
      {unit === 'minutes' ? t('exchanges.figures.hours', { hours: formatMinutesAsHours(locale, abs) }) : formatCents(locale, abs)}
    </>
  )
}

function ReverseForm({ transaction }: { transaction: Transaction }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const id = `reverse-${transaction.id}`
  const [form, fields] = useForm({ id, lastResult: actionData?.form === id ? actionData.result : undefined })
  return (
    <details className="mt-2" open={Boolean(form.errors?.length || fields.reason?.errors?.length)}>
      <summary className="cursor-pointer text-sm text-brand-800">{t('ledger.reverse.open')}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-2">
        <input type="hidden" name="transactionId" value={transaction.id} />
        <FormErrors errors={form.errors} />
        <TextareaField label={t('ledger.fields.reason')} meta={fields.reason} rows={2} required />
        <SubmitButton name="intent" value="reverse" variant="danger" pendingLabel={t('ledger.reverse.pending')}>
          {t('ledger.reverse.submit')}
        </SubmitButton>
      </Form>
    </details>
  )
}

function AdjustForm() {
  const t = useT()
  const { initiatives } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({ id: 'adjust', lastResult: actionData?.form === 'adjust' ? actionData.result : undefined })
  const options = (
    <>
      <option value="">{t('ledger.adjust.choose')}</option>
      {initiatives.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </>
  )
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label={t('ledger.fields.to')} meta={fields.toInitiativeId} hint={t('ledger.fields.toHint')}>
          {options}
        </SelectField>
        <SelectField label={t('ledger.fields.from')} meta={fields.fromInitiativeId} hint={t('ledger.fields.fromHint')}>
          {options}
        </SelectField>
        <Field label={t('exchanges.fields.hours')} meta={fields.minutes} inputMode="decimal" />
        <Field label={t('exchanges.fields.value')} meta={fields.valueCents} inputMode="decimal" />
      </div>
      <TextareaField label={t('ledger.fields.reason')} meta={fields.reason} rows={2} required />
      <SubmitButton name="intent" value="adjust" pendingLabel={t('ledger.adjust.pending')}>
        {t('ledger.adjust.submit')}
      </SubmitButton>
    </Form>
  )
}

export default function ManageLedger() {
  const t = useT()
  const locale = useLocale()
  const { centre, transactions, totals, older, paged } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <PageHeading sub={t('ledger.intro')}>{t('ledger.title')}</PageHeading>
      <Card>
        <h2 className="text-lg font-semibold">{t('ledger.totals.title')}</h2>
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[16rem_1fr]">
          <dt className="font-medium">{t('ledger.totals.hours')}</dt>
          <dd>{t('exchanges.figures.hours', { hours: formatMinutesAsHours(locale, totals.moved.minutes) })}</dd>
          <dt className="font-medium">{t('ledger.totals.value')}</dt>
          <dd>{formatCents(locale, totals.moved.cents)}</dd>
          <dt className="font-medium">{t('ledger.totals.exchanges')}</dt>
          <dd>{totals.exchanges}</dd>
          <dt className="font-medium">{t('ledger.totals.corrections')}</dt>
          <dd>{totals.corrections}</dd>
        </dl>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">{t('ledger.adjust.title')}</h2>
        <p className="mb-3 text-sm text-stone-700">{t('ledger.adjust.help')}</p>
        <AdjustForm />
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">{t('ledger.recent')}</h2>
        {transactions.length ? (
          <ol className="mt-3 divide-y divide-stone-200">
            {transactions.map((tx) => (
              <li key={tx.id} id={`tx-${tx.id}`} className="py-3">
                <p className="text-sm">
                  <time dateTime={new Date(tx.occurredAt).toISOString()}>{formatDateTime(locale, tx.occurredAt, centre.timeZone)}</time> ·{' '}
                  <span className="font-medium">{t(`ledger.kind.${tx.kind}`)}</span>
                  {tx.exchangeId ? (
                    <>
                      {' · '}
                      <Link to={`/c/${centre.slug}/exchanges/${tx.exchangeId}`}>{tx.exchangeTitle}</Link>
                    </>
                  ) : null}
                  {tx.createdByName ? ` · ${t('ledger.by', { name: tx.createdByName })}` : ''}
                </p>
                {tx.reason ? <p className="text-sm text-stone-700">{t('ledger.reasonLine', { reason: tx.reason })}</p> : null}
                {tx.reversesId ? (
                  <p className="text-sm">
                    <a href={`#tx-${tx.reversesId}`}>{t('ledger.reverses')}</a>
                  </p>
                ) : null}
                <ul className="mt-1 text-sm">
                  {tx.entries.map((e, i) => (
                    <li key={i}>
                      {e.accountName ?? t(`ledger.account.${e.accountType}`)}: <Amount unit={e.unit} amount={e.amount} />
                    </li>
                  ))}
                </ul>
                {tx.reversedById ? (
                  <p className="mt-1 text-sm font-medium text-stone-700">
                    <a href={`#tx-${tx.reversedById}`}>{t('ledger.reversed')}</a>
                  </p>
                ) : tx.reversible ? (
                  <ReverseForm transaction={tx} />
                ) : tx.reversesId ? null : (
                  <p className="mt-1 text-sm text-stone-600">{t('ledger.reverse.notReversible')}</p>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <EmptyState>{t(paged ? 'ledger.paging.none' : 'ledger.empty')}</EmptyState>
        )}
        {older || paged ? (
          <nav aria-label={t('ledger.paging.label')} className="mt-4 flex justify-between gap-4 text-sm">
            {paged ? <Link to=".">{t('ledger.paging.newest')}</Link> : <span />}
            {older ? <Link to={`?before=${older}`}>{t('ledger.paging.older')}</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  )
}
