import { isChosen, type FacetChoice, type FacetGroup } from './filter-terms';

interface FacetGroupViewProps {
  group: FacetGroup;
  /** The terms of the query shown: which choices are on. */
  terms: readonly string[];
  onChoose: (choice: FacetChoice, extend: boolean) => void;
}

/**
 * One facet of the filter bar: its choices as toggle buttons, each with how many photos of
 * the result it leaves; a chosen one is pressed, and pressing it again takes it out.
 */
export function FacetGroupView({ group, terms, onChoose }: FacetGroupViewProps) {
  if (group.choices.length === 0) return null;
  return (
    <div role="group" aria-label={group.name} className="facet-group">
      <span className="facet-name" aria-hidden="true">
        {group.name}
      </span>
      <div className="facet-choices">
        {group.choices.map((choice) => {
          const chosen = isChosen(choice, terms);
          return (
            <button
              key={choice.term}
              type="button"
              className={`facet-choice${chosen ? ' is-chosen' : ''}${choice.count === 0 && !chosen ? ' is-empty' : ''}`}
              aria-pressed={chosen}
              aria-label={`${choice.spoken ?? choice.label}, ${choice.count.toLocaleString()}`}
              title={group.hint === undefined ? choice.term : `${choice.term}. ${group.hint}`}
              onClick={(event) => onChoose(choice, event.shiftKey)}
            >
              {choice.swatch !== undefined && (
                <span className={`facet-swatch tile-label-${choice.swatch}`} aria-hidden="true" />
              )}
              <span className="facet-label">{choice.label}</span>
              <span className="facet-count">{choice.count.toLocaleString()}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
