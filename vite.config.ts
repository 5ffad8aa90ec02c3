import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  resolve: {
    alias: { '~': r('./app'), '#db': r('./db'), '#emails': r('./emails') },
  },
  server: { port: Number(process.env.PORT ?? 3000) },
  build: { target: 'es2022' },
  plugins: [tailwindcss(), reactRouter()],
})
