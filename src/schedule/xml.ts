/** A tiny XML writer for the task document: elements, attributes and text, every value escaped. */
export interface XmlElement {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  /** Text content, or child elements; neither for an empty element. */
  content?: string | readonly XmlElement[];
}

/** Shorthand for an element. */
export function element(
  name: string,
  content?: XmlElement['content'],
  attributes?: XmlElement['attributes'],
): XmlElement {
  return { name, ...(content === undefined ? {} : { content }), ...(attributes ? { attributes } : {}) };
}

/**
 * Characters XML 1.0 cannot carry at all, escaped or not: C0 controls other than tab/LF/CR, lone
 * surrogates, U+FFFE/U+FFFF. CR is refused too: parsers turn CR LF into LF, so it would not survive.
 */
const NOT_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Escapes all five XML specials, so the text is safe in content and in either kind of quoted attribute. */
export function escapeXml(text: string): string {
  const bad = NOT_IN_XML.exec(text);
  if (bad) {
    throw new Error(`U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML`);
  }
  return text.replace(/[&<>"']/g, (character) => xmlEntities[character]!);
}

const xmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** The element as indented XML lines (two spaces per level, as Task Scheduler exports them). */
export function renderXml(node: XmlElement, depth = 0): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.content === undefined || node.content.length === 0) return `${open} />`;
  if (typeof node.content === 'string') return `${open}>${escapeXml(node.content)}</${node.name}>`;
  const children = node.content.map((child) => renderXml(child, depth + 1)).join('\n');
  return `${open}>\n${children}\n${indent}</${node.name}>`;
}
