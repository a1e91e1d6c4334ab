import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { isLocale } from './utils/i18n'
import { loadMessages } from './utils/i18n-catalogue'

// The page's message catalogue is a cached JSON resource (ADR 007): it is here before hydration,
// so the first render in the browser reads the same texts as the server's.
const root = document.documentElement
const locale = root.lang
const hash = root.dataset.messagesHash
// A navigation cut short (another click, or the browser leaving for a new document while Remix still
// fetches data or route manifests) rejects Remix's own promise with an AbortError that nobody awaits:
// the cancel is intended, so it is not reported as an uncaught error (a known race in React Router's
// single fetch, remix-run/react-router#14203). Every other rejection is still reported.
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason
  if (reason instanceof DOMException && reason.name === 'AbortError') event.preventDefault()
})

const messages = isLocale(locale) && hash ? loadMessages(locale, hash) : Promise.resolve()

void messages.then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  }),
)
