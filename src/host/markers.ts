/**
 * Shell-integration markers written by scripts/ps/bootstrap.ps1 as OSC 633 sequences
 * (`ESC ] 633 ; payload ; nonce BEL`), the scheme VS Code's shell integration uses.
 */
export const markerOscIdentifier = 633;

export type Marker =
  /** `prompt` is about to show: PowerShell waits for the next line. */
  | { kind: 'prompt-start' }
  /** `__ippsBegin <id>` ran: the output of command `id` starts here. */
  | { kind: 'command-start'; id: number }
  /** The prompt function ran after command `id`: `$?` and `$LASTEXITCODE` as it saw them. */
  | { kind: 'command-done'; id: number; success: boolean; exitCode?: number };

/**
 * Reads one OSC 633 payload (what follows `633;`). Returns undefined for a payload without our nonce,
 * which includes anything a user's own output might print.
 */
export function parseMarker(payload: string, nonce: string): Marker | undefined {
  const fields = payload.split(';');
  if (fields.at(-1) !== nonce) return undefined;
  const [kind, first, second, third] = fields;
  switch (kind) {
    case 'A':
      return { kind: 'prompt-start' };
    case 'C':
      return isInteger(first) ? { kind: 'command-start', id: Number(first) } : undefined;
    case 'D': {
      if (!isInteger(first)) return undefined;
      const exitCode = isInteger(third) ? Number(third) : undefined;
      return {
        kind: 'command-done',
        id: Number(first),
        success: second === '1',
        ...(exitCode === undefined ? {} : { exitCode }),
      };
    }
    default:
      return undefined;
  }
}

function isInteger(value: string | undefined): value is string {
  return value !== undefined && /^-?\d+$/.test(value);
}
