// Preloaded (--import) into a server under test: as it exits, writes the npm packages it
// loaded to LOADED_PACKAGES_FILE, so a test can tell what a start-up pulled in. Every
// import and require is seen through module.registerHooks (Node ≥ 22.15); on an older Node
// only the CommonJS loader's cache is read, which misses packages that are ES modules.
import { writeFileSync } from 'node:fs';
import module from 'node:module';

const packages = new Set();
const note = (url) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('node_modules/')));
  if (match) packages.add(match[1]);
};

module.registerHooks?.({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    note(resolved.url);
    return resolved;
  },
});

process.on('exit', () => {
  for (const file of Object.keys(module.createRequire(import.meta.url).cache)) note(file);
  writeFileSync(process.env.LOADED_PACKAGES_FILE, JSON.stringify([...packages].sort()));
});
