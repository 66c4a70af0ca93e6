// PDF documents (minutes, results protocols, certificates) with an embedded font that has every
// Estonian letter (õ ä ö ü š ž) and Cyrillic: DejaVu Sans from the dejavu-fonts-ttf package.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const PDF_FONT = path.join(FONT_DIR, 'DejaVuSans.ttf');
export const PDF_FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

export interface PdfOptions {
  title: string;
  author?: string;
  lang?: string;
  /** Tests turn compression off to read the document. */
  compress?: boolean;
}

/** A new A4 document with the fonts registered as 'body' and 'bold' ('body' selected). */
export function createPdf(opts: PdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: opts.compress ?? true,
    lang: opts.lang ?? 'et',
    displayTitle: true,
    info: { Title: opts.title, Author: opts.author ?? 'Vallamaja', Creator: 'Vallamaja' },
  });
  doc.registerFont('body', PDF_FONT);
  doc.registerFont('bold', PDF_FONT_BOLD);
  doc.font('body');
  return doc;
}

/** Ends the document and collects it into one buffer. */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
