import type { Config } from '@react-router/dev/config'

// React Router framework mode: Remix's continuation (ADR 018). Server rendering, routes from app/routes.ts.
export default {
  appDirectory: 'app',
  buildDirectory: 'build',
  ssr: true,
} satisfies Config
