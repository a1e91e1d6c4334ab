import { writeFileSync } from 'node:fs'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { RequestLocaleContext } from '~/utils/request-locale'
import { NetworkPicture, type NetFlow, type NetNode } from './charts'
import { ARROW, flowPath, HORIZONTAL_UP_TO, labelCorners, layoutNetwork, STROKE, strokeWidthFor, textWidth } from './network-layout'

/** Names as long as real ones get ("… e.V.", "… eG"), some longer than the picture writes them. */
const NAMES = [
  'Wohnprojekt Mehrgenerationenhaus Am Deich e.V.',
  'Radwerk Kollektiv',
  'WWWW Medienwerkstatt',
  'Solarbau Verden eG',
  'Sprachcafé International',
  'Büro-Kooperative',
  'Tischlerei Kollektiv Holz & Form',
  'Saatgut-Archiv Aller',
]
const labels = (n: number) => Array.from({ length: n }, (_, i) => `${NAMES[i % NAMES.length]} ${i + 1}`)

type Point = { x: number; y: number }

/** Do two convex polygons overlap (separating axis test)? Touching is not overlapping. */
function overlap(a: Point[], b: Point[]) {
  for (const polygon of [a, b]) {
    for (let i = 0; i < polygon.length; i++) {
      const p = polygon[i]!
      const q = polygon[(i + 1) % polygon.length]!
      const axis = { x: q.y - p.y, y: p.x - q.x }
      const project = (poly: Point[]) => poly.map((v) => v.x * axis.x + v.y * axis.y)
      const [pa, pb] = [project(a), project(b)]
      if (Math.max(...pa) <= Math.min(...pb) + 1e-6 || Math.max(...pb) <= Math.min(...pa) + 1e-6) return false
    }
  }
  return true
}

const square = (p: Point, r: number): Point[] => [
  { x: p.x - r, y: p.y - r },
  { x: p.x + r, y: p.y - r },
  { x: p.x + r, y: p.y + r },
  { x: p.x - r, y: p.y + r },
]

describe('layoutNetwork', () => {
  it.each([1, 2, 3, 5, 8, 13, 16, 17, 30, 60, 100])('keeps every name and node of %i initiatives inside the viewBox', (n) => {
    const layout = layoutNetwork(labels(n))
    const { x, y, width, height } = layout.viewBox
    const inside = (p: Point) => p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height
    for (const node of layout.nodes) {
      for (const corner of labelCorners(node, layout.fontSize)) expect(inside(corner), `${node.label} at ${corner.x},${corner.y}`).toBe(true)
      for (const corner of square(node, layout.nodeRadius + 1)) expect(inside(corner)).toBe(true)
    }
  })

  it.each([5, 13, 16, 17, 60, 100])('lets no two nodes or names of %i initiatives overlap', (n) => {
    const layout = layoutNetwork(labels(n))
    const { nodes, nodeRadius, fontSize } = layout
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i]!
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j]!
        expect(Math.hypot(a.x - b.x, a.y - b.y), `nodes ${i} and ${j}`).toBeGreaterThan(2 * nodeRadius + 2)
        expect(overlap(labelCorners(a, fontSize), labelCorners(b, fontSize)), `names ${i} and ${j}`).toBe(false)
        expect(overlap(labelCorners(a, fontSize), square(b, nodeRadius)), `name ${i} over node ${j}`).toBe(false)
      }
    }
  })

  it('writes names level for a few initiatives and along the radius for many, never upside down', () => {
    expect(layoutNetwork(labels(HORIZONTAL_UP_TO)).nodes.every((node) => node.rotate === 0)).toBe(true)
    const many = layoutNetwork(labels(60))
    expect(many.nodes.some((node) => node.rotate !== 0)).toBe(true)
    for (const node of many.nodes) expect(Math.cos((node.rotate * Math.PI) / 180)).toBeGreaterThanOrEqual(-1e-9)
    expect(many.fontSize).toBeGreaterThanOrEqual(11)
  })

  it('shortens long names: to 28 characters when level, to 22 along the radius', () => {
    const long = 'Wohnprojekt Mehrgenerationenhaus Am Deich e.V.'
    expect(layoutNetwork([long]).nodes[0]!.label).toBe('Wohnprojekt Mehrgeneratione…')
    expect(layoutNetwork(Array.from({ length: 20 }, () => long)).nodes[0]!.label).toBe('Wohnprojekt Mehrgener…')
    expect(layoutNetwork(['Sprachcafé International']).nodes[0]!.label).toBe('Sprachcafé International')
    expect(textWidth('Wohnprojekt Mehrgener…', 10)).toBeCloseTo(22 * 6.2)
  })
})

describe('arrows', () => {
  it('give the hours to the line’s width, between the thinnest and the thickest', () => {
    expect(strokeWidthFor(0, 600)).toBe(STROKE.min)
    expect(strokeWidthFor(600, 600)).toBe(STROKE.max)
    expect(strokeWidthFor(300, 600)).toBeCloseTo((STROKE.min + STROKE.max) / 2)
    expect(STROKE.max).toBeLessThan(ARROW.width)
  })

  it('end where the head begins, so the head’s tip touches the receiving node', () => {
    const d = flowPath({ x: 0, y: 0 }, { x: 200, y: 0 }, 11)
    const end = d.split(' ').slice(-2).map(Number)
    expect(end).toEqual([200 - 11 - 2 - ARROW.length, 0])
  })
})

/** The picture as the server sends it (without the root's data: its texts are keys). */
function render(nodes: NetNode[], flows: NetFlow[]) {
  const routes = [{ id: 'root', path: '/', element: createElement(NetworkPicture, { nodes, flows }) }]
  return createStaticHandler(routes)
    .query(new Request('http://localhost/'))
    .then((context) => {
      if (context instanceof Response) throw new Error('unexpected response')
      const router = createStaticRouter(routes, context)
      return renderToStaticMarkup(
        createElement(RequestLocaleContext.Provider, { value: 'de' }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
      )
    })
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

function network(n: number) {
  const nodes: NetNode[] = labels(n).map((label, i) => ({ id: i === n - 1 ? null : `i${i}`, label, given: 0, received: 0 }))
  const flows: NetFlow[] = []
  for (let i = 0; i < n; i++) {
    for (const step of [1, 7, Math.floor(n / 2)]) {
      const j = (i + step) % n
      if (j === i || flows.some((f) => f.providerId === nodes[i]!.id && f.receiverId === nodes[j]!.id)) continue
      flows.push({ providerId: nodes[i]!.id, receiverId: nodes[j]!.id, minutes: 30 + ((i * 37 + step * 11) % 40) * 30, cents: 0, count: 1 })
    }
  }
  flows.push({ providerId: 'i0', receiverId: 'i1', minutes: 100_000, cents: 0, count: 1 })
  return { nodes, flows: flows.filter((f, k) => flows.findIndex((g) => g.providerId === f.providerId && g.receiverId === f.receiverId) === k) }
}

describe('NetworkPicture', () => {
  it.each([4, 13, 60])('draws %i initiatives with every name inside the picture and one arrowhead size', async (n) => {
    const { nodes, flows } = network(n)
    const html = await render(nodes, flows)
    if (process.env.NETWORK_PICTURE_OUT) writeFileSync(`${process.env.NETWORK_PICTURE_OUT}-${n}.html`, `<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif;margin:0">${html}`)

    const [vx, vy, vw, vh] = attr(/<svg[^>]*>/.exec(html)![0], 'viewBox')!.split(' ').map(Number) as [number, number, number, number]
    const texts = [...html.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)]
    expect(texts).toHaveLength(n)
    const fontSize = Number(attr(texts[0]![1]!, 'font-size'))
    for (const [, tag, text] of texts) {
      const x = Number(attr(tag!, 'x'))
      const y = Number(attr(tag!, 'y'))
      const rotate = /rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)/.exec(attr(tag!, 'transform') ?? '')
      const anchor = attr(tag!, 'text-anchor') as 'start' | 'middle' | 'end'
      const node = rotate
        ? { x: 0, y: 0, label: text!, lx: Number(rotate[2]), ly: Number(rotate[3]), anchor, rotate: Number(rotate[1]) }
        : { x: 0, y: 0, label: text!, lx: x, ly: y - fontSize * 0.35, anchor, rotate: 0 }
      for (const c of labelCorners(node, fontSize)) {
        expect(c.x >= vx && c.x <= vx + vw && c.y >= vy && c.y <= vy + vh, `“${text}” at ${c.x.toFixed(0)},${c.y.toFixed(0)} in ${vx} ${vy} ${vw} ${vh}`).toBe(true)
      }
    }

    // one arrowhead in the picture's units, whatever a flow's hours: the width carries them
    const markers = [...html.matchAll(/<marker[^>]*>/g)].map((m) => m[0])
    expect(markers).toHaveLength(1)
    expect(attr(markers[0]!, 'markerUnits')).toBe('userSpaceOnUse')
    expect([attr(markers[0]!, 'markerWidth'), attr(markers[0]!, 'markerHeight')]).toEqual([String(ARROW.length), String(ARROW.width)])
    const widths = [...html.matchAll(/<path d="M[^"]*"[^>]*stroke-width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths.length).toBeGreaterThan(n)
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(STROKE.min)
    expect(Math.max(...widths)).toBe(STROKE.max)
  })
})
