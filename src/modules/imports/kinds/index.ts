import type { ImportKind } from '../kind.js';
import { drugsImport, labTestsImport, servicesImport } from './catalogue.js';
import { patientsImport } from './patients.js';
import { staffImport } from './staff.js';

/** Every import type, by its slug ("patients", "services" …). */
export const importKinds: Record<string, ImportKind<unknown>> = Object.fromEntries(
  [patientsImport, staffImport, servicesImport, drugsImport, labTestsImport].map((kind) => [kind.slug, kind as ImportKind<unknown>]),
);

export const importKindByType = (type: string) => Object.values(importKinds).find((k) => k.type === type);
