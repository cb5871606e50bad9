import type { RunProgram } from '../../src/schedule/index.js';

export interface FakeCall {
  file: string;
  args: string[];
  interactive: boolean;
}

type Reply = { stdout?: string; stderr?: string; exitCode?: number };

/** A `RunProgram` that records every call and answers from `replies`, in order (then success, no output). */
export function fakeRunner(...replies: Reply[]): RunProgram & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const run: RunProgram = async (file, args, options) => {
    calls.push({ file, args: [...args], interactive: Boolean(options?.interactive) });
    const reply = replies.shift() ?? {};
    return { stdout: reply.stdout ?? '', stderr: reply.stderr ?? '', exitCode: reply.exitCode ?? 0 };
  };
  return Object.assign(run, { calls });
}
