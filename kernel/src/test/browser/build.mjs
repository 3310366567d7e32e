// Bundles src/index.js and its CSS into dist/ with index.html beside them (npm run build).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
await build({
  entryPoints: { bundle: 'src/index.js' },
  bundle: true,
  outdir: 'dist',
  format: 'iife',
  target: 'es2020',
  minify: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file', '.gif': 'file' },
});
copyFileSync('index.html', 'dist/index.html');
