import { afterAll, beforeAll, expect, test } from 'vitest'
import { startApp, type TestApp } from './app'

/**
 * Pages opened by a secret link (unsubscribe, invitation, e-mail confirmation) show whom the link is
 * for, usually to someone without a session: no cache may keep them (re-probe of issue #13 §5).
 */
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

let app: TestApp
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

for (const path of [`/unsubscribe/${TOKEN}`, `/invite/${TOKEN}`, `/confirm-email/${TOKEN}`]) {
  test(`${path.split('/')[1]} pages are private, no-store without a session`, async () => {
    const response = await app.fetch(path)
    expect(response.status).toBeLessThan(500)
    expect(response.headers.get('cache-control')).toMatch(/no-store/)
    expect(response.headers.get('cache-control')).toMatch(/private/)
  })
}
