import { Link } from '@remix-run/react'
import { useT } from '~/utils/use-t'

/** The bell in the site header: a link to /notifications whose name says how many are unread. */
export function NotificationBell({ count }: { count: number }) {
  const t = useT()
  const label = count > 0 ? t('notifications.bell.unread', { count }) : t('notifications.bell.label')
  return (
    <Link to="/notifications" aria-label={label} className="relative inline-flex items-center gap-1 no-underline">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count > 0 ? (
        <span data-testid="unread-count" className="rounded-full bg-brand-700 px-1.5 text-xs font-bold text-white">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  )
}
