import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Translate } from '../../i18n/translator.js';
import type { Quartier } from '../../config.js';
import { telegramStartLink } from '../../domain/startLink.js';

export interface PosterContent {
  quartier: Pick<Quartier, 'id' | 'name' | 'contact'>;
  /** The Telegram bot whose signup the QR code opens; without one, a poster with the other ways to join only. */
  botUsername?: string;
  building?: string;
  /** The building's code (PosterBuildings): what the link carries instead of the address. */
  buildingCode?: string;
}

const MARGIN = 56;

/**
 * An A4 poster for a building's hall, in the reader's language: what the network is, a QR code that opens
 * the signup (quartier, and building when given, already filled in), another way to join, the eco-manager's
 * contact and the heat-wave numbers. PDF bytes, ready to print.
 */
export async function renderPoster(
  content: PosterContent,
  t: Translate,
): Promise<{ pdf: Buffer; link: string | undefined }> {
  const link = content.botUsername
    ? telegramStartLink(content.botUsername, content.quartier.id, content.buildingCode)
    : undefined;
  const qr = link && (await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 10 }));
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: t('poster.title'), Author: 'Relais' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<{ pdf: Buffer; link: string | undefined }>((resolve) =>
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), link })),
  );
  const width = doc.page.width - 2 * MARGIN;

  doc.font('Helvetica-Bold').fontSize(30).text(t('poster.title'), { align: 'center' });
  doc.moveDown(0.3).font('Helvetica').fontSize(18).text(content.quartier.name, { align: 'center' });
  if (content.building) doc.fontSize(14).text(content.building, { align: 'center' });
  doc.moveDown(1).fontSize(14).text(t('poster.what'), { align: 'left', width });
  if (qr && link) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(16).text(t('poster.how'), { align: 'center' });
    const size = 200;
    doc.image(qr, (doc.page.width - size) / 2, doc.y + 10, { width: size, height: size });
    doc.y += size + 20;
    doc.font('Helvetica').fontSize(11).text(link, { align: 'center' });
    doc.moveDown(0.8).fontSize(13).text(t('poster.otherWay'), { align: 'center', width });
  } else {
    // No Telegram bot in this installation: the Slack app and the eco-manager are the ways in.
    doc.moveDown(1).font('Helvetica-Bold').fontSize(16).text(t('poster.howWithoutBot'), { align: 'center' });
    doc.moveDown(0.5).font('Helvetica').fontSize(14).text(t('poster.waysWithoutBot'), { align: 'center', width });
  }
  doc
    .moveDown(1)
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(t('poster.contact', { contact: content.quartier.contact }), {
      align: 'center',
    });
  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(15).text(t('poster.numbersTitle'), { align: 'center' });
  doc.font('Helvetica').fontSize(13).text(t('poster.numbers'), { align: 'center' });
  doc.end();
  return done;
}
