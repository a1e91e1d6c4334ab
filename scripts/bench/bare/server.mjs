// The bare page's server (issue #20): Express with Remix's request handler and the built assets,
// nothing else. PORT and DATABASE_URL from the environment.
import { createRequestHandler } from '@remix-run/express'
import express from 'express'

const build = await import(new URL('./build/server/index.js', import.meta.url).href)
const app = express()
app.disable('x-powered-by')
app.use('/assets', express.static(new URL('./build/client/assets', import.meta.url).pathname, { immutable: true, maxAge: '1y' }))
app.all('*', createRequestHandler({ build }))
const port = Number(process.env.PORT ?? 3391)
app.listen(port, '127.0.0.1', () => console.log(`bare Remix page on http://127.0.0.1:${port}`))
