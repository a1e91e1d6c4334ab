import { Link, useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import de from '~/locales/de/errors.json'
import en from '~/locales/en/errors.json'
import fr from '~/locales/fr/errors.json'
import nl from '~/locales/nl/errors.json'
import type { loader as rootLoader } from '~/root'
import { createT, isLocale, type Locale } from '~/utils/i18n'
import { useRequestLocale } from '~/utils/request-locale'
import { useT } from '~/utils/use-t'

/**
 * The error pages' own texts, in the bundle (≈ 1 kB compressed): without the root loader's data the
 * page's catalogue is not known, and an error page must not show raw keys (ADR 065).
 */
const ERROR_MESSAGES: Record<Locale, object> = { de, en, fr, nl }

/** Translations for an error page: the catalogue when the root loader ran, else the bundled texts in the request's language. */
export function useErrorT() {
  const rootData = useRouteLoaderData<typeof rootLoader>('root')
  const requestLocale = useRequestLocale()
  const t = useT()
  const fallback = useMemo(() => createT(requestLocale, { errors: ERROR_MESSAGES[requestLocale] }), [requestLocale])
  return rootData ? t : fallback
}

/** What a person sees when something goes wrong: a translated message per status, never a stack trace. */
export function ErrorPage({ status }: { status: number }) {
  const t = useErrorT()
  const kind =
    status === 404
      ? 'notFound'
      : status === 403
        ? 'forbidden'
        : status === 429
          ? 'tooMany'
          : status === 503
            ? 'unavailable'
            : status >= 500
              ? 'server'
              : 'badRequest'
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

/**
 * The page for "the database is away" (ADR 065). The root loader has failed, so there is neither
 * its data nor a message catalogue in the browser: the texts come translated in the 503's data
 * (app/utils/db-errors.server.ts) and are shown as they are.
 */
export interface UnavailablePageData {
  kind: 'database-unavailable'
  locale: Locale
  status: string
  title: string
  text: string
  retry: string
}

export function unavailablePageData(error: unknown): UnavailablePageData | null {
  if (error === null || typeof error !== 'object') return null
  const { status, data } = error as { status?: unknown; data?: unknown }
  if (status !== 503 || data === null || typeof data !== 'object') return null
  const page = data as Partial<UnavailablePageData>
  return page.kind === 'database-unavailable' && isLocale(page.locale) ? (page as UnavailablePageData) : null
}

export function UnavailablePage({ page }: { page: UnavailablePageData }) {
  return (
    <div role="alert">
      <p className="text-sm font-semibold text-stone-600">{page.status}</p>
      <h1 className="mt-2 text-2xl font-bold">{page.title}</h1>
      <p className="mt-2 text-stone-700">{page.text}</p>
      <p className="mt-6">
        {/* a plain link: a full page load, which asks the server again */}
        <a href="" className="font-semibold">
          {page.retry}
        </a>
      </p>
    </div>
  )
}
