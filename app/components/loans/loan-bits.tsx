import type { LoanState } from '~/modules/loans/state-machine'
import { useT } from '~/utils/use-t'

const tone: Record<LoanState, string> = {
  requested: 'bg-amber-100 text-amber-900',
  approved: 'bg-sky-100 text-sky-900',
  disbursed: 'bg-violet-100 text-violet-900',
  repaid: 'bg-green-100 text-green-900',
  declined: 'bg-stone-200 text-stone-800',
  written_off: 'bg-stone-200 text-stone-800',
}

export function LoanStateBadge({ state }: { state: LoanState }) {
  const t = useT()
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${tone[state]}`}>{t(`loans.state.${state}`)}</span>
}

export function OverdueBadge() {
  const t = useT()
  return <span className="inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">{t('loans.overdue')}</span>
}

