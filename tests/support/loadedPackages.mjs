// Preloaded (--import) into a server under test: as it exits, writes the npm packages it
// loaded to LOADED_PACKAGES_FILE, so a test can tell what a start-up pulled in. The resolve
// hook of module.registerHooks sees every import and require alike.
import { writeFileSync } from 'node:fs';
import module from 'node:module';

const packages = new Set();

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url.slice(resolved.url.lastIndexOf('node_modules/')));
    if (match) packages.add(match[1]);
    return resolved;
  },
});

process.on('exit', () => writeFileSync(process.env.LOADED_PACKAGES_FILE, JSON.stringify([...packages].sort())));
