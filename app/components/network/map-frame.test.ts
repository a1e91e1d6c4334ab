import { describe, expect, it } from 'vitest'
import { MAP_HEIGHT, MAP_WIDTH, project } from './map-frame'
import { spreadDots } from './network-map'

describe('the network map', () => {
  it('puts the partner countries’ towns inside the frame, west left and north up', () => {
    const bremen = project(8.8017, 53.0793)!
    const paris = project(2.3522, 48.8566)!
    const brussels = project(4.3517, 50.8503)!
    for (const p of [bremen, paris, brussels]) {
      expect(p.x).toBeGreaterThan(0)
      expect(p.x).toBeLessThan(MAP_WIDTH)
      expect(p.y).toBeGreaterThan(0)
      expect(p.y).toBeLessThan(MAP_HEIGHT)
    }
    expect(paris.x).toBeLessThan(brussels.x)
    expect(brussels.x).toBeLessThan(bremen.x)
    expect(bremen.y).toBeLessThan(paris.y)
  })
  it('has no place for a point outside the partner countries’ frame', () => {
    expect(project(-0.1276, 51.5072)).not.toBeNull() // London lies inside the frame (it is drawn as sea)
    expect(project(-3.7038, 40.4168)).toBeNull() // Madrid
    expect(project(18.0686, 59.3293)).toBeNull() // Stockholm
  })
  it('sets two dots of one town apart, so both stay visible links', () => {
    const spread = spreadDots([
      { x: 100, y: 100 },
      { x: 101, y: 100 },
      { x: 300, y: 300 },
    ])
    expect(Math.hypot(spread[0]!.x - spread[1]!.x, spread[0]!.y - spread[1]!.y)).toBeGreaterThanOrEqual(20)
    expect(spread[2]).toEqual({ x: 300, y: 300 })
  })
})
