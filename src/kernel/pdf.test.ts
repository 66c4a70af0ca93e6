import { describe, expect, it } from 'vitest';
import { createPdf, pdfToBuffer } from './pdf.js';

describe('PDF documents', () => {
  it('embeds a font that carries the Estonian letters and Cyrillic', async () => {
    const doc = createPdf({ title: 'Protokoll', compress: false });
    doc.font('bold').fontSize(18).text('Hääletustulemuste protokoll');
    doc.font('body').fontSize(11).text('Õie Äärmaa, Šokolaadi tänav, Žürii — Протокол');
    const pdf = await pdfToBuffer(doc);
    const s = pdf.toString('latin1');
    expect(s.startsWith('%PDF-')).toBe(true);
    expect(s).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\n/);
    expect(s).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold/);
    // the ToUnicode maps must know Õ ä Š Ž and П (so the text can be searched and copied)
    for (const cp of ['00d5', '00e4', '0160', '017d', '041f']) expect(s.toLowerCase()).toContain(`<${cp}>`);
    expect(s).toContain('(Protokoll)');
  });
});
