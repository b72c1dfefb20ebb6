/** One printed figure. Benchmarks report figures only; nothing here passes or fails. */
export interface Figure {
  metric: string;
  value: number | string;
  unit?: string;
  /** A goal from the issue tracker, printed next to the figure (never fails a run). */
  target?: Target;
}

export interface Target {
  op: '<=' | '>=' | '=';
  value: number;
}

export const atMost = (value: number): Target => ({ op: '<=', value });
export const atLeast = (value: number): Target => ({ op: '>=', value });
export const exactly = (value: number): Target => ({ op: '=', value });

function targetText(target: Target | undefined): string {
  if (!target) return '';
  return `${target.op === '<=' ? '≤' : target.op === '>=' ? '≥' : '='} ${target.value}`;
}

/** 'yes' / 'NO' when the figure is a number and has a target; '' otherwise. */
export function targetMet(figure: Figure): string {
  if (!figure.target || typeof figure.value !== 'number' || Number.isNaN(figure.value)) return figure.target ? 'NO' : '';
  const { op, value } = figure.target;
  const met = op === '<=' ? figure.value <= value : op === '>=' ? figure.value >= value : figure.value === value;
  return met ? 'yes' : 'NO';
}

export interface BenchReport {
  name: string;
  title: string;
  /** Knobs and product settings the figures depend on. */
  settings: Record<string, string | number | boolean>;
  figures: Figure[];
  /** Machine-readable extras (call breakdowns, event types) kept in latest.json only. */
  details?: Record<string, unknown>;
  /** Peak RSS of the bench process (worker, API, simulators and driver share it). */
  rssPeakMiB: number;
  durationSeconds: number;
  error?: string;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function cell(value: Figure['value']): string {
  return typeof value === 'number' ? String(value) : value;
}

/** A plain-text (and Markdown-compatible) table: bench | metric | value | unit. */
export function formatTable(reports: BenchReport[]): string {
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.error) rows.push([r.name, 'ERROR', r.error.split('\n')[0].slice(0, 80), '', '', '']);
    for (const f of r.figures) rows.push([r.name, f.metric, cell(f.value), f.unit ?? '', targetText(f.target), targetMet(f)]);
    rows.push([r.name, 'process RSS peak (bench process)', String(r.rssPeakMiB), 'MiB', '', '']);
    rows.push([r.name, 'bench wall time', String(r.durationSeconds), 's', '', '']);
  }
  const header = ['bench', 'metric', 'value', 'unit', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = (c: string) => /^-?[\d.]+$|^NaN$/.test(c);
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 2 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function formatSettings(reports: BenchReport[]): string {
  return reports.map((r) => `${r.name}: ${Object.entries(r.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`).join('\n');
}
