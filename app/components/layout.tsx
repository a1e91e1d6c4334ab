import { Form, Link, useRouteLoaderData } from '@remix-run/react'
import type { loader as rootLoader } from '~/root'
import { LOCALES } from '~/utils/i18n'
import { useT } from '~/utils/use-t'
import { SubmitButton } from './ui/button'
import { NotificationBell } from './notifications/bell'

export function SiteHeader() {
  const t = useT()
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const user = data?.user
  return (
    <header className="border-b border-stone-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t('common.skipToContent')}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-brand-800 no-underline">
          Viertel
        </Link>
        <nav aria-label={t('common.nav.site')} className="flex flex-wrap items-center gap-4 text-sm">
          {user ? (
            <>
              {user.isAdmin ? <Link to="/admin">{t('common.nav.admin')}</Link> : null}
              <NotificationBell count={data?.unreadNotifications ?? 0} />
              <Link to="/account">{t('common.nav.account', { name: user.name })}</Link>
              <Form method="post" action="/logout">
                <SubmitButton variant="ghost" pendingLabel={t('common.nav.loggingOut')} formAction="/logout">
                  {t('common.nav.logout')}
                </SubmitButton>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">{t('common.nav.login')}</Link>
              <Link to="/signup">{t('common.nav.signup')}</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  )
}

export function LanguageSwitcher() {
  const t = useT()
  const data = useRouteLoaderData<typeof rootLoader>('root')
  return (
    <Form method="post" action="/locale" className="flex items-center gap-2">
      <input type="hidden" name="redirectTo" value={data?.path ?? '/'} />
      <label htmlFor="language-switcher" className="text-sm">
        {t('common.language.label')}
      </label>
      <select
        id="language-switcher"
        name="locale"
        defaultValue={data?.locale}
        className="rounded-md border border-stone-400 bg-white px-2 py-1 text-sm"
      >
        {LOCALES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`common.language.names.${lng}`)}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" pendingLabel={t('common.language.switching')} formAction="/locale">
        {t('common.language.switch')}
      </SubmitButton>
    </Form>
  )
}

export function SiteFooter() {
  const t = useT()
  return (
    <footer className="no-print border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-4 text-sm text-stone-700">
        <p>{t('common.footer.tagline')}</p>
        <p className="flex flex-wrap gap-x-4 gap-y-1">
          <Link to="/network">{t('network.footerLink')}</Link>
          <Link to="/guide">{t('network.guide.footerLink')}</Link>
          <Link to="/privacy">{t('privacy.footer.privacy')}</Link>
          <Link to="/imprint">{t('privacy.footer.imprint')}</Link>
        </p>
        <LanguageSwitcher />
      </div>
    </footer>
  )
}
