import { describe, expect, it, vi } from 'vitest';
import type { CoreEvent, ShoeboxCore } from '../../../main/core/shoebox-core';
import { trackRunningImports } from '../../../main/electron/running-imports';

describe('trackRunningImports', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  const source = { kind: 'paths' as const, paths: ['/card'] };

  function fakeCore(startImport: ShoeboxCore['handlers']['startImport']) {
    let listener: (event: CoreEvent) => void = () => {};
    const core = {
      handlers: { startImport } as ShoeboxCore['handlers'],
      subscribe: (next: (event: CoreEvent) => void) => {
        listener = next;
        return () => {};
      },
    };
    const finish = () =>
      listener({
        event: 'importProgress',
        payload: {
          type: 'finished',
          importId: id,
          totals: {
            files: 0,
            bytes: 0,
            processed: 0,
            processedBytes: 0,
            imported: 0,
            duplicates: 0,
            skipped: 0,
            failed: 0,
          },
          cancelled: false,
          error: null,
        },
      });
    return { core, finish };
  }

  it('an import runs from its start to its finished event', async () => {
    const { core, finish } = fakeCore(async ({ importId }) => ({ importId }));
    const imports = trackRunningImports(core);
    expect(imports.any()).toBe(false);
    await imports.handlers.startImport({ importId: id, source });
    expect(imports.any()).toBe(true);
    finish();
    expect(imports.any()).toBe(false);
  });

  it('a refused start is not running, and a refused second start keeps the first', async () => {
    const start = vi.fn(async ({ importId }: { importId: string }) => ({ importId }));
    const { core } = fakeCore(start);
    const imports = trackRunningImports(core);
    await imports.handlers.startImport({ importId: id, source });
    start.mockRejectedValueOnce(new Error('CONFLICT'));
    await expect(imports.handlers.startImport({ importId: id, source })).rejects.toThrow();
    expect(imports.any()).toBe(true);

    const refused = trackRunningImports(fakeCore(async () => Promise.reject(new Error('no'))).core);
    await expect(refused.handlers.startImport({ importId: id, source })).rejects.toThrow();
    expect(refused.any()).toBe(false);
  });
});
