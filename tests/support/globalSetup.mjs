// Jest loads global setup outside its module system, so TypeScript imports
// ending in .js are not mapped to .ts there. tsx's loader does that mapping.
import { register } from 'tsx/esm/api';

register();
const { default: setupDatabases } = await import('./setupDatabases.ts');
export default setupDatabases;
