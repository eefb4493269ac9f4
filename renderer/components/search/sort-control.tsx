import type { SearchSort } from '../../../common/search/query-ast';
import { useClient } from '../../bridge/client-context';
import { sortSearch } from '../../store/search-actions';
import { useShoeboxStore } from '../../store/store';

/** What each sort is called, and its two orders in the words that fit it. */
const SORTS: Record<SearchSort, { label: string; asc: string; desc: string }> = {
  taken: { label: 'Capture time', asc: 'Oldest first', desc: 'Newest first' },
  added: { label: 'Import time', asc: 'Oldest first', desc: 'Newest first' },
  name: { label: 'File name', asc: 'A to Z', desc: 'Z to A' },
  rating: { label: 'Rating', asc: 'Fewest stars first', desc: 'Most stars first' },
};

/** The search's sort: capture time, import time, file name (natural order) or stars, and which way. */
export function SortControl() {
  const client = useClient();
  const view = useShoeboxStore((state) => state.view);
  if (view.kind !== 'search') return null;
  const words = SORTS[view.sort];
  return (
    <div className="sort-control" role="group" aria-label="Sort">
      <label>
        Sort by
        <select
          value={view.sort}
          onChange={(event) =>
            void sortSearch(client, event.target.value as SearchSort, view.order)
          }
        >
          {Object.entries(SORTS).map(([sort, { label }]) => (
            <option key={sort} value={sort}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <select
        aria-label="Order"
        value={view.order}
        onChange={(event) =>
          void sortSearch(client, view.sort, event.target.value as 'asc' | 'desc')
        }
      >
        <option value="desc">{words.desc}</option>
        <option value="asc">{words.asc}</option>
      </select>
    </div>
  );
}
