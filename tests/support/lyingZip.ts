/**
 * Builds .xlsx files by hand, byte by byte, so a test can make one lie the way
 * an attacker's would: a zip entry whose headers (local and central) declare a
 * small size while its deflated data inflates to hundreds of megabytes. The
 * big entry is deflated in a stream, so the test itself never holds it.
 */
import { createDeflateRaw, crc32 } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The content, or a generator of chunks for a large one. */
  content: string | (() => Iterable<Buffer>);
  /** The uncompressed size the headers declare (default: the truth). */
  declaredSize?: number;
}

async function deflate(chunks: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  const ended = new Promise<void>((resolve) => deflater.once('end', () => resolve()));
  deflater.end();
  await ended;
  return { data: Buffer.concat(out), crc, size };
}

export async function buildZip(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const chunks = typeof part.content === 'string' ? [Buffer.from(part.content)] : part.content();
    const { data, crc, size } = await deflate(chunks);
    const name = Buffer.from(part.name);
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const WORKBOOK =
  '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Patients" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A one-sheet workbook: header Name, Gender, Phone, Date of birth and one patient (all shared strings). */
export function sheetXml(): string {
  const cell = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
  return `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${cell('A1', 0)}${cell('B1', 1)}${cell('C1', 2)}${cell('D1', 3)}</row><row r="2">${cell('A2', 4)}${cell('B2', 5)}${cell('C2', 6)}${cell('D2', 7)}</row></sheetData></worksheet>`;
}

export function sharedStringsXml(): string {
  const strings = ['Name', 'Gender', 'Phone', 'Date of birth', 'Meera Iyer', 'Female', '9822012345', '12-03-1985'];
  return `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
}

export const workbookParts = { TYPES, WORKBOOK, RELS };

/**
 * A one-sheet workbook whose shared strings inflate to `chunks` × 1.1 MB while
 * both zip headers declare `declaredSize` bytes: only counting while inflating finds it.
 */
export function lyingWorkbook(chunks: number, declaredSize: number): Promise<Buffer> {
  const chunk = Buffer.from('<si><t>x</t></si>'.repeat(64 * 1024));
  return buildZip([
    { name: '[Content_Types].xml', content: TYPES },
    { name: 'xl/workbook.xml', content: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', content: RELS },
    {
      name: 'xl/sharedStrings.xml',
      declaredSize,
      content: function* () {
        yield Buffer.from('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">');
        for (let i = 0; i < chunks; i++) yield chunk;
      },
    },
    { name: 'xl/worksheets/sheet1.xml', content: sheetXml() },
  ]);
}
