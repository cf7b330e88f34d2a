/**
 * The live page: connects to the session, keeps only the newest frame, and
 * draws it once per animation frame (a slow page skips frames, it never queues
 * them). Curve and latent points are kept in bounded series.
 */
import { select } from 'd3';
import type {
  ControlMessage,
  CurvePoint,
  Frame,
  Hello,
  LatentPoint,
  SessionState,
  Topology,
} from '../../src/server/wire.ts';
import { showLesion } from './a11yLesion.ts';
import { announceState, installA11yTools } from './a11yTools.ts';
import { updateAreaActivity, updateLesion } from './areaActivity.ts';
import { BoundedSeries } from './boundedSeries.ts';
import { applyCaptions } from './captions.ts';
import { createClampSliders, type ClampSliders } from './clampSliders.ts';
import { drawClassProbabilities } from './classProbabilities.ts';
import { connect, type ConnectionHandlers } from './connection.ts';
import { isStaticSite, keepForOffline, pageOnlyToken } from './site.ts';
import { connectWorker } from './workerConnection.ts';
import { createUrlSync } from './urlSync.ts';
import { mountRecordingBar } from './timeline.ts';
import { createControlSender } from './controlSender.ts';
import { createToolbar } from './controls.ts';
import { createInputPicker } from './inputPicker.ts';
import { createLessonBar } from './lessonBar.ts';
import { createSettleSpeed } from './settleSpeed.ts';
import { createTrainFromScratch } from './trainFromScratch.ts';
import { drawCurves } from './curves.ts';
import { drawDiagram, type Svg } from './diagram.ts';
import { drawDiagramLegend } from './diagramLegend.ts';
import { layoutDiagram, type DiagramLayout, type Lane, type Model } from './diagramLayout.ts';
import { createDrawPad } from './drawCanvas.ts';
import { FreeEnergyTrace } from './freeEnergyTrace.ts';
import { paintSensoryImages, type SensoryImages } from './images.ts';
import { createExportMenus } from './exportMenu.ts';
import { drawLatentBars } from './latentBars.ts';
import { LatentView } from './latentView.ts';
import { LocalLearningPanel, localModels } from './localLearningPanel.ts';
import { createOcclusionControl } from './occlusionControl.ts';
import { PulseLayer } from './pulses.ts';
import { showBackend, showConnection, showCounters, showLastControl, showMode } from './status.ts';
import { takeControlToken } from './pageToken.ts';
import { setupPresenter } from './presenter.ts';
import { setupShare } from './qrShare.ts';
import { setupViewer } from './viewer.ts';
import { planSweep } from './sweep.ts';

const element = <T extends Element>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`page: #${id} is missing`);
  return found as unknown as T;
};

// The static site (docs/static-site.md) runs the session in this page's worker: the page is its
// only controller, with a token of its own; no server, so no viewers, share link or recording.
const staticSite = isStaticSite();
const token = staticSite
  ? pageOnlyToken()
  : takeControlToken(window.location, window.history, window.sessionStorage);
const controllable = token !== null && token.length > 0;
// The room: presenter mode and themes, a viewer's watch layout, freeze and picture, the link.
setupPresenter();
const viewer = setupViewer(
  controllable,
  () => (frameDirty = curvesDirty = latentDirty = true),
  () => latest?.tick ?? null,
);
if (controllable && !staticSite) setupShare();
element<HTMLElement>('static-note').hidden = !staticSite;
if (staticSite) keepForOffline();

applyCaptions(document);
drawDiagramLegend(element('diagram-legend'));

const controlError = element<HTMLElement>('control-error');
let errorTimer: number | undefined;
const send = createControlSender(
  controllable ? token : null,
  (message) => connection.control(message),
  (control, ack) => {
    if (ack.ok) return;
    controlError.hidden = false;
    controlError.textContent = `The session refused "${control.action}": ${ack.error}`;
    window.clearTimeout(errorTimer);
    errorTimer = window.setTimeout(() => (controlError.hidden = true), 6000);
  },
);

// The static site keeps its moment in the address, and opens a shared link's (urlState.ts).
const urlSync = staticSite
  ? createUrlSync(
      (control) => connection.control({ ...control, token } as ControlMessage),
      (action, error) => {
        controlError.hidden = false;
        controlError.textContent = `The link's "${action}" was refused: ${error}`;
      },
    )
  : undefined;

const toolbar = createToolbar(send);
const lessonBar = createLessonBar(element('lesson-bar'), controllable, send);
const inputPicker = createInputPicker(element('input-picker'), controllable, send);
const settleSpeed = createSettleSpeed(send);
// A new training run starts its curves at step 0: the page forgets the old run's points.
const trainFromScratch = createTrainFromScratch(controllable, send, () => {
  curves.clear();
  latent.clear();
  curvesDirty = latentDirty = true;
});
const motion = installA11yTools(document, (reduced) => pulses?.setReducedMotion(reduced));
const drawPad = createDrawPad(
  element('draw-canvas'),
  element('draw-feed'),
  element('draw-clear'),
  element('draw-auto'),
  send,
);
const occlusion = createOcclusionControl(
  element('input-frame'),
  element('occlusion-overlay'),
  document.querySelectorAll<HTMLButtonElement>('[data-occlude]'),
  send,
);
const images: SensoryImages = {
  input: element('input-image'),
  prediction: element('prediction-image'),
  error: element('error-image'),
  inputNote: element('input-note'),
  errorNote: element('error-note'),
  inputLabel: element('input-label'),
};
const diagram: Svg = select(element<SVGSVGElement>('diagram'));
const freeEnergy = new FreeEnergyTrace(
  select(element<HTMLElement>('free-energy')).append('svg').node()!,
  element('free-energy-caption'),
);
const localPanel = new LocalLearningPanel(
  element('panel-local'),
  element('local-learning-charts'),
  element('local-learning-note'),
  element('local-learning-caption'),
);
const curves = new BoundedSeries<CurvePoint>(600, (p) => p.step);
const latent = new BoundedSeries<LatentPoint>(500, (p) => p.id);
const exportMenus = createExportMenus(document, { curves: () => curves.items });

let topology: Topology | null = null;
let layout: DiagramLayout | null = null;
let pulses: PulseLayer | null = null;
let latentView: LatentView | null = null;
let clampSliders: ClampSliders | null = null;
let state: SessionState | null = null;
let latest: Frame | null = null;
let frameDirty = false;
let curvesDirty = true;
let latentDirty = true;
let framesReceived = 0;
let framesDrawn = 0;

function setEnabled(enabled: boolean): void {
  toolbar.setEnabled(enabled);
  lessonBar.setEnabled(enabled);
  inputPicker.setEnabled(enabled);
  settleSpeed.setEnabled(enabled);
  trainFromScratch.setEnabled(enabled);
  drawPad.setEnabled(enabled);
  occlusion.setEnabled(enabled);
  clampSliders?.setEnabled(enabled);
}

element<HTMLElement>('readonly-note').hidden = true; // viewers get a "watching" chip (viewer.ts)
setEnabled(false);

const recordingBar = staticSite
  ? { hello: () => undefined }
  : mountRecordingBar(element('recording-bar'), controllable ? token : null);

// Connect last: its callbacks use everything above.
const handlers: ConnectionHandlers = {
  hello: onHello,
  frame: onFrame,
  state: onState,
  lastControl: showLastControl,
  lesson: (update) => {
    lessonBar.update(update);
    urlSync?.lesson(update);
  },
  status: (status, detail) => {
    showConnection(status, detail);
    // Controls come back with the next `hello`.
    if (status !== 'connected') setEnabled(false);
  },
};
const connection = staticSite ? connectWorker(handlers, token!) : connect(handlers);

function onHello(hello: Hello): void {
  if (topology !== null && JSON.stringify(topology) !== JSON.stringify(hello.topology)) {
    // The server now runs another model: start over with its picture.
    window.location.reload();
    return;
  }
  if (topology === null) {
    topology = hello.topology;
    nameTopArea(topology.generative.areas.at(-1)?.name);
    layout = layoutDiagram(topology);
    const local = localModels(topology);
    drawDiagram(diagram, layout, { swatches: local.map((m): Model => m.slot) });
    localPanel.setModels(local);
    element<HTMLElement>('panel-diagram').parentElement!.classList.toggle(
      'has-local',
      local.length > 0,
    );
    applyCaptions(document, topology);
    toolbar.setTopology(topology);
    inputPicker.setTopology(topology);
    freeEnergy.setTickTitle(topology.generative.captions.freeEnergy);
    nameHeadings(topology);
    pulses = new PulseLayer(diagram.select<SVGGElement>('g.pulses'));
    pulses.setReducedMotion(motion.reduced);
    latentView = new LatentView(element('latent-view'), topology.classifier.classes);
    clampSliders = createClampSliders(
      element('clamp-sliders'),
      element('clamp-release'),
      element('clamp-random'),
      topology.latentSize,
      send,
    );
    select(element<HTMLElement>('footer')).text(
      `protocol ${hello.protocol} · up to ${hello.frameRate} frames/s · ` +
        `${topology.generative.areas.length} generative areas, ` +
        `${topology.classifier.areas.length} classifier areas`,
    );
  }
  showBackend(hello.backend, hello.version);
  recordingBar.hello(hello);
  // A new hello may come from a restarted server: its history replaces what was kept.
  curves.clear();
  latent.clear();
  freeEnergy.clear();
  curves.add(hello.curve);
  latent.add(hello.latent);
  curvesDirty = latentDirty = true;
  onState(hello.state);
  if (hello.frame !== null) onFrame(hello.frame);
  // A replay's session is fixed: its timeline (timeline.ts) is the only control.
  setEnabled(controllable && hello.replay === undefined);
  urlSync?.hello(hello.topology.latentSize);
}

function onState(next: SessionState): void {
  state = next;
  urlSync?.state(next);
  toolbar.update(next);
  inputPicker.update(next);
  settleSpeed.update(next);
  trainFromScratch.update(next);
  showMode(next.mode);
  occlusion.show(next.occlusion);
  clampSliders?.show(next.clamp);
  updateLesion(diagram, next.feedbackLesioned);
  occlusion.setMode(next.mode);
  clampSliders?.setMode(next.mode);
  drawPad.setState(next);
  showLesion(next.feedbackLesioned, next.mode, topology, diagram.node());
  announceState(next);
  freeEnergy.setState(next);
  frameDirty = true; // the trace's caption depends on the state too
  if (latest !== null && !viewer.frozen) showCounters(latest.tick, next.epoch, latest.iteration);
}

function onFrame(frame: Frame): void {
  framesReceived += 1;
  latest = frame;
  frameDirty = true;
  urlSync?.label(frame.label);
  if (curves.add(frame.curvePoints)) curvesDirty = true;
  if (latent.add(frame.latentPoints)) latentDirty = true;
  freeEnergy.add(frame);
  exportMenus.addFrame(frame);
}

function errorStrength(frame: Frame) {
  return (lane: Lane): number => {
    const from = frame.generative.find((a) => a.name === lane.from);
    return Math.min(1, (from?.errorRms ?? 0) / 0.3);
  };
}

function drawFrame(frame: Frame, now: number): void {
  if (topology === null || layout === null) return;
  updateAreaActivity(diagram, frame);
  paintSensoryImages(
    images,
    frame,
    topology,
    state?.inputSource === 'drawn',
    state?.occlusion ?? null,
  );
  drawClassProbabilities(
    element('class-probabilities'),
    topology.classifier.classes,
    frame.classProbabilities,
    frame.label,
  );
  const top = frame.generative.at(-1)?.state ?? new Float32Array(0);
  drawLatentBars(element('latent-bars'), top, state?.clamp ?? []);
  if (top.length === topology.latentSize) clampSliders?.follow(top);
  freeEnergy.draw();
  localPanel.draw(frame);
  showCounters(frame.tick, state?.epoch ?? 0, frame.iteration);
  showMode(frame.mode);
  pulses?.trigger(
    planSweep(layout.lanes, frame.mode, state?.feedbackLesioned ?? false, errorStrength(frame)),
    now,
  );
  framesDrawn += 1;
  document.body.dataset.tick = String(frame.tick);
  document.body.dataset.framesDrawn = String(framesDrawn);
  document.body.dataset.framesReceived = String(framesReceived);
}

function animate(now: number): void {
  if (viewer.frozen) {
    // This screen shows the moment it froze; the session goes on (unfreeze redraws).
    window.requestAnimationFrame(animate);
    return;
  }
  if (frameDirty && latest !== null) {
    frameDirty = false;
    drawFrame(latest, now);
  }
  if (curvesDirty) {
    curvesDirty = false;
    drawCurves(element('curves'), curves.items, topology?.generative.captions.curve);
  }
  if (latentDirty && latentView !== null) {
    latentDirty = false;
    latentView.draw(latent.items);
  }
  pulses?.animate(now);
  window.requestAnimationFrame(animate);
}
window.requestAnimationFrame(animate);

/** Each model's panel heading, in its kind's words (the page names no kind). */
function nameHeadings(topology: Topology): void {
  const generative = element<HTMLElement>('generative-heading');
  generative.firstChild!.textContent = topology.generative.captions.heading;
  generative.title = topology.generative.captions.headingTitle ?? '';
  const classifier = element<HTMLElement>('classifier-heading');
  classifier.textContent = topology.classifier.captions.heading;
  classifier.title = topology.classifier.captions.headingTitle ?? '';
}

/** Headings that speak of the top area say which one it is (e.g. "(it)"). */
function nameTopArea(name: string | undefined): void {
  for (const span of document.querySelectorAll<HTMLElement>('.top-area-name')) {
    span.textContent = name === undefined ? '' : ` (${name})`;
  }
}
