// The results table: its row, the one way a row is built, and the verdict against a target.

export interface Row {
  id: string;
  what: string;
  kh: [string, string];
  ref: string;
  refv: [string, string];
  ratio: string;
  target: string;
  result: string;
}

/** What the phases add to the report: table rows and notes under it. */
export interface Results {
  rows: Row[];
  notes: string[];
}

/** A row of the table; the columns it does not give read "—". */
export function row(
  id: string,
  what: string,
  kh: [string, string],
  rest: Partial<Omit<Row, 'id' | 'what' | 'kh'>> = {},
): Row {
  return { id, what, kh, ref: '—', refv: ['—', '—'], ratio: '—', target: '—', result: '—', ...rest };
}

/** "met"/"missed by …" for a smaller-is-better value against a limit. */
export function verdict(value: number, limit: number, fmt: (x: number) => string): string {
  if (!Number.isFinite(value)) return 'not measured';
  if (value <= limit) return `**met** (${(limit / value).toFixed(1)}× headroom)`;
  return `**missed** by ${fmt(value - limit)} (${(value / limit).toFixed(1)}× the target)`;
}

/** A megabyte limit's verdict on a byte count. */
export const mbVerdict = (bytes: number, limitMb: number): string =>
  verdict(bytes / 1e6, limitMb, (x) => `${x.toFixed(0)} MB`);

/** The result of a workspace row: the verdict once every file was published, else how many were. */
export const whenComplete = (r: { complete: boolean; seen: number }, of: number, v: () => string): string =>
  r.complete ? v() : `**incomplete**: ${r.seen}/${of} files published`;
