import { useRef, useState } from 'react';

interface AlbumNameFormProps {
  label: string;
  initialName: string;
  /** Saves the name; the parent closes the form once it is saved. */
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}

/**
 * An inline text field to name an album: Enter or clicking away saves (as Finder's rename does;
 * a typed name is never lost), Escape cancels, and so does leaving it empty or unchanged.
 */
export function AlbumNameForm({ label, initialName, onSubmit, onCancel }: AlbumNameFormProps) {
  const [name, setName] = useState(initialName);
  const saving = useRef(false);
  const cancelled = useRef(false);
  const submit = async () => {
    if (saving.current || cancelled.current) return;
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === initialName) {
      onCancel();
      return;
    }
    saving.current = true;
    await onSubmit(trimmed);
    saving.current = false;
  };
  return (
    <form
      className="album-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <input
        aria-label={label}
        value={name}
        maxLength={200}
        // The field appears because the user just asked to type a name.
        autoFocus
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          // The field unmounts and blurs: that blur must not save what Escape threw away.
          cancelled.current = true;
          onCancel();
        }}
        onBlur={() => void submit()}
      />
    </form>
  );
}
