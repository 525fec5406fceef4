/**
 * Builds dist/ from the TypeScript sources: each file transpiled by esbuild
 * (no bundling; the same layout `tsc` gave: dist/src/server.js …), and only
 * when a source changed since the last build — so `npm start` after a restart
 * starts at once. Type-checking is `npm run typecheck` (CI runs it on every
 * change); `isolatedModules` in tsconfig.json keeps per-file transpiling exact.
 *
 *   node scripts/build.mjs            build if stale, print what it did
 *   node scripts/build.mjs --force    build regardless
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the server, the worker, the seed and the command-line scripts are made of. */
const SOURCE_DIRS = ['src', 'admin', 'prisma', 'scripts'];
/** Files whose change changes the output although no source did. */
const SETTINGS = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
const OUT_DIR = path.join(root, 'dist');
const STAMP = path.join(OUT_DIR, '.build-stamp.json');

function sourcesUnder(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'migrations') walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

/** A fingerprint of the inputs: every source's path, size and change time, and the settings'. */
function fingerprintOf(sources) {
  const parts = [...sources, ...SETTINGS.map((f) => path.join(root, f)).filter(existsSync)].map((file) => {
    const stat = statSync(file);
    return `${path.relative(root, file)}:${stat.size}:${stat.mtimeMs}`;
  });
  return { esbuild: esbuildVersion, node: process.versions.node.split('.')[0], files: parts.sort().join('\n') };
}

function stampSays(fingerprint) {
  if (!existsSync(STAMP)) return false;
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return stamp.esbuild === fingerprint.esbuild && stamp.node === fingerprint.node && stamp.files === fingerprint.files;
  } catch {
    return false;
  }
}

async function main() {
  const started = performance.now();
  const sources = SOURCE_DIRS.flatMap((dir) => sourcesUnder(path.join(root, dir)));
  const fingerprint = fingerprintOf(sources);
  if (!process.argv.includes('--force') && stampSays(fingerprint)) {
    console.log(`build: dist/ is up to date (${sources.length} sources, checked in ${Math.round(performance.now() - started)} ms)`);
    return;
  }
  await build({
    entryPoints: sources,
    outdir: OUT_DIR,
    outbase: root,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    jsx: 'transform',
    logLevel: 'warning',
  });
  writeFileSync(STAMP, JSON.stringify(fingerprint));
  console.log(`build: ${sources.length} sources into dist/ in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
