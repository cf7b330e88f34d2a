/**
 * A panel of the page as one standalone SVG picture: its charts (each inline `<svg>` copied
 * with its computed styles written inline, so the file looks the same without the page's
 * stylesheet), its canvases (as PNG `<image>`s) and its text (headings, captions, legends:
 * `<text>` lines, wrapped as on the page), each where it sits in the panel, on the panel's
 * background. The same picture, rasterized, is the panel's PNG.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The computed properties copied inline onto every element of a chart. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
];

/** A panel's picture: the SVG text and its size in CSS pixels. */
export interface PanelPicture {
  svg: string;
  width: number;
  height: number;
}

/** The first non-transparent background colour of `element` or its ancestors. */
function backgroundOf(element: Element): string {
  for (let e: Element | null = element; e !== null; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour !== '' && colour !== 'transparent' && colour !== 'rgba(0, 0, 0, 0)') return colour;
  }
  return '#ffffff';
}

/** Copy the computed style of every element of `source` onto the same element of `copy`. */
function inlineStyles(source: Element, copy: Element): void {
  const computed = getComputedStyle(source);
  const style = (copy as SVGElement).style;
  for (const property of STYLE_PROPERTIES) {
    const value = computed.getPropertyValue(property);
    if (value !== '') style.setProperty(property, value);
  }
  const from = source.children;
  const to = copy.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i]!, to[i]!);
}

/** Whether `element` is drawn (not hidden, not of zero size). */
function shown(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== 'hidden';
}

/** Text that is not drawn into the picture: controls, the export menu, the charts' own. */
const NOT_PICTURED =
  'svg, button, select, option, input, textarea, script, style, .export-menu, .occlusion-tools, .clamp-tools, .draw-buttons';

/** One line of a panel's text as laid out on screen. */
interface TextLine {
  text: string;
  x: number;
  baseline: number;
  style: CSSStyleDeclaration;
}

/**
 * The panel's visible text (headings, captions, figure captions, legends), line by line as
 * the browser wrapped it: each word's box is measured, and words on one line box join.
 */
function textLines(panel: HTMLElement): TextLine[] {
  const lines: TextLine[] = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    const content = node.textContent ?? '';
    if (parent === null || content.trim() === '' || parent.closest(NOT_PICTURED) !== null) {
      continue;
    }
    if (!shown(parent) || parent.closest('[hidden]') !== null) continue;
    const style = getComputedStyle(parent);
    const size = parseFloat(style.fontSize) || 14;
    let current: TextLine | undefined;
    let top = NaN;
    for (const match of content.matchAll(/\S+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0) continue;
      if (current === undefined || Math.abs(rect.top - top) > size / 2) {
        top = rect.top;
        // The baseline sits about 0.8 em below the top of the text box.
        current = {
          text: match[0],
          x: rect.left,
          baseline: rect.top + size * 0.8 + (rect.height - size) / 2,
          style,
        };
        lines.push(current);
      } else {
        current.text += ` ${match[0]}`;
      }
    }
  }
  return lines;
}

/** `panel` (a `section.panel`) as one standalone SVG (see the file's comment). */
export function panelPicture(panel: HTMLElement): PanelPicture {
  const box = panel.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const title = panel.querySelector('h2')?.textContent?.trim() ?? panel.id;
  const titleElement = document.createElementNS(SVG_NS, 'title');
  titleElement.textContent = title;
  root.append(titleElement);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.style.setProperty('fill', backgroundOf(panel));
  root.append(background);
  const place = (element: Element): { x: number; y: number; w: number; h: number } => {
    const r = element.getBoundingClientRect();
    return { x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height };
  };
  for (const element of panel.querySelectorAll('canvas, svg')) {
    if (!shown(element) || element.closest('.export-menu') !== null) continue;
    if (element instanceof SVGSVGElement && element.parentElement?.closest('svg') !== null)
      continue;
    const { x, y, w, h } = place(element);
    if (element instanceof HTMLCanvasElement) {
      const image = document.createElementNS(SVG_NS, 'image');
      image.setAttribute('x', String(x));
      image.setAttribute('y', String(y));
      image.setAttribute('width', String(w));
      image.setAttribute('height', String(h));
      image.setAttribute('preserveAspectRatio', 'none');
      image.setAttribute('href', element.toDataURL('image/png'));
      image.style.setProperty('image-rendering', 'pixelated');
      root.append(image);
    } else if (element instanceof SVGSVGElement) {
      const copy = element.cloneNode(true) as SVGSVGElement;
      inlineStyles(element, copy);
      // HTML inside a chart (the diagram's heatmap canvases) would not show in a standalone
      // file and would taint the PNG's canvas: the canvases are drawn in as images instead.
      for (const foreign of copy.querySelectorAll('foreignObject')) foreign.remove();
      copy.removeAttribute('id');
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      copy.setAttribute('width', String(w));
      copy.setAttribute('height', String(h));
      if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${w} ${h}`);
      root.append(copy);
    }
  }
  for (const line of textLines(panel)) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(line.x - box.left));
    text.setAttribute('y', String(line.baseline - box.top));
    text.style.setProperty('fill', line.style.color);
    text.style.setProperty('font-family', line.style.fontFamily);
    text.style.setProperty('font-size', line.style.fontSize);
    text.style.setProperty('font-weight', line.style.fontWeight);
    text.textContent = line.text;
    root.append(text);
  }
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/**
 * A panel picture rasterized to PNG at `scale` device pixels per CSS pixel (2: crisp on
 * a projector or in a document).
 */
export async function pictureToPng(picture: PanelPicture, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([picture.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(picture.width * scale);
    canvas.height = Math.round(picture.height * scale);
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob === null ? reject(new Error('the PNG could not be made')) : resolve(blob)),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
