/**
 * The small "×" beside what it removes or clears (a condition, a facet, a sort, a field).
 * `label` says what it does to a screen reader; `title`, where given, to the pointer.
 */
export function RemoveButton(props: {
  label: string;
  onClick: () => void;
  title?: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="icon-button icon-button-small"
      aria-label={props.label}
      title={props.title}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      ×
    </button>
  );
}
