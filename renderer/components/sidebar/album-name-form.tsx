import { useRef, useState, type FormEvent } from 'react';

interface AlbumNameFormProps {
  label: string;
  initialName: string;
  /** Saves the name; the parent closes the form once it is saved. */
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}

/** An inline text field to name an album: Enter saves, Escape or leaving it cancels. */
export function AlbumNameForm({ label, initialName, onSubmit, onCancel }: AlbumNameFormProps) {
  const [name, setName] = useState(initialName);
  const saving = useRef(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
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
    <form className="album-name-form" onSubmit={(event) => void submit(event)}>
      <input
        aria-label={label}
        value={name}
        maxLength={200}
        // The field appears because the user just asked to type a name.
        autoFocus
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        onBlur={() => {
          if (!saving.current) onCancel();
        }}
      />
    </form>
  );
}
