// How a Remix `Response` is written to Node's `res`, with back-pressure. The express adapter's own
// writer (@remix-run/node's writeReadableStreamToWritable) reads the body as fast as it can and
// ignores what `res.write` returns, so a large streamed body (a CSV export) piles up in memory
// when the client reads slower than the database answers, and is read to the end even after
// the client has gone. Here the next chunk is read only when the socket (or compression's zlib
// stream in front of it) has taken the last one, and reading stops when the response closes.
// See docs/decisions/056-streamed-exports.md.

/**
 * @param {import('express').Response} res
 * @param {Response} response
 */
export async function sendResponse(res, response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }

  // One listener each for the whole response: compression routes `res.on('drain')` to its zlib
  // stream but not `removeListener`, so per-chunk `once` listeners would pile up there.
  let wake = null
  let closed = false
  const resume = () => {
    wake?.()
    wake = null
  }
  res.on('drain', resume)
  res.on('close', () => {
    closed = true
    resume()
  })

  const reader = response.body.getReader()
  try {
    for (;;) {
      if (closed || res.destroyed) {
        await reader.cancel()
        return
      }
      const { done, value } = await reader.read()
      if (done) {
        res.end()
        return
      }
      const taken = res.write(value)
      res.flush?.() // compression: let this chunk out now, not when zlib's buffer fills
      if (!taken && !closed) await new Promise((resolve) => (wake = resolve))
    }
  } catch (error) {
    res.destroy(error)
    throw error
  }
}
