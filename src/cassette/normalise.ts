/**
 * What makes a cassette the same on every machine and free of secrets: the places a path depends on
 * (this package, the current folder, the home and temp folders) become placeholders such as `<cwd>`, and
 * every secret the session knows (and anything shaped like a token) becomes `[REDACTED]`, by the same
 * rules as every recording (src/record). A replay expands the placeholders to its own places, and
 * normalises each request the same way before comparing it with the recorded one.
 */
import { homedir, tmpdir } from 'node:os';
import { findPackageRoot } from '../powershell/scripts.js';
import { redactText } from '../record/index.js';

export interface Places {
  package: string;
  cwd: string;
  home: string;
  tmp: string;
}

/** A folder shorter than this (`/`, `C:\`) would replace pieces of everyday text. */
const minPlaceChars = 4;

export function currentPlaces(): Places {
  return { package: findPackageRoot(), cwd: process.cwd(), home: homedir(), tmp: tmpdir() };
}

export interface Normaliser {
  /** Adds values to redact (tokens acquired during the session). */
  addSecrets(values: readonly string[]): void;
  readonly secrets: readonly string[];
  /** Redacts, then replaces places by placeholders. */
  text(text: string): string;
  /** The same, for every string in a JSON value. */
  value<T>(value: T): T;
  /** Placeholders back to this machine's places (a replay). */
  expand(text: string): string;
  expandValue<T>(value: T): T;
}

export function createNormaliser(places: Places = currentPlaces(), secrets: readonly string[] = []): Normaliser {
  const known = [...secrets];
  // Longest first, so a folder inside another is replaced by its own placeholder.
  const pairs = (Object.entries(places) as Array<[keyof Places, string]>)
    .filter(([, path]) => path.length >= minPlaceChars)
    .map(([name, path]) => [`<${name}>`, path.replace(/[\\/]+$/, '')] as const)
    .sort((a, b) => b[1].length - a[1].length);
  const text = (value: string) => {
    let result = redactText(value, known);
    for (const [placeholder, path] of pairs) result = result.split(path).join(placeholder);
    return result;
  };
  const expand = (value: string) => {
    let result = value;
    for (const [placeholder, path] of pairs) result = result.split(placeholder).join(path);
    return result;
  };
  return {
    addSecrets(values) {
      for (const value of values) if (!known.includes(value)) known.push(value);
    },
    get secrets() {
      return known;
    },
    text,
    value: (value) => mapStrings(value, text),
    expand,
    expandValue: (value) => mapStrings(value, expand),
  };
}

/** A copy of a JSON value with every string (keys too) mapped. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [map(key), mapStrings(item, map)]),
    ) as T;
  }
  return value;
}
