/**
 * Writes public/map/partner-countries.svg: the outlines of the study's partner countries (and
 * Luxembourg between them) for the network map (issue #17 §2), mainland and near islands only,
 * thinned to points at least THIN degrees apart, in the page's projection
 * (app/components/network/map-frame.ts). A static file: the browser caches it, and neither the
 * page's HTML nor its JavaScript carries the outlines. Source: Natural Earth 1:50m (public
 * domain) through the `world-atlas` package (ISC). Run when the frame or the list changes:
 *   npx tsx scripts/map-outlines.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { feature } from 'topojson-client'
import { MAP_HEIGHT, MAP_WIDTH, project } from '../app/components/network/map-frame'

const require = createRequire(import.meta.url)
const COUNTRIES: Record<string, string> = { '276': 'DE', '056': 'BE', '250': 'FR', '528': 'NL', '442': 'LU' }
const THIN = 0.08

type Ring = [number, number][]

type Topo = Parameters<typeof feature>[0]
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topo
const all = feature(topology, topology.objects.countries as Parameters<typeof feature>[1]) as unknown as {
  features: { id?: string | number; geometry: { type: string; coordinates: unknown } | null }[]
}
const out: { code: string; rings: Ring[] }[] = []
let points = 0
for (const f of all.features) {
  const code = COUNTRIES[String(f.id)]
  if (!code || !f.geometry) continue
  const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : []) as number[][][][]
  const rings: Ring[] = []
  for (const polygon of polygons) {
    // a ring outside the map's frame (overseas France) is left out
    const outer = polygon[0] as [number, number][]
    if (!outer.every(([lon, lat]) => project(lon, lat) !== null)) continue
    const ring: Ring = []
    for (const [lon, lat] of outer) {
      const last = ring[ring.length - 1]
      if (last && Math.hypot(lon - last[0], lat - last[1]) < THIN) continue
      ring.push([Math.round(lon * 100) / 100, Math.round(lat * 100) / 100])
    }
    if (ring.length >= 4) rings.push(ring)
  }
  points += rings.reduce((n, r) => n + r.length, 0)
  out.push({ code, rings })
}
out.sort((a, b) => a.code.localeCompare(b.code))
const path = (ring: Ring) =>
  `M${ring
    .map(([lon, lat]) => project(lon, lat)!)
    .map((p) => `${p.x} ${p.y}`)
    .join('L')}Z`
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}">`,
  '<!-- Natural Earth 1:50m (public domain) via world-atlas 2.0.2 (ISC); drawn by scripts/map-outlines.ts -->',
  ...out.map((c) => `<path data-country="${c.code}" d="${c.rings.map(path).join('')}" fill="#f5f5f4" stroke="#a8a29e" stroke-width="1" stroke-linejoin="round"/>`),
  '</svg>',
].join('\n')
mkdirSync('public/map', { recursive: true })
writeFileSync('public/map/partner-countries.svg', `${svg}\n`)
console.log(`public/map/partner-countries.svg: ${out.map((c) => `${c.code} ${c.rings.length} ring(s)`).join(', ')}; ${points} points, ${svg.length} bytes`)
