/**
 * Text on printed documents in the patient's own script: Noto Sans (Latin and
 * Latin Extended) and Noto Sans Devanagari, embedded from npm (@fontsource, no
 * download at run time), so a name written in Marathi or Hindi prints, and the
 * ₹ sign with it. pdfkit draws one font at a time, so a line is cut into runs by
 * script and each run is drawn in the font that has its letters (Devanagari is
 * shaped by fontkit: conjuncts and vowel signs join as they should).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = (name: string) => require.resolve(`@fontsource/${name}`);

const FACES = {
  latin: file('noto-sans/files/noto-sans-latin-400-normal.woff'),
  latinBold: file('noto-sans/files/noto-sans-latin-700-normal.woff'),
  latinExt: file('noto-sans/files/noto-sans-latin-ext-400-normal.woff'),
  latinExtBold: file('noto-sans/files/noto-sans-latin-ext-700-normal.woff'),
  deva: file('noto-sans-devanagari/files/noto-sans-devanagari-devanagari-400-normal.woff'),
  devaBold: file('noto-sans-devanagari/files/noto-sans-devanagari-devanagari-700-normal.woff'),
} as const;

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, path] of Object.entries(FACES)) doc.registerFont(name, path);
  doc.font('latin');
}

type Script = 'latin' | 'latinExt' | 'deva';

/** Devanagari letters (and the ₹ sign, which that face carries) go to Noto Sans Devanagari. */
function scriptOf(char: string): Script {
  const code = char.codePointAt(0) ?? 0;
  if ((code >= 0x0900 && code <= 0x097f) || (code >= 0xa8e0 && code <= 0xa8ff) || code === 0x20b9 || code === 0x200c || code === 0x200d)
    return 'deva';
  // The Latin face's subset: Basic Latin, Latin-1, general punctuation (dashes, quotes, bullets).
  if (code <= 0xff || (code >= 0x2000 && code <= 0x206f)) return 'latin';
  return 'latinExt';
}

export function scriptRuns(text: string): Array<{ script: Script; text: string }> {
  const runs: Array<{ script: Script; text: string }> = [];
  for (const char of text) {
    const script = scriptOf(char);
    const last = runs[runs.length - 1];
    if (last && last.script === script) last.text += char;
    else runs.push({ script, text: char });
  }
  return runs;
}

export interface TextOptions extends PDFKit.Mixins.TextOptions {
  bold?: boolean;
  size?: number;
}

/** Writes `text` (any mix of scripts) at x, y — or where the cursor is — like doc.text. */
export function write(doc: PDFKit.PDFDocument, text: string, x?: number, y?: number, options: TextOptions = {}): void {
  const { bold, size, ...rest } = options;
  if (size) doc.fontSize(size);
  const runs = scriptRuns(text.length > 0 ? text : ' ');
  runs.forEach((run, index) => {
    doc.font(`${run.script}${bold ? 'Bold' : ''}`);
    const continued = index < runs.length - 1;
    if (index === 0 && x !== undefined) doc.text(run.text, x, y, { ...rest, continued });
    else doc.text(run.text, { ...rest, continued });
  });
}

/** The width `text` takes on one line, each run measured in its own font. */
export function widthOf(doc: PDFKit.PDFDocument, text: string, options: TextOptions = {}): number {
  if (options.size) doc.fontSize(options.size);
  return scriptRuns(text).reduce((width, run) => {
    doc.font(`${run.script}${options.bold ? 'Bold' : ''}`);
    return width + doc.widthOfString(run.text);
  }, 0);
}

/** Writes one line of `text` ending at `right` (pdfkit's own right-alignment misplaces runs of several fonts). */
export function writeRight(doc: PDFKit.PDFDocument, text: string, right: number, y: number, options: TextOptions = {}): void {
  const width = widthOf(doc, text, options);
  write(doc, text, right - width, y, { ...options, lineBreak: false });
}

/** The height `text` takes in a box of `width` (the Latin face's metrics; Devanagari lines are as tall). */
export function heightOf(doc: PDFKit.PDFDocument, text: string, width: number, options: TextOptions = {}): number {
  doc.font(options.bold ? 'latinBold' : 'latin');
  if (options.size) doc.fontSize(options.size);
  return doc.heightOfString(text, { width });
}
