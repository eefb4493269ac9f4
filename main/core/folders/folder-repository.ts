/**
 * The SQL of folders in place (migration 6, folder-schema.ts): volumes, added folders (roots)
 * and the index of their files. Reconciliation (reconcile.ts) reads the index through it and
 * apply-plan.ts writes a plan back in one transaction.
 */
import { ShoeboxError } from '../../../common/errors';
import type { LibraryDatabase } from '../library/database';
import type { FolderPlacement, VolumeRecord } from './locate-volume';
import type { FolderScope } from './walk-folder-tree';

/** A volume as stored, with its id and whether it was found at the last look. */
export interface StoredVolume extends VolumeRecord {
  id: number;
  status: 'online' | 'offline';
  lastSeenAt: string | null;
}

/** An added folder, with its volume. */
export interface FolderRoot {
  id: number;
  /** `/`-separated, relative to the volume's `mountPath`; `''` is the volume's folder itself. */
  relPath: string;
  status: 'ok' | 'offline';
  watch: boolean;
  writeXmp: boolean;
  addedAt: string;
  lastScanAt: string | null;
  volume: StoredVolume;
}

/** One file of the index. */
export interface IndexedFile {
  id: number;
  rootId: number;
  relPath: string;
  pathKey: string;
  size: number;
  mtimeMs: number;
  quickHash: string | null;
  fullHash: string | null;
  photoId: number | null;
  state: 'present' | 'missing';
}

interface VolumeRow {
  id: number;
  identity_kind: VolumeRecord['identityKind'];
  identity: string;
  kind: VolumeRecord['kind'];
  label: string | null;
  fs_type: string | null;
  case_insensitive: number;
  mount_path: string;
  fs_path: string;
  status: StoredVolume['status'];
  last_seen_at: string | null;
}

interface RootRow {
  id: number;
  volume_id: number;
  rel_path: string;
  status: FolderRoot['status'];
  watch: number;
  write_xmp: number;
  added_at: string;
  last_scan_at: string | null;
}

interface FileRow {
  id: number;
  root_id: number;
  rel_path: string;
  path_key: string;
  size: number;
  mtime_ms: number;
  quick_hash: string | null;
  full_hash: string | null;
  photo_id: number | null;
  state: IndexedFile['state'];
}

const FILE_COLUMNS =
  'id, root_id, rel_path, path_key, size, mtime_ms, quick_hash, full_hash, photo_id, state';

/** What is asked when a folder is added. */
export interface NewRootOptions {
  watch: boolean;
  writeXmp: boolean;
  now: string;
}

/** Reads and writes volumes, roots and the file index of one library database. */
export class FolderRepository {
  private readonly statements;

  constructor(readonly db: LibraryDatabase) {
    this.statements = {
      volumeByIdentity: db.prepare<[string, string], VolumeRow>(
        'SELECT * FROM volumes WHERE identity_kind = ? AND identity = ?',
      ),
      insertVolume: db.prepare(
        `INSERT INTO volumes (identity_kind, identity, kind, label, fs_type, case_insensitive,
           mount_path, fs_path, status, last_seen_at)
         VALUES (@identityKind, @identity, @kind, @label, @fsType, @caseInsensitive, @mountPath,
           @fsPath, 'online', @now)`,
      ),
      volumeSeen: db.prepare(
        `UPDATE volumes SET mount_path = @mountPath, status = 'online', last_seen_at = @now
         WHERE id = @id`,
      ),
      volumeOffline: db.prepare("UPDATE volumes SET status = 'offline' WHERE id = ?"),
      volume: db.prepare<[number], VolumeRow>('SELECT * FROM volumes WHERE id = ?'),
      insertRoot: db.prepare(
        `INSERT INTO folder_roots (volume_id, rel_path, watch, write_xmp, added_at)
         VALUES (@volumeId, @relPath, @watch, @writeXmp, @now)`,
      ),
      roots: db.prepare<[], RootRow>('SELECT * FROM folder_roots ORDER BY id'),
      root: db.prepare<[number], RootRow>('SELECT * FROM folder_roots WHERE id = ?'),
      rootStatus: db.prepare('UPDATE folder_roots SET status = ? WHERE id = ? AND status != ?'),
      rootScanned: db.prepare('UPDATE folder_roots SET last_scan_at = ? WHERE id = ?'),
      deleteRoot: db.prepare('DELETE FROM folder_roots WHERE id = ?'),
      relocateRoot: db.prepare(
        "UPDATE folder_roots SET volume_id = ?, rel_path = ?, status = 'ok' WHERE id = ?",
      ),
      filesOfRoot: db.prepare<[number], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files WHERE root_id = ?`,
      ),
      filesBelow: db.prepare<[number, string, string], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files WHERE root_id = ? AND rel_path >= ? AND rel_path < ?`,
      ),
      filesIn: db.prepare<[number, string, string, string], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files
         WHERE root_id = ? AND rel_path >= ? AND rel_path < ?
           AND instr(substr(rel_path, length(?) + 1), '/') = 0`,
      ),
      filesAtTop: db.prepare<[number], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files WHERE root_id = ? AND instr(rel_path, '/') = 0`,
      ),
      missingOfOkRoots: db.prepare<[], FileRow>(
        `SELECT ${FILE_COLUMNS.replace(/(\w+)/g, 'f.$1')} FROM folder_files f
         JOIN folder_roots r ON r.id = f.root_id
         WHERE f.state = 'missing' AND r.status = 'ok'`,
      ),
      linkPhoto: db.prepare(
        'UPDATE folder_files SET photo_id = ?, role = ?, import_done = 1 WHERE id = ?',
      ),
      importDone: db.prepare('UPDATE folder_files SET import_done = 1 WHERE id = ?'),
      toImport: db.prepare<[number], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files
         WHERE root_id = ? AND import_done = 0 AND state = 'present' AND photo_id IS NULL`,
      ),
      forgetFile: db.prepare('DELETE FROM folder_files WHERE id = ?'),
      fileById: db.prepare<[number], FileRow & { role: string | null }>(
        `SELECT ${FILE_COLUMNS}, role FROM folder_files WHERE id = ?`,
      ),
      fileAt: db.prepare<[number, string], FileRow>(
        `SELECT ${FILE_COLUMNS} FROM folder_files WHERE root_id = ? AND rel_path = ?`,
      ),
      relink: db.prepare(
        `UPDATE folder_files SET root_id = @rootId, rel_path = @relPath, path_key = @pathKey,
           size = @size, mtime_ms = @mtimeMs, quick_hash = @quickHash, full_hash = @fullHash,
           state = 'present', missing_since = NULL
         WHERE id = @fileId`,
      ),
      photosOf: db.prepare<[number], { photo_id: number }>(
        `SELECT DISTINCT photo_id FROM folder_files WHERE root_id = ? AND photo_id IS NOT NULL
         ORDER BY photo_id`,
      ),
      counts: db.prepare<[number], { files: number; missing: number; photos: number }>(
        `SELECT count(*) AS files, count(*) FILTER (WHERE state = 'missing') AS missing,
           count(DISTINCT photo_id) AS photos
         FROM folder_files WHERE root_id = ?`,
      ),
    };
  }

  /**
   * Records an added folder (and its volume, unless the volume is known already, which then
   * gets the mount path it was seen at). Throws a CONFLICT ShoeboxError when the folder, or a
   * folder inside or around it, was added before.
   */
  addRoot(placement: FolderPlacement, options: NewRootOptions): FolderRoot {
    const { volume, relPath, realPath } = placement;
    return this.db
      .transaction(() => {
        for (const root of this.listRoots()) {
          const other = rootPath(root);
          if (root.status !== 'ok') continue;
          if (overlaps(other, realPath)) {
            throw new ShoeboxError(
              'CONFLICT',
              other === realPath
                ? `${realPath} is already added`
                : `${realPath} overlaps ${other}, which is already added: add one or the other`,
            );
          }
        }
        const volumeId = this.volumeIdOf(volume, options.now);
        if (
          this.listRoots().some((root) => root.volume.id === volumeId && root.relPath === relPath)
        ) {
          throw new ShoeboxError('CONFLICT', `${realPath} is already added`);
        }
        const id = Number(
          this.statements.insertRoot.run({
            volumeId,
            relPath,
            watch: options.watch ? 1 : 0,
            writeXmp: options.writeXmp ? 1 : 0,
            now: options.now,
          }).lastInsertRowid,
        );
        return this.getRoot(id)!;
      })
      .immediate();
  }

  /**
   * Points a root at the folder of `placement` (the user located a moved folder, or its drive
   * at a new place): its volume found or recorded as `addRoot` does, its rows kept, so its
   * photos keep everything. CONFLICT when another added folder is that folder or overlaps it.
   */
  relocateRoot(rootId: number, placement: FolderPlacement, now: string): FolderRoot {
    const { volume, relPath, realPath } = placement;
    return this.db
      .transaction(() => {
        for (const root of this.listRoots()) {
          if (root.id === rootId || root.status !== 'ok') continue;
          if (overlaps(rootPath(root), realPath)) {
            throw new ShoeboxError(
              'CONFLICT',
              `${realPath} overlaps ${rootPath(root)}, which is added`,
            );
          }
        }
        const volumeId = this.volumeIdOf(volume, now);
        this.statements.relocateRoot.run(volumeId, relPath, rootId);
        return this.getRoot(rootId)!;
      })
      .immediate();
  }

  /** The id of `volume`'s row, recorded now if it is new, else seen at its mount path now. */
  private volumeIdOf(volume: VolumeRecord, now: string): number {
    const known = this.statements.volumeByIdentity.get(volume.identityKind, volume.identity)?.id;
    if (known !== undefined) {
      this.statements.volumeSeen.run({ id: known, mountPath: volume.mountPath, now });
      return known;
    }
    return Number(
      this.statements.insertVolume.run({
        ...volume,
        caseInsensitive: volume.caseInsensitive ? 1 : 0,
        now,
      }).lastInsertRowid,
    );
  }

  /** Every added folder, in the order they were added. */
  listRoots(): FolderRoot[] {
    return this.statements.roots.all().map((row) => this.toRoot(row));
  }

  /** One added folder, or null. */
  getRoot(id: number): FolderRoot | null {
    const row = this.statements.root.get(id);
    return row ? this.toRoot(row) : null;
  }

  /** Forgets a folder and its index (its photos are the caller's to remove first). */
  removeRoot(id: number): boolean {
    return this.statements.deleteRoot.run(id).changes > 0;
  }

  /** The volume was found at `mountPath` now. */
  markVolumeSeen(volumeId: number, mountPath: string, now: string): void {
    this.statements.volumeSeen.run({ id: volumeId, mountPath, now });
  }

  /** The volume was not found: its roots go offline, their files stay as they were. */
  markVolumeOffline(volumeId: number): void {
    this.statements.volumeOffline.run(volumeId);
  }

  /** Sets a root's status; answers whether it changed. */
  setRootStatus(rootId: number, status: FolderRoot['status']): boolean {
    return this.statements.rootStatus.run(status, rootId, status).changes > 0;
  }

  /** Records that a root was scanned at `now`. */
  markRootScanned(rootId: number, now: string): void {
    this.statements.rootScanned.run(now, rootId);
  }

  /** The index rows of a root, or of the folders of `scopes` in it. */
  filesOf(rootId: number, scopes?: readonly FolderScope[]): IndexedFile[] {
    if (!scopes || scopes.some((scope) => scope.folder === '' && scope.deep)) {
      return this.statements.filesOfRoot.all(rootId).map(toIndexedFile);
    }
    const byId = new Map<number, IndexedFile>();
    for (const { folder, deep } of scopes) {
      // '/' is U+002F and '0' U+0030: the paths below `folder/` are one range of the index.
      const [from, to] = [`${folder}/`, `${folder}0`];
      const rows =
        folder === ''
          ? this.statements.filesAtTop.all(rootId)
          : deep
            ? this.statements.filesBelow.all(rootId, from, to)
            : this.statements.filesIn.all(rootId, from, to, from);
      for (const row of rows) byId.set(row.id, toIndexedFile(row));
    }
    return [...byId.values()];
  }

  /** Missing files of every root that is not offline: a new file may be one of them, moved. */
  missingFilesOfOkRoots(): IndexedFile[] {
    return this.statements.missingOfOkRoots.all().map(toIndexedFile);
  }

  /** Records that an indexed file is (part of) a photo, once the import made it. */
  linkPhoto(
    fileId: number,
    photoId: number,
    role: 'original' | 'pair' | 'motion' | 'sidecar',
  ): boolean {
    return this.statements.linkPhoto.run(photoId, role, fileId).changes > 0;
  }

  /**
   * Points an index row at another place (the user located its file): a row already there
   * that no photo is made of (the file indexed as new meanwhile) gives way; one that is
   * another photo's is a CONFLICT.
   */
  relinkFile(
    fileId: number,
    place: {
      rootId: number;
      relPath: string;
      pathKey: string;
      size: number;
      mtimeMs: number;
      quickHash: string;
      fullHash: string;
    },
  ): void {
    this.db
      .transaction(() => {
        const there = this.statements.fileAt.get(place.rootId, place.relPath);
        if (there && there.id !== fileId) {
          if (there.photo_id !== null) {
            throw new ShoeboxError('CONFLICT', `${place.relPath} is another photo's file`);
          }
          this.statements.forgetFile.run(there.id);
        }
        this.statements.relink.run({ ...place, fileId });
      })
      .immediate();
  }

  /** Records that the imports of these files came to an end without a photo of their own. */
  markImportDone(fileIds: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of fileIds) this.statements.importDone.run(id);
    })();
  }

  /** A root's files whose import never came to an end (cancelled, crashed): to import again. */
  filesToImport(rootId: number): IndexedFile[] {
    return this.statements.toImport.all(rootId).map(toIndexedFile);
  }

  /** One index row with the role its file has in its photo, or null. */
  fileById(id: number): (IndexedFile & { role: string | null }) | null {
    const row = this.statements.fileById.get(id);
    return row ? { ...toIndexedFile(row), role: row.role } : null;
  }

  /** Drops files from the index (deleted from the disk by the user's own request). */
  forgetFiles(fileIds: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of fileIds) this.statements.forgetFile.run(id);
    })();
  }

  /** The photos made of a root's files. */
  photosOf(rootId: number): number[] {
    return this.statements.photosOf.all(rootId).map((row) => row.photo_id);
  }

  /** How many files and photos a root has indexed, and how many of its files are missing. */
  countsOf(rootId: number): { files: number; missing: number; photos: number } {
    return this.statements.counts.get(rootId)!;
  }

  private toRoot(row: RootRow): FolderRoot {
    const volume = this.statements.volume.get(row.volume_id)!;
    return {
      id: row.id,
      relPath: row.rel_path,
      status: row.status,
      watch: row.watch === 1,
      writeXmp: row.write_xmp === 1,
      addedAt: row.added_at,
      lastScanAt: row.last_scan_at,
      volume: {
        id: volume.id,
        identityKind: volume.identity_kind,
        identity: volume.identity,
        kind: volume.kind,
        label: volume.label,
        fsType: volume.fs_type,
        caseInsensitive: volume.case_insensitive === 1,
        mountPath: volume.mount_path,
        fsPath: volume.fs_path,
        status: volume.status,
        lastSeenAt: volume.last_seen_at,
      },
    };
  }
}

/** Where a root was last seen on disk: its volume's mount path and its relative path. */
export function rootPath(root: {
  relPath: string;
  volume: Pick<FolderRoot['volume'], 'mountPath'>;
}): string {
  const { mountPath } = root.volume;
  if (root.relPath === '') return mountPath;
  const separator = mountPath.includes('\\') && !mountPath.includes('/') ? '\\' : '/';
  const base = mountPath.endsWith(separator) ? mountPath : `${mountPath}${separator}`;
  return `${base}${root.relPath.split('/').join(separator)}`;
}

function overlaps(a: string, b: string): boolean {
  const within = (inner: string, outer: string) =>
    inner === outer ||
    inner.startsWith(outer.endsWith('/') || outer.endsWith('\\') ? outer : `${outer}/`) ||
    inner.startsWith(`${outer}\\`);
  return within(a, b) || within(b, a);
}

function toIndexedFile(row: FileRow): IndexedFile {
  return {
    id: row.id,
    rootId: row.root_id,
    relPath: row.rel_path,
    pathKey: row.path_key,
    size: row.size,
    mtimeMs: row.mtime_ms,
    quickHash: row.quick_hash,
    fullHash: row.full_hash,
    photoId: row.photo_id,
    state: row.state,
  };
}
