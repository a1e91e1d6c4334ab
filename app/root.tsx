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
import { ErrorPage } from './components/error-page'
import { getUser } from './modules/auth/guards.server'
import { countUnread } from './modules/notifications/notifications.server'
import { db } from './utils/db.server'
import stylesheet from './styles.css?url'
import { messagesHash, resolveLocale } from './utils/i18n.server'
import { useNonce } from './utils/nonce'
import { readToast } from './utils/toast.server'
import { DEFAULT_LOCALE } from './utils/i18n'
import { messagesUrl } from './utils/i18n-catalogue'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Viertel' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, { toast, setCookie }] = await Promise.all([getUser(request), readToast(request)])
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
  return (
    <html lang={data?.locale ?? DEFAULT_LOCALE} data-messages-hash={data?.messagesHash}>
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
        <Outlet />
      </main>
      <SiteFooter />
      <Toaster toast={toast} />
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-16">
      <ErrorPage status={status} />
    </main>
  )
}
