/**
 * A strict reader for the XML subset ippsconnect writes (a declaration, elements, double-quoted attributes,
 * text with the five entities and character references). Anything outside that subset, or not well formed,
 * throws: used to prove the task XML parses and gives back exactly the values that went in.
 */
export interface MiniElement {
  name: string;
  attributes: Record<string, string>;
  children: MiniElement[];
  text: string;
}

const NAME = /[A-Za-z_][\w.-]*/y;
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseMiniXml(xml: string): MiniElement {
  let position = 0;
  const fail = (problem: string): never => {
    throw new Error(`${problem} at ${position}: ${JSON.stringify(xml.slice(position, position + 30))}`);
  };
  const skipSpace = () => {
    while (/[ \t\r\n]/.test(xml[position] ?? '')) position += 1;
  };
  const readName = () => {
    NAME.lastIndex = position;
    const match = NAME.exec(xml) ?? fail('expected a name');
    position += match[0].length;
    return match[0];
  };
  const decode = (raw: string) => {
    if (/[<]/.test(raw)) fail('raw < in text');
    return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
      if (entity === undefined) return fail('bare &');
      if (entity in entities) return entities[entity]!;
      const code = /^#x([0-9A-Fa-f]+)$/.exec(entity)?.[1] ?? /^#(\d+)$/.exec(entity)?.[1];
      if (!code) return fail(`unknown entity ${whole}`);
      return String.fromCodePoint(Number.parseInt(code, entity.startsWith('#x') ? 16 : 10));
    });
  };
  const readElement = (): MiniElement => {
    if (xml[position] !== '<') fail('expected <');
    position += 1;
    const element: MiniElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', position)) {
        position += 2;
        return element;
      }
      if (xml[position] === '>') break;
      const attribute = readName();
      if (xml[position] !== '=' || xml[position + 1] !== '"') fail('expected ="');
      const end = xml.indexOf('"', position + 2);
      if (end < 0) fail('unterminated attribute');
      if (attribute in element.attributes) fail('duplicate attribute');
      element.attributes[attribute] = decode(xml.slice(position + 2, end));
      position = end + 1;
    }
    position += 1;
    for (;;) {
      const next = xml.indexOf('<', position);
      if (next < 0) fail('unterminated element');
      element.text += decode(xml.slice(position, next));
      position = next;
      if (xml.startsWith('</', position)) {
        position += 2;
        if (readName() !== element.name) fail(`mismatched end tag for ${element.name}`);
        if (xml[position] !== '>') fail('expected >');
        position += 1;
        return element;
      }
      element.children.push(readElement());
    }
  };
  if (xml.startsWith('<?xml')) position = xml.indexOf('?>') + 2 || fail('unterminated declaration');
  skipSpace();
  const root = readElement();
  skipSpace();
  if (position !== xml.length) fail('content after the root element');
  return root;
}

/** The element at a path of child names below `root`, e.g. `child(task, 'Actions', 'Exec', 'Arguments')`. */
export function child(root: MiniElement, ...names: string[]): MiniElement {
  let current = root;
  for (const name of names) {
    const found = current.children.filter((element) => element.name === name);
    if (found.length !== 1) throw new Error(`expected one <${name}> in <${current.name}>, found ${found.length}`);
    current = found[0]!;
  }
  return current;
}
