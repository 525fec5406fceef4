/** UHID: the hospital's permanent patient number, `PH-` and at least six digits. */
export const UHID_SEQUENCE = 'uhid';

export function formatUhid(value: number): string {
  return `PH-${String(value).padStart(6, '0')}`;
}
