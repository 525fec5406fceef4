// Each Jest worker bundles the back-office components into its own folder, so a
// bundle left by a development server (or another worker) is never served stale.
process.env.ADMIN_JS_TMP_DIR = `.adminjs/test-${process.pid}`;
