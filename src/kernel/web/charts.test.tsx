// The SVG charts as pure functions: bars scaled to the largest value with the numbers in Estonian
// format, long labels shortened (the full text stays for the table), the accessible name and the
// table reference; columns over time; the choropleth's classes, per-area titles and legend.
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { BarChart, ChoroplethMap, ColumnChart, MAP_CLASSES, classOf, mapBreaks, truncateLabel } from './charts.js';

const attr = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!);

describe('bar chart', () => {
  const html = render(
    <BarChart
      id="c1"
      title="Kas pargi uus plats? – hääled"
      describedBy="t1"
      bars={[
        { label: 'Jah', value: 12340 },
        { label: 'Ei', value: 6170 },
        { label: 'Väga pikk vastusevariant, mis ei mahu joonise vasakule servale ära', value: 0 },
        { label: 'Varjatud', value: null },
      ]}
    />,
  );

  it('is an image named by its title and described by its table', () => {
    expect(html).toMatch(/^<svg [^>]*role="img"/);
    expect(html).toContain('aria-labelledby="c1-title"');
    expect(html).toContain('aria-describedby="t1"');
    expect(html).toContain('<title id="c1-title">Kas pargi uus plats? – hääled</title>');
    expect(html).not.toContain('<script');
  });

  it('scales the bars to the largest value and writes the numbers in Estonian format', () => {
    const widths = attr(html, /<rect x="160" y="[\d.]+" width="([\d.]+)"/g).map(Number);
    expect(widths).toHaveLength(2); // 0 and null draw no bar
    expect(widths[0]).toBe(200);
    expect(widths[1]).toBe(100);
    expect(attr(html, /data-value="([^"]*)"/g)).toEqual(['12340', '6170', '0', 'none']);
    expect(html).toContain('>12\u00a0340</text>');
    expect(html).toContain('>–</text>');
  });

  it('shortens a long label on the chart and keeps the full one in its data', () => {
    expect(html).toContain('data-label="Väga pikk vastusevariant, mis ei mahu joonise vasakule servale ära"');
    expect(html).toContain('>Väga pikk vastuse…</text>');
    expect(truncateLabel('Lühike', 28)).toBe('Lühike');
    expect([...truncateLabel('ä'.repeat(40), 20)]).toHaveLength(20);
  });

  it('draws no bar when every value is zero', () => {
    const zero = render(<BarChart id="z" title="z" describedBy="tz" bars={[{ label: 'a', value: 0 }]} />);
    expect(zero).not.toContain('<rect');
  });
});

describe('column chart', () => {
  it('draws one column per point, scaled, with the maximum on the axis', () => {
    const html = render(
      <ColumnChart
        id="p"
        title="Hääletanute arv tunni kaupa"
        describedBy="pt"
        columns={[
          { label: '09:00', value: 3 },
          { label: '10:00', value: 12000 },
          { label: '11:00', value: 0 },
        ]}
      />,
    );
    expect(html).toContain('aria-describedby="pt"');
    expect(attr(html, /class="column" data-label="[^"]*" data-value="(\d+)"/g)).toEqual(['3', '12000', '0']);
    const heights = attr(html, /<rect [^>]*height="([\d.]+)"/g).map(Number);
    expect(heights).toHaveLength(2);
    expect(heights[1]).toBe(188);
    expect(heights[0]).toBe(1); // 3 of 12 000 is still seen
    expect(html).toContain('>12\u00a0000</text>');
  });
});

describe('choropleth map', () => {
  const square = (x: number, y: number): [number, number][][][] => [
    [
      [
        [x, y],
        [x + 1000, y],
        [x + 1000, y + 1000],
        [x, y + 1000],
        [x, y],
      ],
    ],
  ];
  const html = render(
    <ChoroplethMap
      id="m"
      title="Osalus kaardil"
      describedBy="tu"
      legendTitle="Osalus (%)"
      noDataText="Andmed puuduvad"
      unit=" %"
      areas={[
        { key: '0387', name: 'Lasnamäe', polygons: square(0, 0), value: 12.5, valueText: '12,5 %' },
        { key: '0298', name: 'Kesklinn', polygons: square(1000, 0), value: 38, valueText: '38 %' },
        { key: '0176', name: 'Haabersti', polygons: square(0, 1000), value: null, valueText: 'Andmed puuduvad' },
      ]}
    />,
  );

  it('gives each area its own title and a fill by its class, north up', () => {
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-describedby="tu"');
    expect(html).toContain('<title>Lasnamäe: 12,5 %</title>');
    expect(html).toContain('<title>Haabersti: Andmed puuduvad</title>');
    const fills = Object.fromEntries([...html.matchAll(/data-key="(\d+)" data-value="[^"]*" d="([^"]+)" fill="([^"]+)"/g)].map((m) => [m[1], { d: m[2]!, fill: m[3]! }]));
    expect(fills['0387']!.fill).toBe(MAP_CLASSES[0]);
    expect(fills['0298']!.fill).toBe(MAP_CLASSES[4]);
    expect(fills['0176']!.fill).toBe('url(#m-nodata)');
    expect(html).toContain('<pattern id="m-nodata"');
    // Haabersti lies north of Lasnamäe: smaller y on the image
    const topY = (d: string) => Math.min(...[...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1])));
    expect(topY(fills['0176']!.d)).toBeLessThan(topY(fills['0387']!.d));
  });

  it('has a legend with the classes in Estonian number format and "no data"', () => {
    expect(html).toContain('>Osalus (%)</text>');
    expect(html).toContain('>10–16 %</text>');
    expect(html).toContain('>34–40 %</text>');
    expect(html).toContain('>Andmed puuduvad</text>');
  });

  it('computes five equal classes between nice bounds', () => {
    expect(mapBreaks([12.5, 38])).toEqual([10, 16, 22, 28, 34, 40]);
    expect(mapBreaks([20, 20])).toEqual([20, 25, 30, 35, 40, 45]);
    expect(mapBreaks([83.3], 5, 100)).toEqual([75, 80, 85, 90, 95, 100]);
    expect(mapBreaks([0, 100], 5, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(classOf(39.9, mapBreaks([12.5, 38]))).toBe(4);
    expect(classOf(10, mapBreaks([12.5, 38]))).toBe(0);
    expect(classOf(16, mapBreaks([12.5, 38]))).toBe(1);
  });
});
