import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { NO_IMPORT_TOTALS, type ImportProgress } from '../../../../common/contract';
import { createImportJobs } from '../../../../main/core/import/import-jobs';
import type { ImportSummary } from '../../../../main/core/import/import-service';
import type { UploadStaging } from '../../../../main/core/import/upload-staging';

/** What an import of nothing sums up to. */
function emptySummary(importId: string): ImportSummary {
  const totals = { ...NO_IMPORT_TOTALS };
  return {
    importId,
    imported: [],
    duplicates: [],
    skipped: [],
    failed: [],
    totals,
    cancelled: false,
  };
}

/** Import jobs whose imports run until `finish` is called, over uploads that are all waiting. */
function jobs() {
  const finishers: Array<() => void> = [];
  const run = vi.fn(
    (_inputs: unknown, _request: unknown, importId: string) =>
      new Promise<ImportSummary>((resolve) =>
        finishers.push(() => resolve(emptySummary(importId))),
      ),
  );
  const uploads = {
    claim: vi.fn((uploadIds: string[]) => uploadIds.map((id) => ({ path: `/staged/${id}` }))),
    discard: vi.fn(async () => {}),
  } as unknown as UploadStaging;
  const imports = createImportJobs({
    run,
    assertAlbum: () => {},
    uploads,
    publish: vi.fn<(payload: ImportProgress) => void>(),
  });
  const finishAll = async () => {
    finishers.splice(0).forEach((finish) => finish());
    await imports.close();
  };
  return { imports, run, uploads, finishAll };
}

describe('import jobs', () => {
  it('run an import under the id its caller minted, and refuse that id while it runs', async () => {
    const { imports, run, uploads, finishAll } = jobs();
    const importId = randomUUID();
    expect(await imports.start({ importId, source: { kind: 'paths', paths: ['/card'] } })).toEqual({
      importId,
    });
    expect(run).toHaveBeenCalledWith([{ path: '/card' }], expect.anything(), importId);

    await expect(
      imports.start({ importId, source: { kind: 'uploads', uploadIds: ['u1'] } }),
    ).rejects.toMatchObject({ name: 'ShoeboxError', code: 'CONFLICT' });
    // Refused before anything was claimed: the uploads still wait for an import of their own.
    expect(uploads.claim).not.toHaveBeenCalled();
    expect(run).toHaveBeenCalledTimes(1);

    // Cancelled by the same id.
    expect(imports.cancel(importId)).toEqual({ count: 1 });
    await finishAll();
    expect(() => imports.cancel(importId)).toThrow(/No import/);
  });
});
