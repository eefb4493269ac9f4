/** The contract's search methods: search pages, a search's timeline and facets, smart queries. */
import type { LibraryChangeReason, ShoeboxHandlers } from '../../../common/contract';
import { photoSummary } from '../../../common/photo-summary';
import type { AlbumRepository } from '../library/album-repository';
import type { SearchService } from './search-service';

/** The search methods of the contract. */
export type SearchHandlers = Pick<
  ShoeboxHandlers,
  'search' | 'searchTimeline' | 'searchFacets' | 'setAlbumQuery'
>;

/** What the search methods work with. */
export interface SearchHandlerDependencies {
  search: SearchService;
  albums: AlbumRepository;
  /** Announces a change this process made. */
  changed: (reason: Extract<LibraryChangeReason, 'albums'>) => void;
}

// As listPhotos: larger pages make one IPC message or HTTP answer that stalls the UI.
const DEFAULT_PAGE_SIZE = 200;

/** Creates the search methods of one core. */
export function createSearchHandlers({
  search,
  albums,
  changed,
}: SearchHandlerDependencies): SearchHandlers {
  return {
    async search(input) {
      const page = search.page({ ...input, limit: input.limit ?? DEFAULT_PAGE_SIZE });
      return { ...page, photos: page.photos.map(photoSummary) };
    },
    async searchTimeline({ query, order }) {
      return search.days(query, order ?? 'asc');
    },
    async searchFacets({ query }) {
      return search.facets(query);
    },
    async setAlbumQuery({ albumId, query }) {
      search.compile(query);
      const album = albums.setQuery(albumId, query);
      changed('albums');
      return search.present(album);
    },
  };
}
