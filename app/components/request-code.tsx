import { useRequestId } from '~/utils/request-id'
import { useErrorT } from './error-page'

/** On a server error page: the request's id, the code that finds its log lines ("quote this code", ADR 064). */
export function RequestCode() {
  const id = useRequestId()
  const t = useErrorT()
  if (!id) return null
  return (
    <p className="mt-6 text-sm text-stone-600">
      {t('errors.quoteCode')}{' '}
      <code data-request-id="" className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-stone-800 select-all">
        {id}
      </code>
    </p>
  )
}
