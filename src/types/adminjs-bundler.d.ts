// AdminJS's public `adminjs/bundler` export ships no types; what admin/bundle.ts uses of it.
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs';

  export const componentsBundler: {
    createEntry(options: { content: string; dir?: string }): Promise<void>;
    /** Bundles the user components into .adminjs/bundle.js. */
    build(): Promise<void>;
  };
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string;
  export const ADMIN_JS_TMP_DIR: string;
}
