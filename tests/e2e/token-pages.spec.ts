import { expect, test } from './fixtures'

/**
 * Pages opened by a secret link (unsubscribe, invitation, e-mail confirmation) show whom the link is
 * for, usually to someone without a session: no cache may keep them (re-probe of issue #13 §5).
 */
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

for (const path of [`/unsubscribe/${TOKEN}`, `/invite/${TOKEN}`, `/confirm-email/${TOKEN}`]) {
  test(`${path.split('/')[1]} pages are private, no-store without a session`, async ({ request }) => {
    const response = await request.get(path, { maxRedirects: 0 })
    expect(response.status()).toBeLessThan(500)
    expect(response.headers()['cache-control']).toMatch(/no-store/)
    expect(response.headers()['cache-control']).toMatch(/private/)
  })
}
