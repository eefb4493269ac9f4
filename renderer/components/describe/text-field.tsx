import { useId, useState, type KeyboardEvent } from 'react';
import { keepKeyInField } from './field-keys';

/**
 * A title or caption: saved on blur and on Enter (Ctrl/Cmd+Enter in a caption, where Enter
 * starts a new line), Esc puts back what is saved. For photos that differ it starts empty with
 * "Mixed" as its placeholder, and leaving it empty changes none of them.
 */
export function DescriptionText({
  label,
  value,
  mixed = false,
  multiline = false,
  placeholder,
  onSave,
}: {
  label: string;
  value: string | null;
  mixed?: boolean;
  multiline?: boolean;
  placeholder: string;
  onSave: (text: string | null) => Promise<boolean>;
}) {
  const id = useId();
  const saved = value ?? '';
  const [draft, setDraft] = useState(saved);
  // What was last sent: the blur after an Enter must not send it again before the answer.
  const [sent, setSent] = useState(saved);
  // The saved text changed (the answer, another photo's undo): the field shows it.
  const [shown, setShown] = useState(saved);
  if (shown !== saved) {
    setShown(saved);
    setDraft(saved);
    setSent(saved);
  }

  const save = () => {
    if (draft === sent || (mixed && draft === '')) return;
    setSent(draft);
    void onSave(draft.trim() === '' ? null : draft).then((ok) => {
      // Not taken (the error is a toast): the next blur or Enter tries again.
      if (!ok) setSent((now) => (now === draft ? saved : now));
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const command = event.ctrlKey || event.metaKey;
    if (event.key === 'Enter' && !event.shiftKey && (!multiline || command)) {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape' && draft !== sent) {
      event.preventDefault();
      setDraft(sent);
    }
    keepKeyInField(event);
  };
  const common = {
    id,
    className: 'describe-text',
    value: draft,
    placeholder: mixed ? 'Mixed' : placeholder,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onBlur: save,
    onKeyDown,
  };
  return (
    <div className="describe-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
    </div>
  );
}
