import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeReadableStreamToWritable } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { sendResponse } from '../../scripts/send-response.mjs'

/**
 * scripts/send-response.mjs over real sockets, behind compression as in scripts/server.mjs: a
 * client that stops reading stops the reading of the body; a client that goes away cancels it.
 * The same client against the adapter's own writer shows what the test guards against.
 */
const CHUNK = randomBytes(64 * 1024) // random, and longer than deflate's window: zlib cannot shrink it
const CHUNKS = 1024 // 64 MiB in all

function countingBody() {
  const counts = { pulled: 0, cancelled: false }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counts.pulled === CHUNKS) return controller.close()
      counts.pulled++
      controller.enqueue(new Uint8Array(CHUNK))
    },
    cancel() {
      counts.cancelled = true
    },
  })
  return { counts, body }
}

type Writer = (res: express.Response, response: Response) => Promise<void>
const adapterWriter: Writer = async (res, response) => {
  res.status(response.status)
  await writeReadableStreamToWritable(response.body!, res)
}

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function serve(write: Writer, makeResponse: () => Response) {
  const app = express()
  app.use(compression())
  app.get('/', (_req, res, next) => {
    write(res, makeResponse()).catch(() => next())
  })
  const server = app.listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** A client that receives the headers and then reads nothing for `ms`. */
async function stalledClient(url: string, ms: number) {
  const request = http.get(url, { headers: { 'Accept-Encoding': 'gzip' } })
  const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve))
  response.pause()
  await new Promise((resolve) => setTimeout(resolve, ms))
  return { request, response }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('sending a streamed response', () => {
  it('reads no further than the client takes: a stalled client holds the body at what the sockets buffer', async () => {
    const { counts, body } = countingBody()
    const url = await serve(sendResponse, () => new Response(body, { headers: { 'Content-Type': 'text/csv' } }))
    const { request } = await stalledClient(url, 800)
    // loopback socket buffers and zlib's hold some MiB; without back-pressure all 1,024 chunks are read
    expect(counts.pulled).toBeLessThan(CHUNKS / 3)
    request.destroy()
  })

  it('(the adapter’s own writer, for comparison, reads the whole body for the same stalled client)', async () => {
    const { counts, body } = countingBody()
    const url = await serve(adapterWriter, () => new Response(body, { headers: { 'Content-Type': 'text/csv' } }))
    const { request } = await stalledClient(url, 800)
    expect(counts.pulled).toBe(CHUNKS)
    request.destroy()
  })

  it('stops reading and cancels the body when the client goes away', async () => {
    const { counts, body } = countingBody()
    const url = await serve(sendResponse, () => new Response(body, { headers: { 'Content-Type': 'text/csv' } }))
    const { request } = await stalledClient(url, 300)
    request.destroy()
    await settle(300)
    const after = counts.pulled
    expect(counts.cancelled).toBe(true)
    await settle(300)
    expect(counts.pulled).toBe(after)
    expect(after).toBeLessThan(CHUNKS)
  })

  it('sends a whole body to a client that reads, with status and every header (also two cookies)', async () => {
    const { counts, body } = countingBody()
    const headers = new Headers({ 'Content-Type': 'text/csv', 'X-Test': 'yes' })
    headers.append('Set-Cookie', 'a=1; Path=/')
    headers.append('Set-Cookie', 'b=2; Path=/')
    const url = await serve(sendResponse, () => new Response(body, { status: 201, headers }))
    const received = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
      http.get(url, (response) => {
        let bytes = 0
        response.on('data', (chunk: Buffer) => (bytes += chunk.length))
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, bytes }))
        response.on('error', reject)
      })
    })
    expect(received.status).toBe(201)
    expect(received.headers['x-test']).toBe('yes')
    expect(received.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(received.bytes).toBe(CHUNKS * CHUNK.length)
    expect(counts.cancelled).toBe(false)
  })

  it('ends a response without a body', async () => {
    const url = await serve(sendResponse, () => new Response(null, { status: 204 }))
    const status = await new Promise<number>((resolve) => http.get(url, (response) => resolve(response.statusCode!)).end())
    expect(status).toBe(204)
  })
})
