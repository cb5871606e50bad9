/**
 * What each command is for, in one line: shown by `ippsconnect --help` without loading the command's
 * module, and by the command's own help.
 */
export const commandDescriptions = {
  connect:
    'Connect to Security & Compliance PowerShell (optionally Exchange Online too), run a command or script, disconnect.',
  run: 'Run a script or command in a Security & Compliance session, unattended: retries, session limit, JSON output, log.',
  parse: 'Read PowerShell transcripts (.cast, Start-Transcript logs, raw captures, text) into events.',
  replay: 'Play a recording (.cast) back, with the events ippsconnect reads from it.',
  endpoints: 'Print the Security & Compliance and Exchange Online endpoints of every cloud.',
  schedule: 'Run ippsconnect jobs from Windows Task Scheduler.',
} as const;

export type CommandName = keyof typeof commandDescriptions;
