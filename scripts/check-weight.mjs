#!/usr/bin/env node
// The JavaScript a page loads, gzipped, for every route of the built app: the entry, the
// chain of route modules from the root down, and their imports. Fails above the budget.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KIB = 120
const client = path.resolve('build/client')
const manifestFile = readdirSync(path.join(client, 'assets')).find((f) => /^manifest-.*\.js$/.test(f))
if (!manifestFile) {
  console.error('No build found: run `npx remix vite:build` first.')
  process.exit(2)
}
const source = readFileSync(path.join(client, 'assets', manifestFile), 'utf8')
const manifest = JSON.parse(source.slice(source.indexOf('=') + 1).replace(/;\s*$/, ''))
const sizes = new Map()
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(path.join(client, file))).length)
  return sizes.get(file)
}

const rows = []
for (const route of Object.values(manifest.routes)) {
  const files = new Set([manifest.entry.module, ...manifest.entry.imports, manifestFile && `/assets/${manifestFile}`])
  for (let r = route; r; r = r.parentId ? manifest.routes[r.parentId] : null) {
    files.add(r.module)
    for (const i of r.imports ?? []) files.add(i)
  }
  const bytes = [...files].reduce((sum, f) => sum + gz(f), 0)
  rows.push({ route: route.id, kib: bytes / 1024 })
}
rows.sort((a, b) => b.kib - a.kib)
console.log(`JavaScript per page, gzipped (budget ${BUDGET_KIB} KiB):`)
for (const { route, kib } of rows.slice(0, 8)) console.log(`  ${kib.toFixed(1).padStart(6)} KiB  ${route}`)
const over = rows.filter((r) => r.kib > BUDGET_KIB)
if (over.length) {
  console.error(`✖ Over budget: ${over.map((r) => `${r.route} (${r.kib.toFixed(1)} KiB)`).join(', ')}`)
  process.exit(1)
}
console.log(`✓ Every page within ${BUDGET_KIB} KiB (${rows.length} routes).`)

// The message catalogue is data, not code (ADR 007): one JSON per language, loaded once and
// cached, outside the JavaScript budget. Shown here so its growth stays visible.
const locales = path.resolve('app/locales')
const catalogueSizes = readdirSync(locales).map((lng) => {
  const catalogue = {}
  for (const file of readdirSync(path.join(locales, lng)).filter((f) => f.endsWith('.json'))) {
    catalogue[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(locales, lng, file), 'utf8'))
  }
  return `${lng} ${(gzipSync(JSON.stringify(catalogue)).length / 1024).toFixed(1)} KiB`
})
console.log(`Message catalogue per language, gzipped JSON (cached, not in the budget): ${catalogueSizes.join(', ')}`)
