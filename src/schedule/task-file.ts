import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The bytes schtasks /XML reads reliably: UTF-16LE with a byte-order mark, as Task Scheduler itself
 * exports. UTF-8 files are refused by some Windows versions ("unable to switch the encoding").
 */
export function encodeTaskXml(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
}

/** Writes the XML to a file in a fresh private temp folder; `remove` deletes both. */
export async function writeTaskFile(xml: string): Promise<{ path: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'ippsconnect-task-'));
  const path = join(folder, 'task.xml');
  await writeFile(path, encodeTaskXml(xml));
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
