/**
 * Where a long task's time goes, from a Chromium trace: our script, style, layout, paint and
 * compositing, the rest. The annotate bench uses it to tell the time our code takes from the time
 * the browser then takes to lay out and paint the table our cells went into, and to read the CPU
 * time of our frames (a trace event's thread time, `tdur`, does not grow when the machine's other
 * processes take the CPU away, as wall-clock time does).
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  cat?: string;
  args?: { name?: string };
}

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing'];

export const PHASES = ['script', 'style', 'layout', 'paint', 'other'] as const;
export type Phase = (typeof PHASES)[number];

// Event names as Chromium 13x–15x writes them; an event not named here counts for its parent's phase.
const PHASE_BY_NAME: Readonly<Record<string, Phase>> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  FireAnimationFrame: 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  MinorGC: 'script',
  MajorGC: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  UpdateLayer: 'paint',
};
const PHASE_BY_PREFIX: readonly [string, Phase][] = [
  ['V8.GC', 'script'],
  ['v8.', 'script'],
  ['Document::recalcStyle', 'style'],
  ['Document::updateStyle', 'style'],
  ['Document::rebuildLayoutTree', 'style'],
  ['Blink.Style', 'style'],
  ['CSSParserImpl', 'style'],
  ['LocalFrameView::performLayout', 'layout'],
  ['Blink.Layout', 'layout'],
  ['InlineNode::', 'layout'],
  ['Blink.PrePaint', 'paint'],
  ['Blink.Paint', 'paint'],
  ['Blink.CompositingInputs', 'paint'],
  ['PaintArtifactCompositor', 'paint'],
  ['ProxyMain::', 'paint'],
  ['LocalFrameView::RunPaintLifecyclePhase', 'paint'],
];

function phaseOf(name: string): Phase | undefined {
  return PHASE_BY_NAME[name] ?? PHASE_BY_PREFIX.find(([prefix]) => name.startsWith(prefix))?.[1];
}

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

export interface TaskSplit {
  /** Microseconds (trace clock) the task began. */
  readonly startUs: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Wall-clock and thread (CPU) milliseconds by phase: the self time of the events of each phase. */
  readonly wall: Record<Phase, number>;
  readonly cpu: Record<Phase, number>;
}

export interface TraceReading {
  /** Thread time of the animation-frame callback running at `pageMs` (performance.now()), in ms. */
  frameCpuMs(pageMs: number): number | undefined;
  /** The task running at `pageMs`. */
  taskAt(pageMs: number): TaskSplit | undefined;
}

const zero = (): Record<Phase, number> => ({ script: 0, style: 0, layout: 0, paint: 0, other: 0 });

/**
 * Reads a trace of one page. `clockMark` names a performance.mark() the page made at `clockMarkMs`
 * (its performance.now()): it ties the page's clock to the trace's, and tells the page's main
 * thread from any other.
 */
export function readTrace(events: readonly TraceEvent[], clockMark: string, clockMarkMs: number): TraceReading {
  const mark = events.find((event) => event.name === clockMark);
  if (!mark) throw new Error(`trace: no ${clockMark} mark`);
  const offsetUs = mark.ts - clockMarkMs * 1000;
  const main = events
    .filter((event) => event.pid === mark.pid && event.tid === mark.tid && event.ph === 'X' && typeof event.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  const tasks: TaskSplit[] = [];
  const frames: TraceEvent[] = [];
  // Walk the nesting: each event's self time goes to its own phase, or to its nearest ancestor's.
  const stack: { event: TraceEvent; phase: Phase | undefined; childWall: number; childCpu: number; task: TaskSplit | undefined }[] = [];
  const close = () => {
    const top = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.childWall += top.event.dur!;
      parent.childCpu += top.event.tdur ?? 0;
    }
    const task = top.task;
    if (!task) return;
    const phase = top.phase ?? 'other';
    task.wall[phase] += Math.max(0, top.event.dur! - top.childWall) / 1000;
    task.cpu[phase] += Math.max(0, (top.event.tdur ?? 0) - top.childCpu) / 1000;
  };
  for (const event of main) {
    while (stack.length > 0 && stack[stack.length - 1]!.event.ts + stack[stack.length - 1]!.event.dur! <= event.ts) close();
    const parent = stack[stack.length - 1];
    let task = parent?.task;
    if (!task && TASK_NAMES.has(event.name)) {
      task = { startUs: event.ts, wallMs: event.dur! / 1000, cpuMs: (event.tdur ?? 0) / 1000, wall: zero(), cpu: zero() };
      tasks.push(task);
    }
    if (event.name === 'FireAnimationFrame') frames.push(event);
    stack.push({ event, phase: phaseOf(event.name) ?? parent?.phase, childWall: 0, childCpu: 0, task });
  }
  while (stack.length > 0) close();

  const containing = <T extends { ts?: number; startUs?: number }>(list: readonly T[], at: number, start: (item: T) => number, length: (item: T) => number) =>
    list.find((item) => start(item) <= at && at <= start(item) + length(item));
  return {
    frameCpuMs: (pageMs) => {
      const frame = containing(frames, pageMs * 1000 + offsetUs, (event) => event.ts, (event) => event.dur!);
      return frame ? (frame.tdur ?? 0) / 1000 : undefined;
    },
    taskAt: (pageMs) => containing(tasks, pageMs * 1000 + offsetUs, (task) => task.startUs, (task) => task.wallMs * 1000),
  };
}

/** "184 ms = script 12, style 20, layout 120, paint 30, other 2" (wall or CPU). */
export function describeSplit(task: TaskSplit, clock: 'wall' | 'cpu' = 'wall'): string {
  const parts = clock === 'wall' ? task.wall : task.cpu;
  const total = clock === 'wall' ? task.wallMs : task.cpuMs;
  return `${total.toFixed(0)} ms = ${PHASES.map((phase) => `${phase} ${parts[phase].toFixed(0)}`).join(', ')}`;
}
