import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { LoanStateBadge, OverdueBadge } from '~/components/loans/loan-bits'
import {
  AcceptOfferForm,
  ApproveForm,
  AskGuaranteeForm,
  DisburseForm,
  LogRepaymentForm,
  PledgeForm,
  ReasonForm,
  RepaymentDecision,
} from '~/components/loans/loan-forms'
import { Card, PageHeading } from '~/components/ui/card'
import { FormErrors, strayErrors } from '~/components/ui/field'
import { requireCentre, requireUser } from '~/utils/auth.server'
import { localDateOf as localDate } from '~/utils/time'
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
import { LOAN_INTENTS, type LoanIntent, LoanIntentSchema } from '~/modules/loans/schemas'
import { db } from '~/utils/db.server'
import { formatCents, formatDate, formatDateTime } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { notFound, readFormData } from '~/utils/http.server'
import { isUuid } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { useLocale, useT } from '~/utils/use-t'
export { RouteErrorBoundary as ErrorBoundary } from '~/components/route-error-boundary'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.loan.purpose} · Viertel` : 'Viertel' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const view = await getLoanForViewer(db, user, centre.id, params.id)
  if (!view) notFound()
  return { centre: { slug: centre.slug }, today: localDate(new Date(), centre.timeZone), ...view }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const centre = await requireCentre(params.centre)
  if (!isUuid(params.id)) notFound()
  const loanId = params.id
  const submission = parseForm(await readFormData(request), LoanIntentSchema)
  if (submission.status !== 'success') {
    // The form the answer belongs to. An intent the page does not know belongs to none: it is refused as such.
    const intent = LOAN_INTENTS.find((known) => known === submission.payload.intent) ?? null
    const result = intent ? submission.reply() : submission.reply({ formErrors: ['loans.errors.unknownAction'] })
    return data({ intent, result }, { status: 400 })
  }
  const value = submission.value
  const intent = value.intent

  let outcome
  switch (value.intent) {
    case 'askGuarantee':
      outcome = await askGuarantee(db, user, centre.id, loanId, { initiativeId: value.initiativeId })
      break
    case 'approve':
      outcome = await approveLoan(db, user, centre.id, loanId, {
        amount: value.amount,
        termMonths: value.termMonths,
        interestBasisPoints: value.interestPercent,
        startDate: value.startDate,
      })
      break
    case 'accept':
      outcome = await approveLoan(db, user, centre.id, loanId, null)
      break
    case 'decline':
    case 'withdraw':
      outcome = await declineLoan(db, user, centre.id, loanId, { as: value.intent, reason: value.reason })
      break
    case 'disburse':
      outcome = await disburseLoan(db, user, centre.id, loanId)
      break
    case 'logRepayment':
      outcome = await logRepayment(db, user, centre.id, loanId, { amount: value.amount, paidOn: value.paidOn, note: value.note })
      break
    case 'confirmRepayment':
      outcome = await confirmRepayment(db, user, centre.id, loanId, value.repaymentId)
      break
    case 'rejectRepayment':
      outcome = await rejectRepayment(db, user, centre.id, loanId, value.repaymentId, value.reason)
      break
    case 'writeOff':
      outcome = await writeOffLoan(db, user, centre.id, loanId, value.reason)
      break
    case 'pledge':
      outcome = await pledgeGuarantee(db, user, centre.id, loanId, { initiativeId: value.initiativeId, amount: value.amount, note: value.note })
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

function Money({ cents }: { cents: number | null | undefined }) {
  const locale = useLocale()
  return <>{cents == null ? '—' : formatCents(locale, cents)}</>
}

export default function LoanPage() {
  const t = useT()
  const locale = useLocale()
  const { centre, today, loan, instalments, overdueCents, repayments, guarantees, events, timeZone, can, oneSide, proposal, pledgeBarred, fundCents } = useLoaderData<typeof loader>()
  const offer = proposal === 'offer'
  const sideNames = { borrower: loan.borrowerName, lender: loan.lenderName ?? t('loans.fund.name') }
  const has = (step: (typeof can.transitions)[number]) => can.transitions.includes(step)
  const anyAction = can.transitions.length > 0 || can.logRepayment
  // The forms this page shows; an answer to any other step (a stale page, a crafted post) is said at the top.
  const actionData = useActionData<typeof action>()
  const answeredRepayment = actionData?.result.initialValue?.repaymentId
  const shownIntents: Record<LoanIntent, boolean> = {
    approve: has('approve') && !offer,
    accept: has('approve') && offer,
    decline: has('decline'),
    withdraw: has('withdraw'),
    disburse: has('disburse'),
    logRepayment: can.logRepayment,
    // a repayment's decision shows its answer on that repayment's row only
    confirmRepayment: can.decideRepayments && repayments.some((r) => r.state === 'logged' && r.id === answeredRepayment),
    rejectRepayment: can.decideRepayments && repayments.some((r) => r.state === 'logged' && r.id === answeredRepayment),
    writeOff: has('write_off'),
    pledge: can.pledgeFor.length > 0,
    askGuarantee: can.askGuaranteeFrom.length > 0,
  }
  const unshown = actionData && !(actionData.intent && shownIntents[actionData.intent]) ? strayErrors(actionData) : undefined
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/c/${centre.slug}/loans`}>{t('loans.detail.back')}</Link>
      </p>
      <PageHeading
        sub={
          <span className="space-x-2">
            <LoanStateBadge state={loan.state} />{' '}
            {overdueCents > 0 ? <OverdueBadge /> : null}
          </span>
        }
      >
        {loan.purpose}
      </PageHeading>
      <FormErrors errors={unshown} />

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
            {has('approve') ? offer ? <AcceptOfferForm loan={loan} /> : <ApproveForm loan={loan} fundCents={fundCents} /> : null}
            {has('decline') ? <ReasonForm intent="decline" offer={offer} /> : null}
            {has('withdraw') ? <ReasonForm intent="withdraw" offer={offer} /> : null}
            {has('disburse') ? <DisburseForm loan={loan} fundCents={fundCents} /> : null}
            {can.logRepayment ? <LogRepaymentForm outstandingCents={loan.outstandingCents} instalments={instalments} today={today} /> : null}
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
        {can.pledgeFor.length > 0 ? <PledgeForm initiatives={can.pledgeFor} /> : null}
        {can.askGuaranteeFrom.length > 0 ? <AskGuaranteeForm initiatives={can.askGuaranteeFrom} /> : null}
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
