/**
 * Album names as the command line takes them: a new name checked as the contract checks it,
 * and an existing album found by its name in any case, through the contract like any client.
 */
import type { Album } from '../../common/contract';
import { AlbumNameSchema } from '../../common/contract';
import { ShoeboxError } from '../../common/errors';
import type { ShoeboxCore } from '../core/shoebox-core';

/** `name` as a new album's name; INVALID_INPUT with the contract's reason otherwise. */
export function parseAlbumName(name: string): string {
  const parsed = AlbumNameSchema.safeParse(name);
  if (!parsed.success) throw new ShoeboxError('INVALID_INPUT', parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The album named `name` (any case, as album names are unique), if there is one. */
export async function findAlbumByName(core: ShoeboxCore, name: string): Promise<Album | undefined> {
  return (await core.handlers.findAlbum({ name })) ?? undefined;
}

/** The album named `name` (any case); NOT_FOUND otherwise. */
export async function getAlbumByName(core: ShoeboxCore, name: string): Promise<Album> {
  const album = await findAlbumByName(core, name);
  if (!album) throw new ShoeboxError('NOT_FOUND', `There is no album named "${name}".`);
  return album;
}
