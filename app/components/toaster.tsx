import { useEffect, useState } from 'react'
import type { Toast } from '~/utils/toast.server'
import { useT } from '~/utils/use-t'

const styles = {
  success: 'border-green-700 bg-green-50 text-green-900',
  error: 'border-red-700 bg-red-50 text-red-900',
  info: 'border-stone-600 bg-white text-stone-900',
} as const

/** Shows the toast that the last action left (a flash cookie); it fades after a few seconds. */
export function Toaster({ toast }: { toast: Toast | null }) {
  const t = useT()
  const [dismissed, setDismissed] = useState<Toast | null>(null)
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setDismissed(toast), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  const visible = toast && toast !== dismissed ? toast : null
  return (
    <div aria-live="polite" role="status" className="no-print fixed bottom-4 right-4 z-50 max-w-sm">
      {visible ? (
        <div className={`rounded-md border-l-4 p-4 shadow-lg ${styles[visible.type]}`}>
          <p>{t(visible.key, visible.params)}</p>
          <button type="button" className="mt-2 text-sm underline" onClick={() => setDismissed(toast)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
