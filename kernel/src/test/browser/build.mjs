// Bundles src/index.js and its CSS into dist/ with index.html beside them (npm run build).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

// HTMLManager loads ipywidgets 7's models and their CSS only when a kernel asks for protocol 1,
// with webpack's lazy require. esbuild bundles every require up front, and the 7 CSS, coming
// after the 8 CSS, would restyle the 8 widgets (a slider's track sits above its label). The
// Hookbook kernel speaks protocol 2 only, so the ipywidgets 7 packages are left out.
const withoutIpywidgets7 = {
  name: 'without-ipywidgets-7',
  setup(build) {
    build.onResolve({ filter: /^@jupyter-widgets\/(base7|controls7)(\/|$)/ }, (args) => ({ path: args.path, namespace: 'left-out' }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: args.path.endsWith('.css') ? '' : `throw new Error('${args.path} (ipywidgets 7) is not in this page');`,
      loader: args.path.endsWith('.css') ? 'css' : 'js',
    }));
  },
};
await build({
  entryPoints: { bundle: 'src/index.js' },
  bundle: true,
  outdir: 'dist',
  format: 'iife',
  target: 'es2020',
  minify: true,
  logLevel: 'warning',
  plugins: [withoutIpywidgets7],
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file', '.gif': 'file' },
});
copyFileSync('index.html', 'dist/index.html');
