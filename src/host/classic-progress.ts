/**
 * Reads the progress pane that Windows PowerShell 5.1 (and pwsh with $PSStyle.Progress.View = 'Classic')
 * draws, from the rendered rows of the screen. Pure: rows in, progress out.
 *
 * The layout (PowerShell's PendingProgress.Render and ProgressNode.RenderFull, confirmed against pwsh
 * 7.6.9 in a real pty, test/windows/fixtures/classic-progress.json):
 *
 *     (blank row: the pane's top border)
 *      Activity                                  1 space, then 2 more per nesting level
 *         Status                                 the activity's indent + 3
 *         (more status rows)                     pwsh 7 wraps a long status; 5.1 cuts it at the width
 *         [ooooooooooooo                    ]    the bar, only with -PercentComplete
 *         00:01:15 remaining.                    only with -SecondsRemaining (text localized)
 *     (blank row)                                only before a current operation
 *         CurrentOperation
 *     (blank row: the bottom border)
 *
 * Each row is padded to the width of the window; on Windows the pane is a Yellow-on-DarkCyan band two
 * rows below the top of the window, on Linux and macOS it sits at the cursor without colours. The bar
 * is `width - indent - 9` cells wide and holds floor(percent × bar / 100) `o`s, so the percentage read
 * back is within 100 / bar width of the one written. When many activities crowd the pane, PowerShell
 * renders the oldest ones in shorter styles; only the full style is read here.
 */

export interface ClassicProgress {
  activity: string;
  status?: string;
  percent?: number;
}

export interface ClassicProgressNode extends ClassicProgress {
  /** 0 for a top-level activity, 1 for its child (Write-Progress -ParentId), and so on. */
  depth: number;
  /** The line under the bar, e.g. `00:01:15 remaining.`; its wording depends on the UI culture. */
  remaining?: string;
  currentOperation?: string;
}

/** The bar row's text after its indent: `[`, the done part in `o`s, the rest in spaces, `]`. */
const barRow = /^\[(?<done>o*)(?<rest> *)\]\s*$/;
/** `-SecondsRemaining` as PowerShell prints it in English: a TimeSpan, then "remaining". */
const remainingRow = /^(?:\d+\.)?\d{2}:\d{2}:\d{2} \S/;

/**
 * The first activity of a classic progress pane in `rows` (the screen from its top row), or undefined
 * when no pane is drawn. Ordinary output shaped exactly like a pane (a blank row, a row indented by one
 * space, rows indented by four, a blank row) would be read as one: pass only the pane's rows when the
 * colours are known.
 */
export function readClassicProgress(rows: readonly string[]): ClassicProgress | undefined {
  const first = readClassicProgressNodes(rows)[0];
  if (!first) return undefined;
  return {
    activity: first.activity,
    ...(first.status === undefined ? {} : { status: first.status }),
    ...(first.percent === undefined ? {} : { percent: first.percent }),
  };
}

/** Every activity of the first classic progress pane in `rows`, parents before their children. */
export function readClassicProgressNodes(rows: readonly string[]): ClassicProgressNode[] {
  for (let start = 0; start < rows.length; start++) {
    if (start > 0 && !isBlank(rows[start - 1]!)) continue;
    if (indentOf(rows[start]!) !== 1) continue;
    const nodes = readPane(rows, start);
    if (nodes.length > 0) return nodes;
  }
  return [];
}

interface PendingNode {
  indent: number;
  activity: string;
  statusRows: string[];
  bar?: { done: number; width: number };
  remaining?: string;
  operationRows: string[];
  /** A blank row was seen inside this node: what follows is the current operation. */
  afterBlank: boolean;
}

/** Reads the pane whose first activity row is `rows[start]`; empty when the rows are not a pane. */
function readPane(rows: readonly string[], start: number): ClassicProgressNode[] {
  const nodes: PendingNode[] = [];
  for (let index = start; index < rows.length; index++) {
    const row = rows[index]!;
    const current = nodes.at(-1);
    if (isBlank(row)) {
      // A blank row followed by more of this node comes before its current operation (or is the last
      // piece of a wrapped status: its trailing space); any other blank row is the bottom border.
      const next = rows[index + 1];
      if (current && !current.afterBlank && next !== undefined && isDetailOf(current, next)) {
        current.afterBlank = true;
        continue;
      }
      break;
    }
    const indent = indentOf(row);
    if (current && isDetailOf(current, row)) {
      // Deeper than the details when a wrapped text went on with a space: still this node's.
      addDetail(current, row, row.slice(indent));
    } else if (indent % 2 === 1 && indent <= (current ? current.indent + 2 : 1)) {
      // Activities sit at odd indents (1, 3, 5, ...): a child is two deeper than its parent.
      nodes.push({
        indent,
        activity: row.slice(indent).trimEnd(),
        statusRows: [],
        operationRows: [],
        afterBlank: false,
      });
    } else if (current?.afterBlank) {
      // What looked like a current operation was the output under the pane: the pane ended at the blank.
      current.operationRows = [];
      break;
    } else {
      return [];
    }
  }
  return nodes.filter((node) => node.statusRows.length > 0).map(finish);
}

function isDetailOf(node: PendingNode, row: string): boolean {
  return !isBlank(row) && indentOf(row) >= node.indent + 3;
}

function addDetail(node: PendingNode, row: string, text: string): void {
  const bar = barRow.exec(text)?.groups;
  if (bar && !node.bar && node.operationRows.length === 0) {
    node.bar = { done: bar.done!.length, width: bar.done!.length + bar.rest!.length };
    node.afterBlank = false;
  } else if (node.afterBlank) node.operationRows.push(row);
  else if (node.bar && node.remaining === undefined && remainingRow.test(text)) node.remaining = text.trimEnd();
  else if (!node.bar && node.remaining === undefined) node.statusRows.push(row);
}

function finish(node: PendingNode): ClassicProgressNode {
  const detailIndent = node.indent + 3;
  const status = joinWrapped(node.statusRows, detailIndent);
  const operation = joinWrapped(node.operationRows, detailIndent);
  return {
    activity: node.activity,
    depth: (node.indent - 1) / 2,
    ...(status ? { status } : {}),
    ...(node.bar && node.bar.width > 0 ? { percent: Math.round((node.bar.done * 100) / node.bar.width) } : {}),
    ...(node.remaining ? { remaining: node.remaining } : {}),
    ...(operation ? { currentOperation: operation } : {}),
  };
}

/**
 * pwsh 7 wraps a long text onto more rows with the same indent, cutting anywhere (even mid-word), so
 * every row but the last is full: join them as they are, and trim only the last one's padding.
 */
function joinWrapped(rows: readonly string[], indent: number): string {
  return rows
    .map((row, index) => (index === rows.length - 1 ? row.slice(indent).trimEnd() : row.slice(indent)))
    .join('');
}

function indentOf(row: string): number {
  return row.length - row.trimStart().length;
}

function isBlank(row: string): boolean {
  return row.trim() === '';
}
