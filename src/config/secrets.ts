import { type FieldPath, invalidConfig } from './field.js';

/**
 * Keys that would hold a secret. Job files are copied, committed and mailed around, so a secret never
 * sits in one: it comes from an environment variable at run time. Keys ending in `Env` (such as
 * `certificatePasswordEnv`) hold the *name* of a variable and are fine.
 */
const SECRET_KEY = /password|passphrase|secret|token|credential|api_?key|private_?key|pwd/i;

/** A JWT (access, ID, refresh-shaped tokens): base64url header `{"…` → `eyJ…`, a dot, a payload. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
/** `Bearer <token>`; 16+ characters so prose ("Bearer token expired") is not taken for one. */
const BEARER = /Bearer\s+[A-Za-z0-9._~+/-]{16,}/i;

/** The whole value is one `${NAME}` reference: the secret stays in the environment. */
const REFERENCE_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const useEnvironment =
  'keep secrets out of job files: name the variable holding a .pfx password in certificatePasswordEnv, ' +
  `and write other values as \${NAME} so they are read from the environment when the job runs`;

/**
 * Refuses literal secrets in the raw (not yet expanded) job file: secret-looking keys unknown to ippsconnect,
 * secret-looking keys whose value is not a `${NAME}` reference, and any string shaped like a token.
 * `knownKeys` are the top-level keys the schema accepts.
 */
export function assertNoLiteralSecrets(raw: unknown, knownKeys: ReadonlySet<string>, file?: string): void {
  visit(raw, [], knownKeys, file);
}

function visit(value: unknown, path: FieldPath, knownKeys: ReadonlySet<string>, file?: string): void {
  if (typeof value === 'string') {
    if (!REFERENCE_ONLY.test(value) && (JWT.test(value) || BEARER.test(value))) {
      throw invalidConfig(path, 'the value looks like a token (a secret); it is refused', useEnvironment, file);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) visit(item, [...path, index], knownKeys, file);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (SECRET_KEY.test(key) && !key.endsWith('Env')) {
      const known = path.length === 0 && knownKeys.has(key);
      if (!known) throw invalidConfig(childPath, 'ippsconnect takes no secrets in a job file', useEnvironment, file);
      if (!(typeof child === 'string' && REFERENCE_ONLY.test(child))) {
        throw invalidConfig(childPath, 'a literal secret is refused', useEnvironment, file);
      }
    }
    visit(child, childPath, knownKeys, file);
  }
}
