/**
 * Applies a reconciliation plan (reconcile.ts) to the index in one transaction, and answers
 * the counts `shoebox folder rescan --json` prints. Rows keep their ids through every change,
 * so a moved, renamed, changed or returned file keeps its photo.
 */
import { referencedStoredPath } from '../library/referenced-files';
import type { FolderRepository } from './folder-repository';
import { isXmpSidecar } from './media-extensions';
import { baseName } from './path-key';
import type { ReconciliationPlan } from './reconcile';

/** What a rescan found, as counted for people and for `--json`. */
export interface RescanCounts {
  added: number;
  changed: number;
  moved: number;
  missing: number;
  returned: number;
}

/**
 * The counts of a plan, as applying it reports them: of photos' files, not of XMP sidecars,
 * which are indexed to travel with their photos but are no photo (and, with `--write-xmp`,
 * Shoebox's own writes would otherwise come back as changes).
 */
export function countPlan(plan: ReconciliationPlan): RescanCounts {
  const media = (file: { relPath: string }) => !isXmpSidecar(file.relPath);
  return {
    added: plan.added.filter(media).length,
    changed: plan.changed.filter(media).length,
    moved: plan.moved.filter((file) => media(file.to)).length,
    missing: plan.missing.filter(media).length,
    returned: plan.returned.filter(media).length,
  };
}

/**
 * Writes `plan` into the index at once (IMMEDIATE: it reads nothing before writing, but waits
 * for another process's write rather than failing) and records the scan time of its roots.
 * Answers the plan's counts and the ids of the files it added, in the order of `plan.added`.
 */
export function applyReconciliation(
  repository: FolderRepository,
  plan: ReconciliationPlan,
  now: string,
): { counts: RescanCounts; addedIds: number[] } {
  const { db } = repository;
  const statements = {
    insert: db.prepare(
      `INSERT INTO folder_files (root_id, rel_path, path_key, size, mtime_ms, quick_hash)
       VALUES (@rootId, @relPath, @pathKey, @size, @mtimeMs, @quickHash)`,
    ),
    changed: db.prepare(
      `UPDATE folder_files SET size = @size, mtime_ms = @mtimeMs, quick_hash = @quickHash,
         full_hash = NULL, import_done = CASE WHEN photo_id IS NULL THEN 0 ELSE import_done END
       WHERE id = @fileId`,
    ),
    // A moved file is parked at a path no file can have first: two files swapping names would
    // otherwise meet on one path midway.
    park: db.prepare('UPDATE folder_files SET rel_path = char(0) || id WHERE id = ?'),
    moved: db.prepare(
      `UPDATE folder_files SET root_id = @rootId, rel_path = @relPath, path_key = @pathKey,
         size = @size, mtime_ms = @mtimeMs, full_hash = coalesce(@fullHash, full_hash),
         state = 'present', missing_since = NULL
       WHERE id = @fileId`,
    ),
    missing: db.prepare(
      "UPDATE folder_files SET state = 'missing', missing_since = @now WHERE id = @fileId",
    ),
    returned: db.prepare(
      `UPDATE folder_files SET state = 'present', missing_since = NULL WHERE id = @fileId`,
    ),
    touched: db.prepare('UPDATE folder_files SET mtime_ms = @mtimeMs WHERE id = @fileId'),
    // A renamed file's photo is shown by its name now, as the folder shows it.
    renamedOriginal: db.prepare(
      `UPDATE photos SET original_name = @name WHERE stored_path = @stored AND original_name != @name`,
    ),
    renamedFile: db.prepare(
      `UPDATE photo_files SET original_name = @name WHERE stored_path = @stored AND original_name != @name`,
    ),
  };
  return db
    .transaction(() => {
      for (const file of plan.moved) statements.park.run(file.fileId);
      for (const file of plan.moved) {
        statements.moved.run({
          ...file.to,
          fileId: file.fileId,
          size: file.size,
          mtimeMs: file.mtimeMs,
          fullHash: file.fullHash,
        });
        const renamed = {
          name: baseName(file.to.relPath),
          stored: referencedStoredPath(file.fileId),
        };
        statements.renamedOriginal.run(renamed);
        statements.renamedFile.run(renamed);
      }
      for (const file of plan.returned) statements.returned.run({ fileId: file.fileId });
      for (const file of plan.changed) statements.changed.run(file);
      for (const file of plan.touched) statements.touched.run(file);
      for (const file of plan.missing) statements.missing.run({ fileId: file.fileId, now });
      const addedIds = plan.added.map((file) =>
        Number(statements.insert.run(file).lastInsertRowid),
      );
      for (const rootId of plan.rootIds) repository.markRootScanned(rootId, now);
      return { counts: countPlan(plan), addedIds };
    })
    .immediate();
}
