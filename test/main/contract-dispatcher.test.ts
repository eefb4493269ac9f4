import { describe, expect, it } from 'vitest';
import type { ShoeboxHandlers } from '../../common/contract';
import { ShoeboxError } from '../../common/errors';
import { dispatchCall } from '../../main/contract-dispatcher';

/** Handlers whose every method fails, except the ones a test gives. */
function handlers(some: Partial<ShoeboxHandlers>): ShoeboxHandlers {
  return new Proxy(some, {
    get: (target, name: string) =>
      (target as Record<string, unknown>)[name] ??
      (() => Promise.reject(new Error(`${name} was not expected`))),
  }) as ShoeboxHandlers;
}

describe('the contract dispatcher', () => {
  it('hands the parsed input to the handler and answers its value', async () => {
    const seen: unknown[] = [];
    const result = await dispatchCall(
      handlers({
        createAlbum: async (input) => {
          seen.push(input);
          return {
            id: 1,
            name: input.name,
            photoCount: 0,
            coverPhotoId: null,
            createdAt: '',
            query: null,
          };
        },
      }),
      'createAlbum',
      { name: '  Paris  ' },
      () => undefined,
    );
    expect(seen).toEqual([{ name: 'Paris' }]);
    expect(result).toMatchObject({ ok: true, value: { id: 1, name: 'Paris' } });
  });

  it('answers NOT_FOUND for a name that is no method, prototype names included', async () => {
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'toString']) {
      expect(await dispatchCall(handlers({}), name, {}, () => undefined)).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: `There is no method "${name}".` },
      });
    }
  });

  it('names what is wrong with the input, and never calls the handler', async () => {
    const result = await dispatchCall(handlers({}), 'getPhoto', { photoId: -1 }, () => undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!result.ok && result.error.message).toMatch(/^Invalid input for getPhoto: photoId: /);
  });

  it('answers errors as data, and tells only of the unexpected ones', async () => {
    const unexpected: string[] = [];
    const onUnexpected = (method: string, error: unknown) =>
      unexpected.push(`${method}: ${(error as Error).message}`);
    const answers = await Promise.all([
      dispatchCall(
        handlers({
          getPhoto: () => Promise.reject(new ShoeboxError('NOT_FOUND', 'There is no photo 7.')),
        }),
        'getPhoto',
        { photoId: 7 },
        onUnexpected,
      ),
      dispatchCall(
        handlers({ listAlbums: () => Promise.reject(new TypeError('x is undefined')) }),
        'listAlbums',
        undefined,
        onUnexpected,
      ),
    ]);
    expect(answers).toEqual([
      { ok: false, error: { code: 'NOT_FOUND', message: 'There is no photo 7.' } },
      { ok: false, error: { code: 'INTERNAL', message: 'x is undefined' } },
    ]);
    expect(unexpected).toEqual(['listAlbums: x is undefined']);
  });
});
