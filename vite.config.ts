import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        // off since ADR 082 (each new page's /__manifest cost more CPU than its document);
        // VIERTEL_LAZY_DISCOVERY=1 builds with it, for the benchmark's comparison
        v3_lazyRouteDiscovery: process.env.VIERTEL_LAZY_DISCOVERY === '1',
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  // Server modules use top-level await (the database is ready before the first request).
  build: { target: 'es2022' },
  // PGlite ships .wasm/.data files next to its JS: it must stay external (STACK.md pitfall 6).
  ssr: { external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'] },
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
})
