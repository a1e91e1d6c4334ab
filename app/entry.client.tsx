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
