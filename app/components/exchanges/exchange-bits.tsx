import type { ExchangeState } from '~/modules/exchanges/state-machine'
import { formatCents, formatMinutesAsHours } from '~/utils/format'
import { useLocale, useT } from '~/utils/use-t'

const tone: Record<ExchangeState, string> = {
  proposed: 'bg-amber-100 text-amber-900',
  accepted: 'bg-sky-100 text-sky-900',
  completed: 'bg-violet-100 text-violet-900',
  confirmed: 'bg-green-100 text-green-900',
  disputed: 'bg-red-100 text-red-900',
  declined: 'bg-stone-200 text-stone-800',
  withdrawn: 'bg-stone-200 text-stone-800',
  cancelled: 'bg-stone-200 text-stone-800',
}

/** The state's label; a completed exchange the receiver confirmed above the cap says it waits for a manager (ADR 058). */
export function StateBadge({ state, awaitingApproval = false }: { state: ExchangeState; awaitingApproval?: boolean }) {
  const t = useT()
  const label = state === 'completed' && awaitingApproval ? t('exchanges.state.awaitingApproval') : t(`exchanges.state.${state}`)
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${tone[state]}`}>{label}</span>
}

/** "2,5 h · 40,00 €", or a dash when neither is known. */
export function Figures({ minutes, cents }: { minutes: number | null | undefined; cents: number | null | undefined }) {
  const t = useT()
  const locale = useLocale()
  const parts = []
  if (minutes) parts.push(t('exchanges.figures.hours', { hours: formatMinutesAsHours(locale, minutes) }))
  if (cents) parts.push(formatCents(locale, cents))
  return <>{parts.length ? parts.join(' · ') : '—'}</>
}

