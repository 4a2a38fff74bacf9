import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Vite config: the React page plus module workers (one per etcd member). */
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
