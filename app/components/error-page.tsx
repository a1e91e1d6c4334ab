import { Link } from '@remix-run/react'
import { useT } from '~/utils/use-t'

/** What a person sees when something goes wrong: a translated message per status, never a stack trace. */
export function ErrorPage({ status }: { status: number }) {
  const t = useT()
  const kind = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 429 ? 'tooMany' : status >= 500 ? 'server' : 'badRequest'
  return (
    <div role="alert">
      <p className="text-sm font-semibold text-stone-600">{t('errors.status', { status })}</p>
      <h1 className="mt-2 text-2xl font-bold">{t(`errors.${kind}.title`)}</h1>
      <p className="mt-2 text-stone-700">{t(`errors.${kind}.text`)}</p>
      <p className="mt-6">
        <Link to="/">{t('errors.home')}</Link>
      </p>
    </div>
  )
}

