import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/error-page'
import { eurosValue, LoanStateBadge, OverdueBadge } from '~/components/loans/loan-bits'
import { SubmitButton } from '~/components/ui/button'
import { Card, PageHeading } from '~/components/ui/card'
import { Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { requireCentre, requireUser } from '~/modules/auth/guards.server'
import { localDate } from '~/modules/loans/dates'
import { percentFromBasisPoints } from '~/modules/loans/format'
import {
  approveLoan,
  askGuarantee,
  confirmRepayment,
  declineLoan,
  disburseLoan,
  getLoanForViewer,
  logRepayment,
  pledgeGuarantee,
  rejectRepayment,
  writeOffLoan,
} from '~/modules/loans/loans.server'
import {
  AcceptSchema,
  ApproveSchema,
  AskGuaranteeSchema,
  DecideRepaymentSchema,
  DeclineSchema,
  DisburseSchema,
  LOAN_INTENTS,
  type LoanIntent,
  LogRepaymentSchema,
  PledgeSchema,
  WriteOffSchema,
} from '~/modules/loans/schemas'
import { db } from '~/utils/db.server'
import { formatCents, formatDate, formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.loan.purpose} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const view = await getLoanForViewer(db, user, centre.id, params.id)
  if (!view) notFound()
  return { centre: { slug: centre.slug }, today: localDate(new Date(), centre.timeZone), ...view }
}

const isIntent = (value: unknown): value is LoanIntent => (LOAN_INTENTS as readonly unknown[]).includes(value)

const SCHEMAS = {
  askGuarantee: AskGuaranteeSchema,
  approve: ApproveSchema,
  accept: AcceptSchema,
  decline: DeclineSchema,
  withdraw: DeclineSchema,
  disburse: DisburseSchema,
  logRepayment: LogRepaymentSchema,
  confirmRepayment: DecideRepaymentSchema,
  rejectRepayment: DecideRepaymentSchema,
  writeOff: WriteOffSchema,
  pledge: PledgeSchema,
} as const

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const loanId = params.id
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) {
    return data({ intent: null, result: { status: 'error', error: { '': ['loans.errors.unknownAction'] } } as SubmissionResult }, { status: 400 })
  }
  const submission = parseForm(formData, SCHEMAS[intent])
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  const v = submission.value as Record<string, unknown>
  const str = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : '')
  const num = (key: string) => v[key] as number

  let outcome
  switch (intent) {
    case 'askGuarantee':
      outcome = await askGuarantee(db, user, centre.id, loanId, { initiativeId: str('initiativeId') })
      break
    case 'approve':
      outcome = await approveLoan(db, user, centre.id, loanId, {
        amount: num('amount'),
        termMonths: num('termMonths'),
        interestBasisPoints: num('interestPercent'),
        startDate: str('startDate'),
      })
      break
    case 'accept':
      outcome = await approveLoan(db, user, centre.id, loanId, null)
      break
    case 'decline':
    case 'withdraw':
      outcome = await declineLoan(db, user, centre.id, loanId, { as: intent, reason: str('reason') })
      break
    case 'disburse':
      outcome = await disburseLoan(db, user, centre.id, loanId)
      break
    case 'logRepayment':
      outcome = await logRepayment(db, user, centre.id, loanId, { amount: num('amount'), paidOn: str('paidOn'), note: str('note') })
      break
    case 'confirmRepayment':
      outcome = await confirmRepayment(db, user, centre.id, loanId, str('repaymentId'))
      break
    case 'rejectRepayment':
      outcome = await rejectRepayment(db, user, centre.id, loanId, str('repaymentId'), str('reason'))
      break
    case 'writeOff':
      outcome = await writeOffLoan(db, user, centre.id, loanId, str('reason'))
      break
    case 'pledge':
      outcome = await pledgeGuarantee(db, user, centre.id, loanId, { initiativeId: str('initiativeId'), amount: num('amount'), note: str('note') })
      break
  }
  const here = `/c/${centre.slug}/loans/${loanId}`
  if (outcome.ok) {
    const repaid = 'repaid' in outcome && outcome.repaid
    const offer = 'proposal' in outcome && outcome.proposal === 'offer'
    return redirectWithToast(here, { type: 'success', key: repaid ? 'loans.toast.repaid' : `loans.toast.${intent}${offer ? 'Offer' : ''}` })
  }
  switch (outcome.error) {
    case 'notFound':
      notFound()
    // falls through (notFound throws)
    case 'invalid': {
      // `form` names an error of the whole act (e.g. the fund holds too little), not of a field
      const { form: formErrors, ...fieldErrors } = outcome.fieldErrors
      return data({ intent, result: submission.reply({ formErrors, fieldErrors }) }, { status: 400 })
    }
    case 'exceedsOutstanding':
      return data({ intent, result: submission.reply({ formErrors: ['loans.errors.exceedsOutstanding'] }) }, { status: 409 })
    default:
      return data({ intent, result: submission.reply({ formErrors: ['loans.errors.notNow'] }) }, { status: 409 })
  }
}

function useIntentForm(intent: LoanIntent, key = '') {
  const actionData = useActionData<typeof action>()
  return useForm({ id: `loan-${intent}${key}`, lastResult: actionData?.intent === intent ? actionData.result : undefined })
}

function Money({ cents }: { cents: number | null | undefined }) {
  const locale = useLocale()
  return <>{cents == null ? '—' : formatCents(locale, cents)}</>
}

function ApproveForm() {
  const t = useT()
  const { loan } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('approve')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.approve.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.approve.help')}</p>
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" defaultValue={eurosValue(loan.principalCents)} required />
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
function AcceptOfferForm() {
  const t = useT()
  const locale = useLocale()
  const { loan } = useLoaderData<typeof loader>()
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

function ReasonForm({
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

function DisburseForm() {
  const t = useT()
  const { loan } = useLoaderData<typeof loader>()
  const [form] = useIntentForm('disburse')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.disburse.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.disburse.help', { amount: formatCents(useLocale(), loan.principalCents), borrower: loan.borrowerName })}</p>
      <FormErrors errors={form.errors} />
      <SubmitButton name="intent" value="disburse" pendingLabel={t('loans.actions.disburse.pending')}>
        {t('loans.actions.disburse.submit')}
      </SubmitButton>
    </Form>
  )
}

function LogRepaymentForm() {
  const t = useT()
  const { loan, instalments, today } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('logRepayment')
  const next = instalments.find((i) => i.status !== 'paid')
  const suggested = next ? Math.min(next.amountCents - next.coveredCents, loan.outstandingCents) : 0
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <h3 className="font-semibold">{t('loans.actions.logRepayment.title')}</h3>
      <p className="text-sm text-stone-700">{t('loans.actions.logRepayment.help')}</p>
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('loans.fields.amountEuros')} meta={fields.amount} inputMode="decimal" defaultValue={eurosValue(suggested)} required />
        <Field label={t('loans.fields.paidOn')} meta={fields.paidOn} type="date" defaultValue={today} required />
      </div>
      <Field label={`${t('loans.fields.note')} ${t('common.optional')}`} meta={fields.note} />
      <SubmitButton name="intent" value="logRepayment" pendingLabel={t('loans.actions.logRepayment.pending')}>
        {t('loans.actions.logRepayment.submit')}
      </SubmitButton>
    </Form>
  )
}

function RepaymentDecision({ id, amountCents }: { id: string; amountCents: number }) {
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

function AskGuaranteeForm() {
  const t = useT()
  const { can } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('askGuarantee')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <SelectField label={t('loans.guarantees.askWhom')} meta={fields.initiativeId}>
        {can.askGuaranteeFrom.map((i) => (
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

function PledgeForm() {
  const t = useT()
  const { can } = useLoaderData<typeof loader>()
  const [form, fields] = useIntentForm('pledge')
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <p className="text-sm text-stone-700">{t('loans.guarantees.pledgeHelp')}</p>
      <FormErrors errors={form.errors} />
      <SelectField label={t('loans.guarantees.guarantor')} meta={fields.initiativeId}>
        {can.pledgeFor.map((i) => (
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

export default function LoanPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, loan, instalments, overdueCents, repayments, guarantees, events, timeZone, can, oneSide, proposal, pledgeBarred } = useLoaderData<typeof loader>()
  const offer = proposal === 'offer'
  const sideNames = { borrower: loan.borrowerName, lender: loan.lenderName ?? t('loans.fund.name') }
  const has = (x: string) => (can.transitions as string[]).includes(x)
  const anyAction = can.transitions.length > 0 || can.logRepayment
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/c/${centre.slug}/loans`}>{t('loans.detail.back')}</Link>
      </p>
      <PageHeading
        sub={
          <span className="space-x-2">
            <LoanStateBadge state={loan.state} />
            {overdueCents > 0 ? <OverdueBadge /> : null}
          </span>
        }
      >
        {loan.purpose}
      </PageHeading>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.summary')}</h2>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Row label={t('loans.fields.lender')}>{loan.lenderName ?? t('loans.fund.name')}</Row>
          <Row label={t('loans.fields.borrower')}>{loan.borrowerName}</Row>
          {loan.listingTitle ? (
            <Row label={t('loans.fields.listing')}>
              <Link to={`/c/${centre.slug}/listings/${loan.listingId}`}>{loan.listingTitle}</Link>
            </Row>
          ) : null}
          <Row label={t('loans.fields.amount')}>
            <Money cents={loan.principalCents} />
          </Row>
          <Row label={t('loans.fields.interest')}>{t('loans.detail.rate', { rate: (loan.interestBasisPoints / 100).toLocaleString(locale) })}</Row>
          <Row label={t('loans.fields.termMonths')}>{t('loans.detail.months', { count: loan.termMonths })}</Row>
          <Row label={t('loans.fields.startDate')}>{formatDate(locale, `${loan.startDate}T12:00:00Z`, 'UTC')}</Row>
          <Row label={t('loans.fields.total')}>
            <Money cents={loan.totalCents} />
          </Row>
          <Row label={t('loans.fields.repaid')}>
            <Money cents={loan.repaidCents} />
          </Row>
          {loan.state === 'disbursed' ? (
            <Row label={t('loans.list.outstanding')}>
              <Money cents={loan.outstandingCents} />
              {overdueCents > 0 ? <span className="ml-2 text-red-800">{t('loans.list.overdueAmount', { amount: formatCents(locale, overdueCents) })}</span> : null}
            </Row>
          ) : null}
          {loan.declineReason ? <Row label={t('loans.fields.reason')}>{loan.declineReason}</Row> : null}
          {loan.writeOffReason ? <Row label={t('loans.fields.reason')}>{loan.writeOffReason}</Row> : null}
        </dl>
      </Card>

      {offer && loan.state === 'requested' ? (
        <p className="rounded-md bg-sky-50 p-3 text-sm text-sky-950">{t('loans.detail.offerWaits', { borrower: loan.borrowerName, lender: sideNames.lender })}</p>
      ) : null}
      {oneSide ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-950">
          {oneSide === 'guarantor'
            ? t('loans.detail.oneSideGuarantor', { borrower: sideNames.borrower, lender: sideNames.lender })
            : t('loans.detail.oneSide', { initiative: sideNames[oneSide], other: sideNames[oneSide === 'borrower' ? 'lender' : 'borrower'] })}
        </p>
      ) : null}
      {anyAction ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.actions')}</h2>
          <div className="space-y-6">
            {has('approve') ? offer ? <AcceptOfferForm /> : <ApproveForm /> : null}
            {has('decline') ? <ReasonForm intent="decline" offer={offer} /> : null}
            {has('withdraw') ? <ReasonForm intent="withdraw" offer={offer} /> : null}
            {has('disburse') ? <DisburseForm /> : null}
            {can.logRepayment ? <LogRepaymentForm /> : null}
            {has('write_off') ? <ReasonForm intent="writeOff" required variant="danger" /> : null}
          </div>
        </Card>
      ) : null}

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.plan')}</h2>
        {instalments.length === 0 ? (
          <p className="text-sm text-stone-700">{t('loans.detail.noPlan')}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <caption className="sr-only">{t('loans.detail.plan')}</caption>
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-2 pr-3">{t('loans.plan.number')}</th>
                  <th scope="col" className="py-2 pr-3">{t('loans.plan.dueDate')}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t('loans.plan.amount')}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t('loans.plan.covered')}</th>
                  <th scope="col" className="py-2">{t('loans.plan.status')}</th>
                </tr>
              </thead>
              <tbody>
                {instalments.map((i) => (
                  <tr key={i.number} className="border-b border-stone-200">
                    <th scope="row" className="py-2 pr-3 font-normal">{i.number}</th>
                    <td className="py-2 pr-3">{formatDate(locale, `${i.dueDate}T12:00:00Z`, 'UTC')}</td>
                    <td className="py-2 pr-3 text-right tabular-nums"><Money cents={i.amountCents} /></td>
                    <td className="py-2 pr-3 text-right tabular-nums"><Money cents={i.coveredCents} /></td>
                    <td className={`py-2 ${i.status === 'overdue' && loan.state === 'disbursed' ? 'font-semibold text-red-800' : ''}`}>
                      {t(`loans.plan.statuses.${loan.state === 'disbursed' || i.status === 'paid' ? i.status : 'open'}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.repayments')}</h2>
        {repayments.length === 0 ? (
          <p className="text-sm text-stone-700">{t('loans.detail.noRepayments')}</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {repayments.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
                <div>
                  <p className="font-semibold">
                    <Money cents={r.amountCents} /> · {formatDate(locale, `${r.paidOn}T12:00:00Z`, 'UTC')}
                  </p>
                  <p className="text-stone-700">
                    {t(`loans.repayment.${r.state}`)}
                    {r.loggedByName ? ` · ${t('loans.repayment.loggedBy', { name: r.loggedByName })}` : ''}
                    {r.note ? ` · ${r.note}` : ''}
                    {r.rejectReason ? ` · ${r.rejectReason}` : ''}
                  </p>
                </div>
                {r.state === 'logged' && can.decideRepayments ? <RepaymentDecision id={r.id} amountCents={r.amountCents} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.guarantees')}</h2>
        {guarantees.length === 0 ? (
          <p className="text-sm text-stone-700">{t('loans.guarantees.none')}</p>
        ) : (
          <ul className="mb-4 list-disc pl-5 text-sm">
            {guarantees.map((g) => (
              <li key={g.id}>
                {g.state === 'pledged'
                  ? t('loans.guarantees.pledged', { initiative: g.initiativeName, amount: formatCents(locale, g.amountCents ?? 0) })
                  : t('loans.guarantees.asked', { initiative: g.initiativeName })}
                {g.note ? ` – ${g.note}` : ''}
              </li>
            ))}
          </ul>
        )}
        {pledgeBarred ? <p className="mb-3 text-sm text-stone-700">{t('loans.guarantees.pledgeOneSide')}</p> : null}
        {can.pledgeFor.length > 0 ? <PledgeForm /> : null}
        {can.askGuaranteeFrom.length > 0 ? <AskGuaranteeForm /> : null}
      </Card>

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{t('loans.detail.history')}</h2>
        <ol className="space-y-1 text-sm">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()} className="text-stone-600">
                {formatDateTime(locale, e.at, timeZone)}
              </time>{' '}
              {t(`loans.events.${e.kind === 'requested' && offer ? 'offered' : e.kind}`, { name: e.actorName || t('privacy.formerMember') })}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  )
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="font-medium text-stone-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
