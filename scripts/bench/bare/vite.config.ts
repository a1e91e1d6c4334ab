import { vitePlugin as remix } from '@remix-run/dev'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The bare Remix page the benchmark measures Viertel's pages against (issue #20): one route, one
 * query of 20 rows, the project's own Remix, React and `postgres` versions and the same future
 * flags (lazy route discovery off, ADR 082; VIERTEL_LAZY_DISCOVERY=1 builds it, like the app, with it).
 */
export default defineConfig({
  root: here('.'),
  plugins: [
    remix({
      appDirectory: here('./app'),
      buildDirectory: here('./build'),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: process.env.VIERTEL_LAZY_DISCOVERY === '1',
        v3_routeConfig: true,
      },
    }),
  ],
  build: { target: 'es2022' },
  ssr: { external: ['postgres'] },
})
