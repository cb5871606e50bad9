import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/api.js';
import { skipWithoutPwsh } from '../helpers/pwsh.js';
import { standIn } from '../helpers/standin.js';
import { trackUnhandledRejections } from './helpers.js';

type World = ReturnType<typeof standIn>;

describe.skipIf(skipWithoutPwsh)('faults found on the way: error records in a live session', () => {
  trackUnhandledRejections();
  let world: World | undefined;
  afterEach(() => {
    world?.dispose();
    world = undefined;
  });

  // Found by the fault tests (issue 6): the parser used to get the screen's lines without their colour, so
  // the uncoloured lines after a ConciseView error line became part of its message ("x next other").
  it('an error followed by ordinary output: the output is not part of the error message', async () => {
    world = standIn('success');
    const session = await connect(
      { ...world.options, userPrincipalName: 'admin@contoso.onmicrosoft.com', unattended: false },
      { env: world.env },
    );
    try {
      const result = await session.work({ kind: 'command', code: "Write-Error 'x'; 'next'; 'other'" });
      expect(result.output).toEqual(['Write-Error: x', 'next', 'other']);
      expect(result.errors.map((error) => error.message)).toEqual(['x']);
    } finally {
      await session.close();
    }
  });
});
