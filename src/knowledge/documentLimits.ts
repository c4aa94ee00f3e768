/** How much a document may cost to read; beyond any of these it is refused and set aside. */
export interface ParseLimits {
  /** Total unpacked size of a DOCX (a zip): a zip bomb of 1 MB can unpack to gigabytes. */
  maxUnzippedBytes: number;
  /** Heap of the thread that parses one document; a bomb that lies about its size dies there, alone. */
  maxMemoryMb: number;
  /** Time to parse one document. */
  timeoutMs: number;
  /** Text one document may yield (a 300-page report is about 1 million characters). */
  maxTextChars: number;
}

export class DocumentRefused extends Error {
  constructor(
    readonly reason: 'too-big-unzipped' | 'out-of-memory' | 'too-slow' | 'too-much-text' | 'unreadable',
    detail = '',
  ) {
    super(`document refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'DocumentRefused';
  }
}

/**
 * The unpacked size a zip declares in its central directory, summed over its entries. Read before any
 * inflating, so a bomb is refused at no cost; a zip that lies about its sizes is caught by the parser's
 * memory limit instead.
 */
export function declaredUnzippedBytes(zip: Buffer): number {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  const from = Math.max(0, zip.length - 65_557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DocumentRefused('unreadable', 'not a zip');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50)
      throw new DocumentRefused('unreadable', 'bad central directory');
    total += zip.readUInt32LE(offset + 24);
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return total;
}
