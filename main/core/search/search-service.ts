/**
 * Searching the library and smart albums: a query text parsed, compiled against the albums as
 * they are now, and paged, counted or faceted by the search repository. A smart album is a
 * saved query; its photos, count and cover are those the query finds at the moment asked.
 */
import type { Album, Photo, PhotoPage, SearchFacets } from '../../../common/contract';
import { ShoeboxError } from '../../../common/errors';
import { parseQuery } from '../../../common/search/parse-query';
import type { QueryNode, SearchSort } from '../../../common/search/query-ast';
import type { FolderPlace } from '../folders/folder-names';
import type { AlbumRepository } from '../library/album-repository';
import type { PhotoRepository, PhotoRow } from '../library/photo-repository';
import { compileQuery, type AlbumResolver, type CompiledQuery } from './compile-query';
import type { SearchRepository } from './search-repository';

/** A search page with each photo's full record, as `shoebox search --json` prints it. */
export type SearchRecordPage = Omit<PhotoPage, 'photos'> & { photos: Photo[] };

/** What a page of a search asks for. */
export interface SearchPageRequest {
  query: string;
  sort?: SearchSort;
  order?: 'asc' | 'desc';
  cursor?: string | null;
  fromDay?: string;
  limit: number;
}

// A smart album whose saved query no longer parses (written by a newer Shoebox, say) finds
// nothing rather than failing every listing of albums.
const NOTHING: QueryNode = { kind: 'not', node: { kind: 'all' } };

/** Searches and smart albums over one library's repositories. */
export class SearchService {
  private readonly resolver: AlbumResolver;

  constructor(
    private readonly searches: SearchRepository,
    private readonly photos: PhotoRepository,
    albums: AlbumRepository,
    /** The added folders a `folder:` term names (none when absent: it then finds nothing). */
    folders?: (value: string) => FolderPlace[],
  ) {
    this.resolver = {
      find: (name) => {
        const album = albums.findByName(name);
        if (album === undefined) return undefined;
        return { id: album.id, query: album.query === null ? null : savedQuery(album.query) };
      },
      isCommonKeyword: (key) => searches.isCommonKeyword(key),
      folders,
    };
  }

  /** A query text compiled to SQL; INVALID_INPUT (naming where) when it does not parse. */
  compile(query: string): CompiledQuery {
    return compileQuery(parseQuery(query), this.resolver);
  }

  /** One page of a search with full records; `total` on the first page. */
  page(request: SearchPageRequest): SearchRecordPage {
    const { rows, nextCursor, compiled } = this.rowPage(request);
    return {
      photos: this.photos.toPhotos(rows),
      nextCursor,
      total: request.cursor ? null : this.searches.count(compiled),
    };
  }

  /** One page of a search as rows (what an export reads), and the query it compiled. */
  rowPage(request: SearchPageRequest): {
    rows: PhotoRow[];
    nextCursor: string | null;
    compiled: CompiledQuery;
  } {
    const sort = request.sort ?? 'taken';
    const order = request.order ?? 'asc';
    if (request.fromDay !== undefined && (sort !== 'taken' || request.cursor)) {
      throw new ShoeboxError(
        'INVALID_INPUT',
        'fromDay starts a page sorted by capture time, without a cursor.',
      );
    }
    const compiled = this.compile(request.query);
    const cursor =
      request.fromDay !== undefined
        ? this.searches.cursorAtDay(request.fromDay, order)
        : (request.cursor ?? null);
    return { ...this.searches.page(compiled, sort, order, cursor, request.limit), compiled };
  }

  /** Photo counts per capture day of a search. */
  days(query: string, order: 'asc' | 'desc'): { day: string; count: number }[] {
    return this.searches.days(this.compile(query), order);
  }

  /** The filter bar's counts for a search. */
  facets(query: string): SearchFacets {
    return this.searches.facets(this.compile(query));
  }

  /**
   * An album as the UI shows it: a smart album's count and cover are those of its search now
   * (the cover: the newest photo it finds). Manual albums as they are.
   */
  present(album: Album): Album {
    if (album.query === null) return album;
    const compiled = compileQuery(savedQuery(album.query), this.resolver);
    const newest = this.searches.page(compiled, 'taken', 'desc', null, 1).rows[0];
    return {
      ...album,
      photoCount: this.searches.count(compiled),
      coverPhotoId: newest?.id ?? null,
    };
  }
}

/** A smart album's saved query, parsed; one that no longer parses finds nothing. */
function savedQuery(query: string): QueryNode {
  try {
    return parseQuery(query);
  } catch {
    return NOTHING;
  }
}
