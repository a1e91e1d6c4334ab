/**
 * The network map's frame (issue #17 §2): the partner countries of the study (Belgium, France,
 * Germany, the Netherlands, with Luxembourg between them) in an equirectangular projection
 * scaled at 48° north, so shapes keep their proportions there. scripts/map-outlines.ts draws the
 * outlines into public/map/partner-countries.svg with this same function; the page puts the
 * centres' dots on top of it.
 */
export const MAP_FRAME = { west: -5.5, east: 15.5, south: 41.2, north: 55.2 } as const
export const MAP_WIDTH = 600
const SCALE_LATITUDE = 48
const xScale = Math.cos((SCALE_LATITUDE * Math.PI) / 180)
const unit = MAP_WIDTH / ((MAP_FRAME.east - MAP_FRAME.west) * xScale)
export const MAP_HEIGHT = Math.round((MAP_FRAME.north - MAP_FRAME.south) * unit)

/** Where a point falls on the map, in its pixels; null outside the frame. */
export function project(longitude: number, latitude: number): { x: number; y: number } | null {
  if (longitude < MAP_FRAME.west || longitude > MAP_FRAME.east || latitude < MAP_FRAME.south || latitude > MAP_FRAME.north) return null
  return {
    x: Math.round((longitude - MAP_FRAME.west) * xScale * unit * 10) / 10,
    y: Math.round((MAP_FRAME.north - latitude) * unit * 10) / 10,
  }
}
