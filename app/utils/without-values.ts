/** Properties of database errors that carry the values of a statement (a person's data, a photo's bytes). */
const VALUE_PROPERTIES = new Set(['params', 'parameters', 'detail'])

/**
 * An error as it may be logged: a failed statement's SQL stays, its values do not. drizzle's
 * DrizzleQueryError puts them in its message ("params: …") and in `params`; PostgreSQL's error
 * names a refused row in `detail` ("Failing row contains (…)"). Those would put e-mail addresses,
 * texts and whole photos (23 KB lines) into the log. The same for every error in the `cause` chain.
 */
export function withoutValues(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error
  const cut = (text: string) => text.replace(/\nparams: [\s\S]*$/, '\nparams: (not logged)')
  const message = cut(error.message)
  const copy = new Error(message)
  copy.name = error.name
  if (error.stack) {
    // V8's stack is "<name>: <message>" and then the frames: the frames are what follows the message
    const at = error.stack.indexOf(error.message)
    const frames = at >= 0 ? error.stack.slice(at + error.message.length) : ''
    copy.stack = `${error.name}: ${message}${/^(\n {4}at [^\n]*)*$/.test(frames) ? frames : ''}`
  }
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'message' || key === 'stack') continue
    ;(copy as unknown as Record<string, unknown>)[key] = VALUE_PROPERTIES.has(key) ? '(not logged)' : value
  }
  if (error.cause !== undefined) copy.cause = withoutValues(error.cause, depth + 1)
  return copy
}
