import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

// jsqr is CommonJS with a default export in its types: what the import gives at run time is the function.
const jsQR = jsQRModule as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/** What a person sees on a PDF's first page: its text, and the QR code read off the page rendered as pixels. */
export async function readPoster(pdf: Uint8Array): Promise<{ text: string; qr?: string }> {
  const parser = new PDFParse({ data: Buffer.from(pdf) });
  try {
    const { text } = await parser.getText();
    const shot = await parser.getScreenshot({ scale: 1.5, imageBuffer: true, first: 1 });
    const png = PNG.sync.read(Buffer.from(shot.pages[0]!.data));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    return { text, qr };
  } finally {
    await parser.destroy();
  }
}
