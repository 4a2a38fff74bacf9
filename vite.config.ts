import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content-Security-Policy of the built page. No 'unsafe-eval' and no inline scripts: the
 * only scripts are the bundled modules and the member workers, all from the page's own origin.
 * connect-src 'self' keeps the page from talking to any other origin. style-src needs no
 * 'unsafe-inline': React and d3 set styles through the CSSOM (`element.style`), which CSP does
 * not govern, and the CSS is a bundled file. img-src and font-src allow data: for the empty
 * favicon and inlined assets. frame-ancestors cannot be set from a meta tag, so it is left out.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * A Vite plugin that puts the CSP meta tag first in `<head>` of the built index.html. Build
 * only: the dev server injects inline scripts (React refresh) that this policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'etcdscope-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
    },
  };
}

/** Vite config: the React page plus module workers (one per etcd member). */
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
