import { useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import type { loader as rootLoader } from '~/root'
import type { Toast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

const styles = {
  success: 'border-green-700 bg-green-50 text-green-900',
  error: 'border-red-700 bg-red-50 text-red-900',
  info: 'border-stone-600 bg-white text-stone-900',
} as const

/**
 * Shows the toast that the last action left (a flash cookie), at the top of the page's content.
 * It sits in the flow, not over it, so it never covers a control or the focused element (WCAG
 * 2.4.11), however long it stays. Closing it is a link to this page: the flash is spent, so without
 * JavaScript the page comes back without it; with JavaScript the click just hides it, and it also
 * goes by itself after a few seconds.
 */
export function Toaster({ toast }: { toast: Toast | null }) {
  const t = useT()
  const path = useRouteLoaderData<typeof rootLoader>('root')?.path ?? '/'
  const [dismissed, setDismissed] = useState<Toast | null>(null)
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setDismissed(toast), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  const visible = toast && toast !== dismissed ? toast : null
  return (
    <div aria-live="polite" role="status" className="no-print">
      {visible ? (
        <div className={`mb-6 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 rounded-md border-l-4 p-4 ${styles[visible.type]}`}>
          <p>{t(visible.key, visible.params)}</p>
          <a
            href={path}
            className="text-sm font-medium underline"
            onClick={(event) => {
              event.preventDefault()
              setDismissed(toast)
            }}
          >
            {t('common.dismiss')}
          </a>
        </div>
      ) : null}
    </div>
  )
}
