import { getFormProps, useForm } from '@conform-to/react'
import { Form, useActionData } from '@remix-run/react'
import { eurosValue } from '~/utils/format'
import { SubmitButton } from '~/components/ui/button'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { percentFromBasisPoints } from '~/modules/loans/format'
import type { LoanIntent } from '~/modules/loans/schemas'
import type { action } from '~/routes/c.$centre.loans.$id'
import { formatCents } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

/**
 * The forms of the loan page. They post to the page they are on (no `action=`), so the answer to a
 * refused act is that route's action's (its type comes from there): `{ intent, result }`.
 */

/** A form of one intent; it shows the action's answer only when the answer names that intent. */
function useIntentForm(intent: LoanIntent) {
  const actionData = useActionData<typeof action>()
  return useForm({ id: `loan-${intent}`, lastResult: actionData?.intent === intent ? actionData.result : undefined })
}

/** An initiative a person may name in a guarantee form. */
interface InitiativeOption {
  id: string
  name: string
}

/** A fund loan: what the fund holds now, and whether that pays the loan out (it pays only what it holds). */
function FundNote({ fundCents, principalCents }: { fundCents: number | null; principalCents: number }) {
  const t = useT()
  const locale = useLocale()
  if (fundCents === null) return null
  const short = fundCents < principalCents
  return (
    <p role="note" className={`rounded-md p-3 text-sm ${short ? 'border border-amber-300 bg-amber-50 text-amber-950' : 'bg-stone-50 text-stone-800'}`}>
      {t('loans.fund.holds', { amount: formatCents(locale, fundCents) })} {short ? t('loans.fund.tooLittle', { amount: formatCents(locale, principalCents - fundCents) }) : null}
    </p>
  )
}

export function ApproveForm({
  loan,
  fundCents = null,
}: {
  loan: { principalCents: number; termMonths: number; interestBasisPoints: number; startDate: string }
  fundCents?: number | null
}) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useIntentForm('approve')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.approve.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.approve.help')}</p>
      <FundNote fundCents={fundCents} principalCents={loan.principalCents} />
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" defaultValue={eurosValue(locale, loan.principalCents)} required />
        <Field label={t('loans.fields.termMonths')} meta={fields.termMonths} type="number" min={1} max={60} defaultValue={String(loan.termMonths)} required />
        <Field label={t('loans.fields.interestPercent')} meta={fields.interestPercent} inputMode="decimal" defaultValue={percentFromBasisPoints(loan.interestBasisPoints)} hint={t('loans.fields.interestHint')} />
        <Field label={t('loans.fields.startDate')} meta={fields.startDate} type="date" defaultValue={loan.startDate} required />
      </div>
      <SubmitButton name="intent" value="approve" pendingLabel={t('loans.actions.approve.pending')}>
        {t('loans.actions.approve.submit')}
      </SubmitButton>
    </Form>
  )
}

/** The borrower's answer to a lender's offer: accept it as offered (ADR 058, addendum). */
export function AcceptOfferForm({ loan }: { loan: { lenderName: string | null; principalCents: number; termMonths: number } }) {
  const t = useT()
  const locale = useLocale()
  const [form] = useIntentForm('accept')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.accept.title')}</h3>
      <p className="text-sm text-stone-700">
        {t('loans.actions.accept.help', { lender: loan.lenderName ?? '', amount: formatCents(locale, loan.principalCents), count: loan.termMonths })}
      </p>
      <FormErrors errors={form.errors} />
      <SubmitButton name="intent" value="accept" pendingLabel={t('loans.actions.accept.pending')}>
        {t('loans.actions.accept.submit')}
      </SubmitButton>
    </Form>
  )
}

export function ReasonForm({
  intent,
  offer = false,
  required = false,
  variant = 'secondary',
}: {
  intent: 'decline' | 'withdraw' | 'writeOff'
  /** the loan is a lender's offer: "decline the offer", "withdraw the offer" */
  offer?: boolean
  required?: boolean
  variant?: 'secondary' | 'danger'
}) {
  const t = useT()
  const [form, fields] = useIntentForm(intent)
  const words = `loans.actions.${intent}${offer ? 'Offer' : ''}`
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t(`${words}.title`)}</h3>
      <FormErrors errors={form.errors} />
      <TextareaField label={`${t('loans.fields.reason')}${required ? '' : ` ${t('common.optional')}`}`} meta={fields.reason} rows={2} required={required} />
      <SubmitButton name="intent" value={intent} variant={variant} pendingLabel={t(`${words}.pending`)}>
        {t(`${words}.submit`)}
      </SubmitButton>
    </Form>
  )
}

export function DisburseForm({ loan, fundCents = null }: { loan: { principalCents: number; borrowerName: string }; fundCents?: number | null }) {
  const t = useT()
  const locale = useLocale()
  const [form] = useIntentForm('disburse')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.disburse.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.disburse.help', { amount: formatCents(locale, loan.principalCents), borrower: loan.borrowerName })}</p>
      <FundNote fundCents={fundCents} principalCents={loan.principalCents} />
      <FormErrors errors={form.errors} />
      <SubmitButton name="intent" value="disburse" pendingLabel={t('loans.actions.disburse.pending')}>
        {t('loans.actions.disburse.submit')}
      </SubmitButton>
    </Form>
  )
}

/** Log a repayment; the amount suggested is what the next unpaid instalment still lacks, at most what is outstanding. */
export function LogRepaymentForm({
  outstandingCents,
  instalments,
  today,
}: {
  outstandingCents: number
  instalments: { status: string; amountCents: number; coveredCents: number }[]
  /** the centre's calendar date, the day a repayment is logged for unless said otherwise */
  today: string
}) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useIntentForm('logRepayment')
  const next = instalments.find((i) => i.status !== 'paid')
  const suggested = next ? Math.min(next.amountCents - next.coveredCents, outstandingCents) : 0
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.logRepayment.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.logRepayment.help')}</p>
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" defaultValue={eurosValue(locale, suggested)} required />
        <Field label={t('loans.fields.paidOn')} meta={fields.paidOn} type="date" defaultValue={today} required />
      </div>
      <Field label={`${t('loans.fields.note')} ${t('common.optional')}`} meta={fields.note} />
      <SubmitButton name="intent" value="logRepayment" pendingLabel={t('loans.actions.logRepayment.pending')}>
        {t('loans.actions.logRepayment.submit')}
      </SubmitButton>
    </Form>
  )
}

/** Confirm or reject one logged repayment; of several on the page, the one refused shows the answer. */
export function RepaymentDecision({ id, amountCents }: { id: string; amountCents: number }) {
  const t = useT()
  const locale = useLocale()
  const actionData = useActionData<typeof action>()
  const [form] = useForm({
    id: `loan-repayment-${id}`,
    lastResult:
      (actionData?.intent === 'confirmRepayment' || actionData?.intent === 'rejectRepayment') && actionData.result.initialValue?.repaymentId === id
        ? actionData.result
        : undefined,
  })
  const amount = formatCents(locale, amountCents)
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap gap-2">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="repaymentId" value={id} />
      <SubmitButton name="intent" value="confirmRepayment" pendingLabel={t('loans.actions.confirmRepayment.pending')} aria-label={t('loans.actions.confirmRepayment.label', { amount })}>
        {t('loans.actions.confirmRepayment.submit')}
      </SubmitButton>
      <SubmitButton name="intent" value="rejectRepayment" variant="secondary" pendingLabel={t('loans.actions.rejectRepayment.pending')} aria-label={t('loans.actions.rejectRepayment.label', { amount })}>
        {t('loans.actions.rejectRepayment.submit')}
      </SubmitButton>
    </Form>
  )
}

/** Ask one of the initiatives that may stand guarantor. */
export function AskGuaranteeForm({ initiatives }: { initiatives: InitiativeOption[] }) {
  const t = useT()
  const [form, fields] = useIntentForm('askGuarantee')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <SelectField label={t('loans.guarantees.askWhom')} meta={fields.initiativeId}>
        {initiatives.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </SelectField>
      <SubmitButton name="intent" value="askGuarantee" variant="secondary" pendingLabel={t('loans.guarantees.asking')}>
        {t('loans.guarantees.ask')}
      </SubmitButton>
    </Form>
  )
}

/** Stand guarantor for the loan, for one of the person's initiatives. */
export function PledgeForm({ initiatives }: { initiatives: InitiativeOption[] }) {
  const t = useT()
  const [form, fields] = useIntentForm('pledge')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <p className="text-sm text-stone-700">{t('loans.guarantees.pledgeHelp')}</p>
      <FormErrors errors={form.errors} />
      <SelectField label={t('loans.guarantees.guarantor')} meta={fields.initiativeId}>
        {initiatives.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </SelectField>
      <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" required />
      <Field label={`${t('loans.fields.note')} ${t('common.optional')}`} meta={fields.note} />
      <SubmitButton name="intent" value="pledge" pendingLabel={t('loans.guarantees.pledging')}>
        {t('loans.guarantees.pledge')}
      </SubmitButton>
    </Form>
  )
}
