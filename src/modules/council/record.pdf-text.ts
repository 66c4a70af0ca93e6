// Test helper: the text of a PDF made by the kernel's createPdf (pdfkit with embedded DejaVu fonts),
// one string per text line, decoded through each font's ToUnicode map; Flate-compressed streams are
// inflated first. Enough to check what a document says; not a general PDF reader.
import { inflateSync } from 'node:zlib';

/** The PDF's text with every FlateDecode stream inflated in place. */
function inflated(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  return raw.replace(/(<<(?:(?!>>\s*stream)[\s\S])*?\/Filter \/FlateDecode[\s\S]*?>>\s*stream\r?\n)([\s\S]*?)(\r?\nendstream)/g, (_, head: string, body: string, tail: string) => {
    try {
      return `${head}${inflateSync(Buffer.from(body, 'latin1')).toString('latin1')}${tail}`;
    } catch {
      return `${head}${body}${tail}`;
    }
  });
}

export function pdfLines(pdf: Buffer): string[] {
  const s = inflated(pdf);
  const objects = new Map<string, string>();
  for (const m of s.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const hex = (h: string) => parseInt(h, 16);
  const cmapOf = (body: string): Map<number, string> => {
    const map = new Map<number, string>();
    for (const r of body.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const from = hex(r[1]!);
      [...r[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(from + i, String.fromCodePoint(...u[1]!.match(/.{4}/g)!.map(hex))));
    }
    for (const r of body.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4})>\s*<([0-9a-f]{4,})>(?!\s*\])/gi)) {
      for (let c = hex(r[1]!), u = hex(r[3]!); c <= hex(r[2]!); c++, u++) if (!map.has(c)) map.set(c, String.fromCodePoint(u));
    }
    return map;
  };
  const fonts = new Map<string, Map<number, string>>();
  for (const [, body] of objects) {
    for (const f of body.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(f[2]!);
      const tu = font && /\/ToUnicode (\d+) 0 R/.exec(font);
      if (tu && !fonts.has(f[1]!)) fonts.set(f[1]!, cmapOf(objects.get(tu[1]!) ?? ''));
    }
  }
  const lines: string[] = [];
  for (const bt of s.matchAll(/\nBT\n([\s\S]*?)\nET/g)) {
    let font = new Map<number, string>();
    let line = '';
    for (const op of bt[1]!.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[\s\d.-])*)\] TJ/gi)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      else for (const h of op[2]!.matchAll(/<([0-9a-f]*)>/gi)) for (const g of h[1]!.match(/.{4}/g) ?? []) line += font.get(hex(g)) ?? '?';
    }
    lines.push(line);
  }
  return lines;
}
