/**
 * Small loans between initiatives of a centre, or from its solidarity fund: the module's public
 * entry. Every function works out who the actor is to the loan itself (borrower, lender,
 * manager), so a loan of another centre or of strangers is `notFound`. Money moves only through
 * the ledger module, inside the same transaction as the state change, and with the loan row
 * locked FOR UPDATE. The work lives in one file per sub-domain beside this one.
 */
export type { Actor, FieldErrors, Failure, Loan, Standing } from './access.server'
export type { NoticeOptions } from './notices.server'
export { type RequestInput, getLoanListing, previewLoanRequest, requestLoan, requestRateOf } from './requests.server'
export { type ApproveInput, approveLoan, declineLoan, disburseLoan } from './decisions.server'
export { type DecideResult, outstandingCents, logRepayment, confirmRepayment, rejectRepayment, writeOffLoan } from './repayments.server'
export { askGuarantee, pledgeGuarantee } from './guarantees.server'
export { listLoans, getLoanForViewer } from './views.server'
export { fundBalanceCents, recordContribution, getFund } from './fund.server'
export { fundHasDecider } from './access.server'
export { sendLoanReminders } from './reminders.server'
