/**
 * `npm run build:admin`: bundles the back-office's React components ahead of
 * time into .adminjs/bundle.js, for production (see admin/bundle.ts).
 */

// AdminJS decides how to bundle when it is first imported: set the mode before
// importing it (hence the dynamic imports below).
// eslint-disable-next-line no-restricted-properties
process.env.NODE_ENV = 'production';
// eslint-disable-next-line no-restricted-properties
process.env.ADMIN_JS_SKIP_BUNDLE = 'false';

const { default: AdminJS, ComponentLoader } = await import('adminjs');
const { registerComponents } = await import('./components.js');
const { PREBUILT_BUNDLE } = await import('./bundle.js');

const loader = new ComponentLoader();
registerComponents(loader);
const started = Date.now();
await new AdminJS({ componentLoader: loader }).initialize();
console.log(`Back-office components bundled into ${PREBUILT_BUNDLE} in ${Date.now() - started} ms`);
