/**
 * The back-office's React components are bundled by AdminJS:
 * - production: ahead of time by `npm run build:admin` (admin/buildBundle.ts)
 *   into .adminjs/bundle.js, served as a file; nothing is bundled at start-up
 *   or at request time;
 * - development (`npm start`): once, and again only when a component, the
 *   component list or the lockfile changed (a stamp beside the bundle) — the
 *   bundler costs ~1.3 s of CPU, most of a restart;
 * - `npm run dev`: at start-up and again on every change (`admin.watch()`);
 * - tests: on demand, at the first request for the bundle.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type AdminJS from 'adminjs';
import type { Logger } from '../src/config/logger.js';
import { projectRoot } from '../src/config/paths.js';

/** Where AdminJS writes and, in production, serves the bundle (relative to the working directory). */
export const PREBUILT_BUNDLE = path.join('.adminjs', 'bundle.js');

const BUNDLE_STAMP = path.join('.adminjs', 'bundle.stamp');

/** What the bundle is made from: the components, the list of them, the packages. */
function bundleInputsHash(): string {
  const hash = createHash('sha256');
  const componentsDir = path.join(projectRoot, 'admin', 'components');
  const files = readdirSync(componentsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(path.relative(componentsDir, file)).update(readFileSync(file));
  for (const file of ['admin/components.ts', 'package-lock.json']) hash.update(readFileSync(path.join(projectRoot, file)));
  return hash.digest('hex');
}

export async function prepareComponentBundle(
  admin: AdminJS,
  mode: 'watch' | 'cached' | 'prebuilt' | 'on-demand',
  logger: Logger,
): Promise<void> {
  if (mode === 'cached') {
    const inputs = bundleInputsHash();
    const stamped = existsSync(BUNDLE_STAMP) ? readFileSync(BUNDLE_STAMP, 'utf8') : '';
    // The development bundle route serves .adminjs/bundle.js as it is on disk.
    if (stamped === inputs && existsSync(PREBUILT_BUNDLE)) return;
    const started = performance.now();
    // What AdminJS's own development route does when it has no bundle, awaited here.
    const { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR } = await import('adminjs/bundler');
    await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR) });
    await componentsBundler.build();
    writeFileSync(BUNDLE_STAMP, inputs);
    logger.info(`back-office components bundled in ${Math.round(performance.now() - started)} ms`);
    return;
  }
  if (mode === 'watch') {
    await admin.watch();
    return;
  }
  if (mode === 'prebuilt') {
    if (existsSync(PREBUILT_BUNDLE)) {
      // AdminJS reads this flag itself; it is not application configuration.
      // eslint-disable-next-line no-restricted-properties
      process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    } else {
      logger.warn(`${PREBUILT_BUNDLE} is missing (run npm run build:admin): bundling the back-office components now`);
    }
    await admin.initialize();
  }
}
