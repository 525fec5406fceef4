/** The text of a PDF, page by page joined, extracted with pdf.js (Mozilla's parser). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fetchBytes } from './download.js';

export async function pdfText(pdf: Buffer): Promise<string> {
  // verbosity 0: the standard fonts' glyph data is not needed to read the text.
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}

/** GETs a PDF through a signed-in agent and returns the response with the body as bytes. */
export const fetchPdf = fetchBytes;
