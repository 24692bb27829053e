/**
 * A virtualised preview of the merged rows: only the rows in sight are in the page, fetched from
 * the worker a page at a time, so 500,000 rows scroll like 50. Search and column filters run in
 * the worker too.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FromWorker } from './protocol';
import type { ColumnFilter } from '../../lib/csv/view';

const ROW_HEIGHT = 28;
const PAGE = 100;
const HEIGHT = 440;
const COLUMN_WIDTH = 170;

export function PreviewTable(props: {
  columns: string[];
  view: { id: number; total: number } | undefined;
  onFilter: (search: string, filters: ColumnFilter[]) => void;
  onRows: (start: number, count: number, viewId: number) => void;
  rowsListener: { current?: (message: Extract<FromWorker, { type: 'rows' }>) => void };
}) {
  const { columns, view } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [, redraw] = useState(0);
  const pages = useRef(new Map<number, string[][]>());
  const requested = useRef(new Set<number>());
  const viewId = view?.id ?? -1;
  const total = view?.total ?? 0;

  // A new view (merge, search, filter) drops the cached pages.
  useEffect(() => {
    pages.current = new Map();
    requested.current = new Set();
    props.rowsListener.current = (message) => {
      if (message.viewId !== viewId) return;
      pages.current.set(Math.floor(message.start / PAGE), message.rows);
      redraw((n) => n + 1);
    };
    redraw((n) => n + 1);
  }, [viewId]);

  // Filters apply a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => {
      props.onFilter(search, Object.entries(filters).map(([column, text]) => ({ column, text })));
      setScrollTop(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, filters]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(total, Math.ceil((scrollTop + HEIGHT) / ROW_HEIGHT) + 5);
  for (let page = Math.floor(first / PAGE); page <= Math.floor(Math.max(last - 1, 0) / PAGE) && total > 0; page += 1) {
    if (!requested.current.has(page)) {
      requested.current.add(page);
      props.onRows(page * PAGE, PAGE, viewId);
    }
  }
  const visible: { index: number; cells: string[] | undefined }[] = [];
  for (let index = first; index < last; index += 1) {
    visible.push({ index, cells: pages.current.get(Math.floor(index / PAGE))?.[index % PAGE] });
  }
  const width = columns.length * COLUMN_WIDTH + 70;

  return (
    <div class="wb-preview">
      <div class="wb-preview-tools">
        <label>
          Search all columns{' '}
          <input type="search" value={search} data-testid="preview-search" onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
        <span class="wb-preview-count" data-testid="preview-count" aria-live="polite">
          {view ? `${total.toLocaleString('en-GB')} row${total === 1 ? '' : 's'}` : '…'}
        </span>
      </div>
      <div class="wb-grid" role="grid" aria-rowcount={total + 2} aria-colcount={columns.length} style={{ height: `${HEIGHT + 2 * ROW_HEIGHT + 4}px` }} onScroll={(event) => setScrollTop(Math.max(0, event.currentTarget.scrollTop))}>
        <div style={{ width: `${width}px`, height: `${(total + 2) * ROW_HEIGHT}px`, position: 'relative' }}>
          <div class="wb-grid-head" role="row" style={{ width: `${width}px` }}>
            <span class="wb-cell wb-rownum" role="columnheader">#</span>
            {columns.map((column) => (
              <span key={column} class="wb-cell" role="columnheader" title={column}>
                {column}
              </span>
            ))}
          </div>
          <div class="wb-grid-filters" role="row" style={{ width: `${width}px` }}>
            <span class="wb-cell wb-rownum" />
            {columns.map((column) => (
              <span key={column} class="wb-cell" role="gridcell">
                <input
                  type="search"
                  aria-label={`Filter ${column}`}
                  placeholder="filter"
                  value={filters[column] ?? ''}
                  onInput={(event) => setFilters({ ...filters, [column]: event.currentTarget.value })}
                />
              </span>
            ))}
          </div>
          {visible.map(({ index, cells }) => (
            <div key={index} class="wb-grid-row" role="row" aria-rowindex={index + 3} style={{ top: `${(index + 2) * ROW_HEIGHT}px`, width: `${width}px` }}>
              <span class="wb-cell wb-rownum">{index + 1}</span>
              {columns.map((column, c) => (
                <span key={column} class="wb-cell" role="gridcell" title={cells?.[c] ?? ''}>
                  {cells ? cells[c] : '…'}
                </span>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
