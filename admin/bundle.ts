/**
 * The back-office's React components are bundled by AdminJS:
 * - production: ahead of time by `npm run build:admin` (admin/buildBundle.ts)
 *   into .adminjs/bundle.js, served as a file; nothing is bundled at start-up
 *   or at request time;
 * - development: at start-up and again on every change (`admin.watch()`);
 * - tests: on demand, at the first request for the bundle.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type AdminJS from 'adminjs';
import type { Logger } from '../src/config/logger.js';

/** Where AdminJS writes and, in production, serves the bundle (relative to the working directory). */
export const PREBUILT_BUNDLE = path.join('.adminjs', 'bundle.js');

export async function prepareComponentBundle(admin: AdminJS, mode: 'watch' | 'prebuilt' | 'on-demand', logger: Logger): Promise<void> {
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
