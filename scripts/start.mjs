// `npm start`: build first if there is no build, then run the production server in this process
// (so the PID you hold is the server's, and SIGTERM reaches it directly).
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

if (!existsSync('build/server.js') || !existsSync('build/server/index.js')) {
  process.stdout.write('No build found: building once (about 15 s)…\n')
  execSync('npm run build', { stdio: 'inherit' })
}
process.env.NODE_ENV ??= 'production'
await import(new URL('../build/server.js', import.meta.url).href)
