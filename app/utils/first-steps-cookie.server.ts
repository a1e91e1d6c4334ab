import { createCookie } from '@remix-run/node'
import { isProduction } from '~/utils/env.server'
import { isUuid } from '~/utils/misc'

/**
 * The centres whose first-steps list a manager has hidden in this browser (docs/decisions/074): a
 * cookie, not a column — hiding a reminder grants nothing, so it needs no signature and no schema.
 */
const MAX_CENTRES = 20
const YEAR_SECONDS = 365 * 24 * 60 * 60

const cookie = createCookie('viertel_first_steps_hidden', {
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: isProduction,
  maxAge: YEAR_SECONDS,
})

export async function hiddenFirstSteps(request: Request): Promise<string[]> {
  const value: unknown = await cookie.parse(request.headers.get('Cookie'))
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && isUuid(id)).slice(0, MAX_CENTRES) : []
}

/** The Set-Cookie that hides (or shows again) the first steps of one centre. */
export async function setFirstStepsHidden(request: Request, centreId: string, hidden: boolean): Promise<string> {
  const others = (await hiddenFirstSteps(request)).filter((id) => id !== centreId)
  return cookie.serialize(hidden ? [centreId, ...others].slice(0, MAX_CENTRES) : others)
}
