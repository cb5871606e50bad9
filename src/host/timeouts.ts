/** How long PowerShell may take to show its first prompt (pwsh cold start on a slow disk takes seconds). */
export const defaultStartTimeoutMs = 60_000;
/** How long `close()` lets PowerShell exit on its own after typing `exit` before killing the tree. */
export const gracefulExitMs = 3_000;
/** How long to wait for the process to disappear after the kill was issued. */
export const killWaitMs = 5_000;
/** Quiet time after which the row under the cursor is offered as a possible input prompt. */
export const quietPromptCheckMs = 750;
/** After Ctrl+C, how often the request loop's blocking read is woken until the loop is back (interrupt). */
export const wakeEveryMs = 50;
