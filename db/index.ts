export * from './client.server'
export * as schema from './schema'
