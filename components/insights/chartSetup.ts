/**
 * Chart.js with only the parts the Insights tab draws (bar charts on category and linear scales,
 * legend and tooltip), so the workbench's Insights chunk carries no other controller. Colours are
 * the Okabe–Ito palette (told apart with the common colour-vision deficiencies), and each series
 * also has its own fill pattern and border style, so the charts read in greyscale print too.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';
import type { InsightChart } from '../../lib/insights';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Okabe & Ito (2008), "Color Universal Design": black left out, it is the pattern ink. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;

type PatternKind = 'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical' | 'zigzag';
const PATTERNS: readonly PatternKind[] = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'zigzag'];
const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 2, 2, 2], [], [4, 4], [1, 3]];

// A pattern is not tied to the canvas it is drawn on: the seven charts share one per series index.
const fills = new WeakMap<Document, Map<number, string | CanvasPattern>>();

/** A fill for series `index`: its colour with a pattern inked over it (a plain colour without a canvas). */
export function seriesFill(index: number, doc: Document = document): string | CanvasPattern {
  let known = fills.get(doc);
  if (!known) fills.set(doc, (known = new Map()));
  let fill = known.get(index);
  if (fill === undefined) known.set(index, (fill = drawFill(index, doc)));
  return fill;
}

function drawFill(index: number, doc: Document): string | CanvasPattern {
  const colour = OKABE_ITO[index % OKABE_ITO.length]!;
  const kind = PATTERNS[index % PATTERNS.length]!;
  if (kind === 'solid') return colour;
  const tile = doc.createElement('canvas');
  tile.width = tile.height = 10;
  const ctx = tile.getContext('2d');
  if (!ctx) return colour;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 10, 10);
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (kind === 'diagonal') {
    ctx.moveTo(0, 10); ctx.lineTo(10, 0);
    ctx.moveTo(-2, 2); ctx.lineTo(2, -2);
    ctx.moveTo(8, 12); ctx.lineTo(12, 8);
  } else if (kind === 'cross') {
    ctx.moveTo(0, 0); ctx.lineTo(10, 10);
    ctx.moveTo(0, 10); ctx.lineTo(10, 0);
  } else if (kind === 'horizontal') {
    ctx.moveTo(0, 5); ctx.lineTo(10, 5);
  } else if (kind === 'vertical') {
    ctx.moveTo(5, 0); ctx.lineTo(5, 10);
  } else if (kind === 'zigzag') {
    ctx.moveTo(0, 7); ctx.lineTo(5, 3); ctx.lineTo(10, 7);
  }
  ctx.stroke();
  if (kind === 'dots') {
    ctx.beginPath();
    ctx.arc(5, 5, 1.8, 0, Math.PI * 2);
    ctx.fill();
  }
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

/** Chart.js's documented way to give a saved PNG a white background instead of a transparent one. */
const whiteBackground: Plugin<'bar'> = {
  id: 'occWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

const LABEL_CHARACTERS = 34;

/** The Chart.js configuration for one chart's figures. `onDrawn` runs after each draw. */
export function chartConfig(chart: InsightChart, onDrawn?: () => void): ChartConfiguration<'bar'> {
  const horizontal = !chart.vertical;
  const valueAxis = horizontal ? 'x' : 'y';
  const categoryAxis = horizontal ? 'y' : 'x';
  const line = chart.lineBefore;
  const plugins: Plugin<'bar'>[] = [whiteBackground];
  if (onDrawn) plugins.push({ id: 'occDrawn', afterRender: () => onDrawn() });
  return {
    type: 'bar',
    data: {
      labels: [...chart.categories],
      datasets: chart.series.map((series, index) => ({
        label: series.label,
        data: [...series.values],
        backgroundColor: seriesFill(index),
        borderColor: OKABE_ITO[index % OKABE_ITO.length],
        borderWidth: 1.5,
        borderDash: DASHES[index % DASHES.length],
      })) as never,
    },
    plugins,
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      // Drawn once, at once: no animation frames. The data are a dozen points per series, already
      // in category order (normalized); parsing them costs nothing worth the internal format.
      animation: false,
      normalized: true,
      // Sized by us (drawCharts, resizeCharts): no ResizeObserver and no layout reads per chart.
      responsive: false,
      maintainAspectRatio: false,
      // The canvas has its own accessible name; Chart.js need not add one.
      plugins: {
        legend: { display: chart.series.length > 1, position: 'bottom', labels: { color: '#1f2328' } },
        tooltip: {
          callbacks: chart.percent
            ? { label: (item) => `${item.dataset.label}: ${item.formattedValue}% (${chart.series[item.datasetIndex]?.counts?.[item.dataIndex] ?? 0} cases)` }
            : {},
        },
      },
      scales: {
        [categoryAxis]: {
          type: 'category',
          stacked: chart.stacked,
          title: { display: true, text: line !== undefined ? `${chart.categoryLabel} — thick line: ${chart.lineLabel}` : chart.categoryLabel, color: '#1f2328' },
          // Long category names are cut on the axis only; the tooltip and the data table keep them whole.
          ticks: {
            color: '#1f2328',
            autoSkip: false,
            callback(this: { getLabelForValue(value: number): string }, value: string | number) {
              const label = this.getLabelForValue(Number(value));
              return label.length > LABEL_CHARACTERS ? `${label.slice(0, LABEL_CHARACTERS - 1)}…` : label;
            },
          },
          grid:
            line !== undefined
              ? {
                  offset: true,
                  color: (context: { index: number }) => (context.index === line ? '#000000' : 'rgba(0, 0, 0, 0.08)'),
                  lineWidth: (context: { index: number }) => (context.index === line ? 3 : 1),
                }
              : { display: false },
        },
        [valueAxis]: {
          type: 'linear',
          stacked: chart.stacked,
          beginAtZero: true,
          ...(chart.percent ? { max: 100 } : {}),
          title: { display: true, text: chart.valueLabel, color: '#1f2328' },
          ticks: { color: '#1f2328', precision: 0 },
          grid: { color: 'rgba(0, 0, 0, 0.12)' },
        },
      },
    },
  } as ChartConfiguration<'bar'>;
}

/** One chart to draw: its figures and the canvas (inside a box of its own) it goes into. */
export interface ChartTarget {
  readonly chart: InsightChart;
  readonly canvas: HTMLCanvasElement;
}

/**
 * Draws every chart at once: a new canvas gets a new Chart; a chart already drawn is updated in
 * place (a filter or mapping change), resized when its box changed (a horizontal chart's height
 * follows its categories). All boxes are read first, then every canvas is given the size and
 * styles Chart.js's responsive sizing would give it. The charts are not responsive: Chart.js
 * reads no layout and observes no box; resizeCharts follows the boxes when the window changes.
 * `onDrawn(id)` runs after each draw (a chart keeps the one it was created with).
 */
export function drawCharts(targets: readonly ChartTarget[], drawn: Map<HTMLCanvasElement, Chart<'bar'>>, onDrawn: (id: string) => void): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const sizes = boxSizes(targets.map(({ canvas }) => canvas));
  targets.forEach(({ canvas }, index) => {
    const size = sizes[index]!;
    const style = canvas.style;
    style.display = 'block';
    style.boxSizing = 'border-box';
    setStyleSize(canvas, size);
    // A new chart takes its size from the canvas and scales it by the pixel ratio itself.
    if (!drawn.has(canvas)) {
      canvas.width = size.width;
      canvas.height = size.height;
    }
  });
  targets.forEach(({ chart, canvas }, index) => {
    const config = chartConfig(chart, () => onDrawn(chart.id));
    const existing = drawn.get(canvas);
    if (!existing) {
      drawn.set(canvas, new Chart(canvas, config));
      return;
    }
    existing.data = config.data;
    existing.options = config.options!;
    const size = sizes[index]!;
    // resize() updates and draws when the canvas's pixels change, and does nothing otherwise.
    if (sizeChanged(canvas, size, ratio)) existing.resize(size.width, size.height);
    else existing.update();
  });
}

/**
 * Gives each drawn chart its box's size when the box changed (the window's width, the pixel
 * ratio): every box read first, then only the charts whose size changed are resized and drawn.
 */
export function resizeCharts(drawn: ReadonlyMap<HTMLCanvasElement, Chart<'bar'>>): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const charts = [...drawn].filter(([canvas]) => canvas.isConnected);
  const sizes = boxSizes(charts.map(([canvas]) => canvas));
  charts.forEach(([canvas, chart], index) => {
    const size = sizes[index]!;
    if (!sizeChanged(canvas, size, ratio)) return;
    setStyleSize(canvas, size);
    chart.resize(size.width, size.height);
  });
}

interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/** Each canvas's box (its parent) as Chart.js would size it, every box read before anything is written (one layout for all). */
function boxSizes(canvases: readonly HTMLCanvasElement[]): BoxSize[] {
  return canvases.map((canvas) => {
    const box = canvas.parentElement!.getBoundingClientRect();
    return { width: round1(box.width), height: round1(box.height) };
  });
}

/** Whether a canvas's pixels differ from what a box of this size needs at this pixel ratio. */
function sizeChanged(canvas: HTMLCanvasElement, { width, height }: BoxSize, ratio: number): boolean {
  return canvas.width !== Math.floor(width * ratio) || canvas.height !== Math.floor(height * ratio);
}

function setStyleSize(canvas: HTMLCanvasElement, { width, height }: BoxSize): void {
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
}

/** Chart.js's rounding of a box size (to a tenth of a pixel). */
const round1 = (value: number) => Math.round(value * 10) / 10;

export { Chart };
