import { useEffect } from 'react';
import { useToast } from '../state/toast-store';

/** The toast store's message, gone after a few seconds. */
export function Toast() {
  const { message, at } = useToast();
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => useToast.setState({ message: null }), 2500);
    return () => clearTimeout(t);
  }, [message, at]);
  if (!message) return null;
  return (
    <div className="toast" role="status" data-testid="toast">
      {message}
    </div>
  );
}

/** Copies text, saying so (or saying why it could not). */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    useToast.getState().show(`Copied ${what}`);
  } catch (err) {
    useToast.getState().show(`Could not copy: ${(err as Error).message}`);
  }
}
