/**
 * The chart on screen as a standalone SVG or PNG. recharts draws one <svg> (the plot, axes and
 * labels) and an HTML legend; the page's CSS and theme variables do not travel with an SVG file,
 * so every element's computed presentation is inlined, and the title and legend are drawn into
 * the SVG here. The PNG is that SVG painted on a canvas at twice (or the screen's) pixel ratio.
 */

const svgNs = 'http://www.w3.org/2000/svg';

/** Presentation properties that decide how an SVG element looks (computed, then inlined). */
const inlined = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

export interface ChartImageOptions {
  title: string;
  subtitle?: string;
  /** The page's background and text colours (the theme in use). */
  background: string;
  text: string;
  muted: string;
  fontFamily: string;
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

/** The plot's <svg>: the largest recharts surface (legend icons are small surfaces too). */
function plotSurface(container: HTMLElement): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  for (const svg of container.querySelectorAll<SVGSVGElement>('svg.recharts-surface')) {
    if (svg.closest('.recharts-legend-wrapper')) continue;
    const area = svg.width.baseVal.value * svg.height.baseVal.value;
    if (area > bestArea) {
      best = svg;
      bestArea = area;
    }
  }
  return best;
}

/** Copies each element's computed look onto its clone (both trees have the same shape). */
function inlineStyles(source: Element, target: Element): void {
  const style = getComputedStyle(source);
  const declarations: string[] = [];
  for (const prop of inlined) {
    const value = style.getPropertyValue(prop);
    if (value !== '') declarations.push(`${prop}:${value}`);
  }
  target.setAttribute('style', declarations.join(';'));
  // Classes and data-label/data-value stay (they say what a shape stands for); test ids and
  // event wiring mean nothing in a file.
  target.removeAttribute('data-testid');
  for (const attr of [...target.attributes]) {
    if (attr.name.startsWith('on')) target.removeAttribute(attr.name);
  }
  const sources = source.children;
  const targets = target.children;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    const t = targets[i];
    if (s && t) inlineStyles(s, t);
  }
}

interface LegendEntry {
  label: string;
  color: string;
}

function legendEntries(container: HTMLElement): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const item of container.querySelectorAll<HTMLElement>('.recharts-legend-item')) {
    const icon = item.querySelector('svg path, svg rect, svg line');
    const label = item.querySelector('.recharts-legend-item-text')?.textContent ?? '';
    let color = '#888888';
    if (icon) {
      const s = getComputedStyle(icon);
      color = s.fill !== 'none' && s.fill !== '' ? s.fill : s.stroke;
    }
    entries.push({ label, color });
  }
  return entries;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/gu,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** Text widths for the legend layout, measured with the font the file names. */
function measurer(font: string): (text: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (text) => text.length * 7;
  ctx.font = font;
  return (text) => ctx.measureText(text).width;
}

/**
 * Serialises the chart inside `container` (title, plot with axes and labels, legend) as one
 * standalone SVG document at the size it has on screen. Null when there is no chart in it.
 */
export function chartToSvg(container: HTMLElement, options: ChartImageOptions): ChartSvg | null {
  const surface = plotSurface(container);
  if (!surface) return null;
  const plotWidth = Math.round(surface.width.baseVal.value);
  const plotHeight = Math.round(surface.height.baseVal.value);
  const pad = 16;
  const titleHeight = options.subtitle ? 48 : 32;
  const width = plotWidth + pad * 2;

  const measure = measurer(`12px ${options.fontFamily}`);
  const entries = legendEntries(container);
  const rows: { x: number; entry: LegendEntry }[][] = [];
  let row: { x: number; entry: LegendEntry }[] = [];
  let x = 0;
  for (const entry of entries) {
    const w = 14 + measure(entry.label) + 16;
    if (row.length > 0 && x + w > plotWidth) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push({ x, entry });
    x += w;
  }
  if (row.length > 0) rows.push(row);
  // recharts keeps room for its HTML legend inside the plot's <svg>: draw the legend there,
  // where it is on screen, rather than below an empty band.
  const wrapper = container.querySelector('.recharts-legend-wrapper');
  const legendTop =
    wrapper && wrapper.getBoundingClientRect().height > 0
      ? wrapper.getBoundingClientRect().top - surface.getBoundingClientRect().top
      : plotHeight + 8;
  const legendBottom = rows.length > 0 ? legendTop + rows.length * 20 : plotHeight;
  const height = titleHeight + Math.max(plotHeight, legendBottom) + pad;

  const clone = surface.cloneNode(true) as SVGSVGElement;
  inlineStyles(surface, clone);
  clone.setAttribute('x', String(pad));
  clone.setAttribute('y', String(titleHeight));
  clone.setAttribute('width', String(plotWidth));
  clone.setAttribute('height', String(plotHeight));
  clone.removeAttribute('style');
  clone.setAttribute('overflow', 'visible');

  const font = escapeXml(options.fontFamily);
  const parts: string[] = [
    `<svg xmlns="${svgNs}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${font}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect data-role="background" x="0" y="0" width="${width}" height="${height}" fill="${escapeXml(options.background)}"/>`,
    `<text x="${pad}" y="${pad + 10}" font-size="14" font-weight="600" fill="${escapeXml(options.text)}">${escapeXml(options.title)}</text>`,
  ];
  if (options.subtitle) {
    parts.push(
      `<text x="${pad}" y="${pad + 28}" font-size="11" fill="${escapeXml(options.muted)}">${escapeXml(options.subtitle)}</text>`,
    );
  }
  parts.push(new XMLSerializer().serializeToString(clone));
  rows.forEach((r, i) => {
    const rowWidth = r.reduce((w, c) => Math.max(w, c.x + 14 + measure(c.entry.label)), 0);
    const left = pad + Math.max(0, (plotWidth - rowWidth) / 2);
    const y = titleHeight + legendTop + i * 20;
    for (const { x: cx, entry } of r) {
      parts.push(
        `<g data-role="legend-item"><rect x="${left + cx}" y="${y + 2}" width="10" height="10" rx="2" fill="${escapeXml(entry.color)}"/>` +
          `<text x="${left + cx + 14}" y="${y + 11}" font-size="12" fill="${escapeXml(options.text)}">${escapeXml(entry.label)}</text></g>`,
      );
    }
  });
  parts.push('</svg>');
  return { svg: parts.join(''), width, height };
}

/** The SVG painted on a canvas at `scale` device pixels per CSS pixel (at least 2). */
export async function svgToPng(chart: ChartSvg, scale: number): Promise<Blob> {
  const image = new Image();
  // A data: URL: the app's CSP allows data: images (not blob:), and an SVG loaded as an image
  // cannot run script or fetch anything.
  const utf8 = new TextEncoder().encode(chart.svg);
  let binary = '';
  for (let i = 0; i < utf8.length; i += 0x8000) {
    binary += String.fromCharCode(...utf8.subarray(i, i + 0x8000));
  }
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(chart.width * scale);
  canvas.height = Math.round(chart.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0, chart.width, chart.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}

/** The pixel ratio of PNG exports: the screen's, but never under 2 (sharp on any display). */
export function pngScale(): number {
  return Math.max(2, Math.ceil(window.devicePixelRatio || 1));
}
