import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

// jsqr is CommonJS with a default export in its types: what the import gives at run time is the function.
const jsQR = jsQRModule as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

// The tests read PDFs with the product's own pdf.js (unpdf): two pdf.js versions in one test process (files
// share a worker's modules) answer each other's calls and refuse ("The API version … does not match").

// pdf.js 6 renders pages with ArrayBuffer.prototype.transferToFixedLength (Node 21+); on Node 20, a copy does
// what the test needs (reading text needs nothing of it: the product only reads text).
const buffers = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
buffers.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength) {
  const copy = new ArrayBuffer(length);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
  return copy;
};

/** A PDF's text, pages joined. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text;
}

/** What a person sees on a PDF's first page: its text, and the QR code read off the page rendered as pixels. */
export async function readPoster(pdf: Uint8Array): Promise<{ text: string; qr?: string }> {
  const text = await pdfText(pdf);
  const shot = await renderPageAsImage(new Uint8Array(pdf), 1, {
    scale: 1.5,
    canvasImport: () => import('@napi-rs/canvas'),
  });
  const png = PNG.sync.read(Buffer.from(shot));
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  return { text, qr };
}
