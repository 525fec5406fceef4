/**
 * Cells written into spreadsheets we hand out (import error reports, report
 * exports). Patient names and addresses come from outside: text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
 * is written with a leading apostrophe, so it stays text.
 */
export function safeCell(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || value instanceof Date) return value;
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
