import { register } from 'tsx/esm/api';

register();
const { default: teardownDatabases } = await import('./teardownDatabases.ts');
export default teardownDatabases;
