// Each Jest worker bundles the back-office components into its own folder, so a
// bundle left by a development server (or another worker) is never served stale.
process.env.ADMIN_JS_TMP_DIR = `.adminjs/test-${process.pid}`;

// The lowest bcrypt cost: a login in a test takes a millisecond, not a quarter second,
// so the lockout and sign-in tests do not depend on how busy the machine is.
import { setBcryptCost } from '../../src/modules/staff/passwords.js';
setBcryptCost(4);
