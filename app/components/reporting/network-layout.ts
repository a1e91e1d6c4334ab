/**
 * The geometry of the network picture ("who helped whom"), apart from React so it can be tested:
 * initiatives on a circle, each name outside its node, arrows along slightly bent chords. The
 * picture's viewBox is the box around everything drawn, so no name is cut at an edge.
 *
 * Up to HORIZONTAL_UP_TO nodes the names are written level (easiest to read); with more, along
 * the radius (as in a chord diagram), so that 60 initiatives still get a slot of their own.
 * Arrowheads have one size in the picture's units (markerUnits="userSpaceOnUse"): the hours are
 * carried by the line's width alone.
 */

export const HORIZONTAL_UP_TO = 16
/** Names longer than this are shortened with "…" (level names have more room than those along the radius). */
export const LABEL_MAX_CHARS = { level: 28, radial: 22 } as const
/** Average advance of a character of the sans-serif face, in ems, rounded up (estimate for the box). */
export const CHAR_WIDTH_EM = 0.62
/** The arrowhead: length and width in the picture's units, for every flow. */
export const ARROW = { length: 9, width: 9 } as const
/** The lines' width in the picture's units: thinnest and thickest (below the arrowhead's width). */
export const STROKE = { min: 1, max: 6 } as const

const PADDING = 6

export interface LaidOutNode {
  x: number
  y: number
  /** The name as drawn (shortened). */
  label: string
  /** Where the name's text starts (its anchor point, on the baseline's middle line). */
  lx: number
  ly: number
  anchor: 'start' | 'middle' | 'end'
  /** Degrees the name is turned about (lx, ly); 0 for level names. */
  rotate: number
}

export interface NetworkLayout {
  viewBox: { x: number; y: number; width: number; height: number }
  nodeRadius: number
  fontSize: number
  /** The shift from the text's middle line to its baseline (the names are centred on (lx, ly)). */
  baselineShift: number
  nodes: LaidOutNode[]
}

export function shortLabel(label: string, max: number) {
  const chars = [...label]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label
}

/** The estimated width of a text in the picture's units. */
export function textWidth(text: string, fontSize: number) {
  return [...text].length * CHAR_WIDTH_EM * fontSize
}

/** The corners of a name's box (text of `fontSize` centred vertically on its anchor point). */
export function labelCorners(node: LaidOutNode, fontSize: number) {
  const w = textWidth(node.label, fontSize)
  const x0 = node.anchor === 'start' ? 0 : node.anchor === 'end' ? -w : -w / 2
  const half = fontSize * 0.6
  const angle = (node.rotate * Math.PI) / 180
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return [
    [x0, -half],
    [x0 + w, -half],
    [x0 + w, half],
    [x0, half],
  ].map(([dx, dy]) => ({ x: node.lx + dx! * cos - dy! * sin, y: node.ly + dx! * sin + dy! * cos }))
}

/** The line's width for a flow of `minutes` when the largest flow has `maxMinutes`. */
export function strokeWidthFor(minutes: number, maxMinutes: number) {
  const share = maxMinutes > 0 ? Math.min(1, Math.max(0, minutes / maxMinutes)) : 0
  return STROKE.min + share * (STROKE.max - STROKE.min)
}

/**
 * The path of an arrow from node a to node b: it leaves a's circle, bends a little to its left
 * (so A→B and B→A stay apart) and ends where the arrowhead starts, so the head's tip touches b's
 * circle and the line's thick end stays under the head.
 */
export function flowPath(a: { x: number; y: number }, b: { x: number; y: number }, nodeRadius: number) {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const length = Math.hypot(dx, dy) || 1
  const ux = dx / length
  const uy = dy / length
  const bendBy = Math.min(18, length * 0.12)
  const start = { x: a.x + ux * (nodeRadius + 2), y: a.y + uy * (nodeRadius + 2) }
  const end = { x: b.x - ux * (nodeRadius + 2 + ARROW.length), y: b.y - uy * (nodeRadius + 2 + ARROW.length) }
  const bend = { x: (start.x + end.x) / 2 + uy * bendBy, y: (start.y + end.y) / 2 - ux * bendBy }
  const f = (v: number) => v.toFixed(1)
  return `M ${f(start.x)} ${f(start.y)} Q ${f(bend.x)} ${f(bend.y)} ${f(end.x)} ${f(end.y)}`
}

/** Places `labels.length` nodes and their names; the viewBox holds all of them. */
export function layoutNetwork(labels: string[]): NetworkLayout {
  const n = labels.length
  const level = n <= HORIZONTAL_UP_TO
  const fontSize = level ? 13 : 11
  const nodeRadius = level ? 11 : 6
  const gap = level ? 8 : 5
  const slot = Math.sin(Math.PI / Math.max(n, 2))
  // Room enough that neighbouring nodes never touch and neighbouring names (along the radius) never meet.
  const radius = Math.max(level ? 170 : 180, (nodeRadius + 3) / slot, level ? 0 : (fontSize * 1.25) / (2 * slot) - nodeRadius - gap)
  const out = radius + nodeRadius + gap

  const nodes = labels.map((raw, i): LaidOutNode => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1)
    const cos = Math.cos(angle)
    const sin = Math.sin(angle)
    const x = radius * cos
    const y = radius * sin
    const label = shortLabel(raw, level ? LABEL_MAX_CHARS.level : LABEL_MAX_CHARS.radial)
    if (!level) {
      // along the radius; on the left half turned half a turn more, so no name reads upside down
      const left = cos < -1e-9
      const degrees = (angle * 180) / Math.PI + (left ? 180 : 0)
      return { x, y, label, lx: out * cos, ly: out * sin, anchor: left ? 'end' : 'start', rotate: Math.round(degrees * 100) / 100 }
    }
    // level: at the sides beside the node, at the top and bottom centred above or below it
    const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end'
    const ly = anchor === 'middle' ? y + sin * (nodeRadius + gap + fontSize * 0.6) : out * sin
    return { x, y, label, lx: anchor === 'middle' ? x : out * cos, ly, anchor, rotate: 0 }
  })

  let minX = -radius
  let maxX = radius
  let minY = -radius
  let maxY = radius
  for (const node of nodes) {
    for (const p of labelCorners(node, fontSize)) {
      minX = Math.min(minX, p.x)
      maxX = Math.max(maxX, p.x)
      minY = Math.min(minY, p.y)
      maxY = Math.max(maxY, p.y)
    }
  }
  const round = (v: number) => Math.round(v * 10) / 10
  const viewBox = {
    x: Math.floor(minX - PADDING - nodeRadius),
    y: Math.floor(minY - PADDING - nodeRadius),
    width: 0,
    height: 0,
  }
  viewBox.width = Math.ceil(maxX + PADDING + nodeRadius) - viewBox.x
  viewBox.height = Math.ceil(maxY + PADDING + nodeRadius) - viewBox.y
  return {
    viewBox,
    nodeRadius,
    fontSize,
    baselineShift: round(fontSize * 0.35),
    nodes: nodes.map((node) => ({ ...node, x: round(node.x), y: round(node.y), lx: round(node.lx), ly: round(node.ly) })),
  }
}
