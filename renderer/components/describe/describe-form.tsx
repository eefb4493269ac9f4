import type { PhotoChanges, PhotoDetails, PhotoSummary } from '../../../common/contract';
import { useClient } from '../../bridge/client-context';
import { describePhotos } from '../../store/describe-actions';
import { useShoeboxStore } from '../../store/store';
import { CaptureTime } from './capture-time';
import { commonKeywords, commonValue, MIXED } from './common-values';
import { FlagButtons } from './flag-buttons';
import { KeywordEditor } from './keyword-editor';
import { LabelSwatches } from './label-swatches';
import { StarRating } from './star-rating';
import { DescriptionText } from './text-field';

/**
 * The editable description of one photo or of several at once: stars, flag and label (from
 * the summaries, so they follow the tiles at once), and, once the details are there, title,
 * caption and keywords; the capture time. Every edit is one `describePhotos` for all of them.
 */
export function DescribeForm({
  photoIds,
  summaries,
  details,
  onChanged,
}: {
  photoIds: number[];
  summaries: readonly PhotoSummary[];
  /** The photos in full, or null while they load or when there are too many to fetch. */
  details: readonly PhotoDetails[] | null;
  /** Called after a change the core took: the caller fetches the details again. */
  onChanged: () => void;
}) {
  const client = useClient();
  const describe = async (changes: PhotoChanges): Promise<boolean> => {
    const ok = await describePhotos(client, photoIds, changes);
    if (ok) {
      useShoeboxStore.getState().markKeywordTreeStale();
      onChanged();
    }
    return ok;
  };
  const many = photoIds.length > 1;
  const one = details !== null && details.length === 1 ? details[0] : null;
  const title = details === null ? MIXED : commonValue(details.map((photo) => photo.title));
  const caption = details === null ? MIXED : commonValue(details.map((photo) => photo.caption));
  const keywords = details === null ? [] : commonKeywords(details.map((photo) => photo.keywords));
  // Fields are made afresh for other photos: a draft typed for one never lands on the next.
  const key = photoIds.join(',');
  return (
    <div className="describe">
      <StarRating
        value={commonValue(summaries.map((photo) => photo.rating))}
        onChange={(rating) => void describe({ rating })}
      />
      <FlagButtons
        value={commonValue(summaries.map((photo) => photo.flag))}
        onChange={(flag) => void describe({ flag })}
      />
      <LabelSwatches
        value={commonValue(summaries.map((photo) => photo.label))}
        onChange={(label) => void describe({ label })}
      />
      {details !== null && (
        <>
          <DescriptionText
            key={`title-${key}`}
            label="Title"
            value={title === MIXED ? null : title}
            mixed={title === MIXED}
            placeholder="Add a title"
            onSave={(text) => describe({ title: text })}
          />
          <DescriptionText
            key={`caption-${key}`}
            label="Caption"
            value={caption === MIXED ? null : caption}
            mixed={caption === MIXED}
            multiline
            placeholder="Add a caption"
            onSave={(text) => describe({ caption: text })}
          />
        </>
      )}
      <KeywordEditor
        key={`keywords-${key}`}
        keywords={keywords}
        note={
          details === null && many
            ? 'Too many photos to list their keywords; an added one goes on all of them.'
            : many
              ? 'Keywords all of them have; an added one goes on all of them.'
              : undefined
        }
        onAdd={(path) => void describe({ addKeywords: [path] })}
        onRemove={(path) => void describe({ removeKeywords: [path] })}
      />
      <CaptureTime
        key={`time-${key}`}
        takenAt={one?.takenAt ?? (many ? null : (summaries[0]?.takenAt ?? null))}
        takenAtOriginal={one?.takenAtOriginal ?? null}
        count={photoIds.length}
        anyChanged={details?.some((photo) => photo.takenAtOriginal !== null) ?? false}
        onChange={describe}
      />
    </div>
  );
}
