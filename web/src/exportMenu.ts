/**
 * The export menu of each panel: a small "Export" button in the panel's header (a
 * `<details>` menu, reachable by keyboard and named after its panel) that downloads the panel
 * as PNG and SVG, and, where the panel shows them, the training curves (CSV), the free-energy
 * trace (CSV), the latest local-learning steps (CSV), or the activity of the last 10, 30 or
 * 60 seconds (NDJSON, one record a frame). The files are made by src/server/exportFormats.ts,
 * the same formatters the package exports.
 */
import type { CurvePoint, Frame } from '../../src/server/wire.ts';
import {
  activityNdjson,
  curvesCsv,
  framesInWindow,
  freeEnergyCsv,
  localLearningCsv,
} from '../../src/server/exportFormats.ts';
import { FrameRing } from './exportRing.ts';
import { panelPicture, pictureToPng } from './exportSvg.ts';
import './export.css';
import { downloadBlob } from './download.ts';

/** What the menus read their data from. */
export interface ExportSources {
  /** The training-curve points the page holds. */
  curves: () => readonly CurvePoint[];
}

/** The page's export menus: give them every decoded frame. */
export interface ExportMenus {
  addFrame(frame: Frame): void;
}

const text = (content: string, type: string): Blob => new Blob([content], { type });

/** One action of a menu: its label and what it saves. */
interface ExportAction {
  label: string;
  kind: string;
  save: () => Promise<void> | void;
}

/** Add the export menus to every panel of `root` (see the file's comment). */
export function createExportMenus(root: ParentNode, sources: ExportSources): ExportMenus {
  const ring = new FrameRing();
  let windowSeconds = 10;
  const tick = (): string => String(ring.items.at(-1)?.tick ?? 0);
  const fileName = (panel: HTMLElement, what: string, extension: string): string =>
    `neocortex-${panel.id.replace(/^panel-/, '')}${what}-tick${tick()}.${extension}`;

  for (const panel of root.querySelectorAll<HTMLElement>('main section.panel')) {
    const heading = panel.querySelector('h2');
    if (heading === null || panel.id === '') continue;
    const name = heading.textContent?.trim() ?? panel.id;
    const actions: ExportAction[] = [
      {
        label: 'PNG picture',
        kind: 'png',
        save: async () =>
          downloadBlob(await pictureToPng(panelPicture(panel)), fileName(panel, '', 'png')),
      },
      {
        label: 'SVG picture',
        kind: 'svg',
        save: () =>
          downloadBlob(text(panelPicture(panel).svg, 'image/svg+xml'), fileName(panel, '', 'svg')),
      },
    ];
    if (panel.id === 'panel-curves') {
      actions.push({
        label: 'Curves (CSV)',
        kind: 'curves-csv',
        save: () =>
          downloadBlob(text(curvesCsv(sources.curves()), 'text/csv'), fileName(panel, '', 'csv')),
      });
    }
    if (panel.id === 'panel-sensory') {
      actions.push({
        label: 'Free-energy trace (CSV)',
        kind: 'free-energy-csv',
        save: () =>
          downloadBlob(
            text(freeEnergyCsv(ring.items), 'text/csv'),
            fileName(panel, '-free-energy', 'csv'),
          ),
      });
    }
    if (panel.id === 'panel-local') {
      actions.push({
        label: 'Local-learning steps (CSV)',
        kind: 'local-learning-csv',
        save: () => {
          const latest = [...ring.items].reverse().find((f) => f.localLearning.length > 0);
          downloadBlob(
            text(localLearningCsv(latest?.localLearning ?? []), 'text/csv'),
            fileName(panel, '-local-learning', 'csv'),
          );
        },
      });
    }
    if (panel.id === 'panel-diagram') {
      actions.push({
        label: 'Activity (NDJSON)',
        kind: 'activity-ndjson',
        save: () =>
          downloadBlob(
            text(activityNdjson(framesInWindow(ring.items, windowSeconds)), 'application/x-ndjson'),
            fileName(panel, `-activity-${windowSeconds}s`, 'ndjson'),
          ),
      });
    }
    const menu = document.createElement('details');
    menu.className = 'export-menu';
    const summary = document.createElement('summary');
    summary.textContent = 'Export';
    summary.setAttribute('aria-label', `Export the panel “${name}”`);
    summary.title = `Export “${name}”: a picture, or its data`;
    const list = document.createElement('div');
    list.className = 'export-actions';
    list.setAttribute('role', 'group');
    list.setAttribute('aria-label', `Export “${name}” as`);
    const note = document.createElement('p');
    note.className = 'export-note';
    note.setAttribute('role', 'status');
    for (const action of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = action.label;
      button.dataset.export = action.kind;
      button.addEventListener('click', () => {
        note.textContent = '';
        void Promise.resolve()
          .then(action.save)
          .then(
            () => (menu.open = false),
            (error: unknown) => {
              note.textContent = `Export failed: ${(error as Error).message ?? String(error)}`;
            },
          );
      });
      list.append(button);
    }
    if (panel.id === 'panel-diagram') {
      const label = document.createElement('label');
      label.textContent = 'Activity of the last ';
      const select = document.createElement('select');
      select.dataset.exportWindow = '';
      for (const seconds of [10, 30, 60]) {
        const option = document.createElement('option');
        option.value = String(seconds);
        option.textContent = `${seconds} s`;
        select.append(option);
      }
      select.addEventListener('change', () => (windowSeconds = Number(select.value)));
      label.append(select);
      list.append(label);
    }
    list.append(note);
    menu.append(summary, list);
    // Escape closes the menu and gives the focus back to its button.
    menu.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !menu.open) return;
      menu.open = false;
      summary.focus();
    });
    heading.after(menu);
  }
  // A click elsewhere closes any open menu.
  document.addEventListener('click', (event) => {
    for (const open of document.querySelectorAll<HTMLDetailsElement>('.export-menu[open]')) {
      if (!open.contains(event.target as Node)) open.open = false;
    }
  });
  return { addFrame: (frame) => ring.add(frame) };
}
