import { createContext, useContext, useState } from 'react'

/**
 * The request id of a server-rendered error page ("quote this code"): provided by entry.server.tsx
 * from the load context; in the browser it is read back from the page the server rendered
 * (`data-request-id`), so hydration shows the same code. An error met later in the browser (a
 * client-side navigation) has no server-rendered code: none is shown then.
 */
export const RequestIdContext = createContext<string | undefined>(undefined)

export function useRequestId(): string | undefined {
  const fromServer = useContext(RequestIdContext)
  const [fromPage] = useState(() =>
    typeof document === 'undefined' ? undefined : (document.querySelector('[data-request-id]')?.textContent ?? undefined),
  )
  return typeof document === 'undefined' ? fromServer : fromPage
}
