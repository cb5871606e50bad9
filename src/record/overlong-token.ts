/**
 * What happens to a JWT or bearer token too long to hold back whole: the redactor writes one marker for it
 * at once, and this swallows the rest of it from the chunks that follow, so no part of it reaches the output.
 */

const BEARER_KEYWORD = 'bearer';

/**
 * After an overlong token was redacted whole, drops its continuation from the next chunks: the spaces after
 * `Bearer` if the token had not begun yet, then the run of token characters (b64token alphabet and `=`),
 * and again for a `Bearer <token>` glued to the end of that run (the whole-text rules would find it too).
 */
export function createOverlongTokenSwallower() {
  let state: 'none' | 'spaces' | 'token' = 'none';
  let runTail = ''; // the last characters swallowed, to see a `Bearer` keyword that ends the run
  return {
    start(openToken: string) {
      state = openToken === '' ? 'none' : /[ \t]$/.test(openToken) ? 'spaces' : 'token';
      runTail = openToken.slice(-BEARER_KEYWORD.length);
    },
    swallow(chunk: string): string {
      while (state !== 'none' && chunk !== '') {
        if (state === 'spaces') {
          chunk = chunk.replace(/^[ \t]+/, '');
          if (chunk !== '') [state, runTail] = ['token', ''];
          continue;
        }
        const run = /^[A-Za-z0-9._~+/=-]*/.exec(chunk)![0];
        runTail = (runTail + run).slice(-BEARER_KEYWORD.length);
        chunk = chunk.slice(run.length);
        if (chunk !== '') state = runTail.toLowerCase() === BEARER_KEYWORD && /^[ \t]/.test(chunk) ? 'spaces' : 'none';
      }
      return chunk;
    },
  };
}
