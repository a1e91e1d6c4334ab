export * from './users'
export * from './centres'
export * from './platform'
export * from './listings'
