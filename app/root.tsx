import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { SiteFooter, SiteHeader } from './components/layout'
import { Toaster } from './components/toaster'
import { ErrorPage, UnavailablePage, unavailablePageData } from './components/error-page'
import { RequestCode } from './components/request-code'
import { getUser } from './utils/auth.server'
import { countUnread } from './modules/notifications/notifications.server'
import { checkDatabase, db } from './utils/db.server'
import { databaseSeemsDown, unavailableResponse } from './utils/db-errors.server'
import stylesheet from './styles.css?url'
import { messagesHash, resolveLocale } from './utils/i18n.server'
import { useNonce } from './utils/nonce'
import { useRequestLocale } from './utils/request-locale'
import { readToast } from './utils/toast.server'
import { messagesUrl } from './utils/i18n-catalogue'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    return await rootData(request)
  } catch (error) {
    // The database is away: a 503 whose page needs neither this loader's data nor the database (ADR 065).
    throw (await unavailableResponse(request, context, error)) ?? error
  }
}

async function rootData(request: Request) {
  // While the database seems away, ask it first: every page then fails here, with the translated
  // 503 page, rather than in a child loader whose error the page could only call "something went wrong".
  const [user, { toast, setCookie }] = await Promise.all([
    databaseSeemsDown() ? checkDatabase().then(() => getUser(request)) : getUser(request),
    readToast(request),
  ])
  const [locale, unreadNotifications] = await Promise.all([
    resolveLocale(request, user?.locale),
    user ? countUnread(db, user.id) : 0,
  ])
  const url = new URL(request.url)
  return data(
    {
      user: user ? { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin } : null,
      unreadNotifications,
      locale,
      // Only the catalogue's hash: the messages are a cached resource of their own (ADR 007).
      messagesHash: messagesHash(locale),
      toast,
      path: `${url.pathname}${url.search}`,
    },
    setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  const data = useRouteLoaderData<typeof loader>('root')
  const unavailable = unavailablePageData(useRouteError())
  const requestLocale = useRequestLocale()
  return (
    <html lang={data?.locale ?? unavailable?.locale ?? requestLocale} data-messages-hash={data?.messagesHash}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {data ? <link rel="preload" as="fetch" crossOrigin="anonymous" href={messagesUrl(data.locale, data.messagesHash)} /> : null}
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const { toast } = useLoaderData<typeof loader>()
  return (
    <>
      <SiteHeader />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {/* in the flow, above the page: a toast must never cover a control (WCAG 2.4.11) */}
        <Toaster toast={toast} />
        <Outlet />
      </main>
      <SiteFooter />
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const unavailable = unavailablePageData(error)
  const status = isRouteErrorResponse(error) ? error.status : 500
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-16">
      {unavailable ? <UnavailablePage page={unavailable} /> : <ErrorPage status={status} />}
      {status >= 500 ? <RequestCode /> : null}
    </main>
  )
}
