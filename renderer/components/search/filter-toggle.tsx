import { useShoeboxStore } from '../../store/store';
import { FILTER_BAR_ID } from './filter-bar';

/** The toolbar's Filter button: opens and closes the filter bar's facets. */
export function FilterToggle() {
  const open = useShoeboxStore((state) => state.filterBarOpen);
  return (
    <button
      type="button"
      className={`filter-toggle${open ? ' is-on' : ''}`}
      aria-pressed={open}
      aria-controls={open ? FILTER_BAR_ID : undefined}
      title="Filter by stars, flag, label, keyword, camera, lens, year or type"
      onClick={() => useShoeboxStore.getState().setFilterBarOpen(!open)}
    >
      <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M4 6h16M7 12h10M10 18h4" />
      </svg>
      Filter
    </button>
  );
}
