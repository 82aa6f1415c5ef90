import { useState } from 'react';
import type { Query } from '../../../src-shared/contract/query';
import { Menu, MenuItem } from '../../components/popover';
import { asCliCommand, asDslJson, asSdkCall } from './copy-as';
import { ToolButton } from '../../components/tool-button';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (some embedders): the old way still works from a user gesture.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Copy the current query as DSL JSON, an `eventlens` command line, or an SDK-style call. */
export function CopyAsMenu(props: { query: Query | null; dbPath?: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const { query } = props;
  const forms: { id: string; label: string; text: () => string }[] = query
    ? [
        { id: 'json', label: 'DSL JSON', text: () => asDslJson(query) },
        {
          id: 'cli',
          label: 'CLI command',
          text: () => asCliCommand(query, props.dbPath ? { db: props.dbPath } : {}),
        },
        { id: 'sdk', label: 'SDK call (eventLog.queryEvents)', text: () => asSdkCall(query) },
      ]
    : [];
  return (
    <Menu
      trigger={
        <ToolButton
          data-testid="copy-as"
          disabled={!query}
          aria-label="Copy as"
          title={
            copied ? `Copied ${copied}` : 'Copy the query as JSON, a command line or an SDK call'
          }
          icon="copy"
          label={copied ? `Copied ${copied}` : 'Copy as'}
        />
      }
    >
      {forms.map((f) => (
        <MenuItem
          key={f.id}
          testId={`copy-as-${f.id}`}
          onSelect={() => {
            const text = f.text();
            void copyText(text).then((ok) => {
              setCopied(ok ? f.label : 'nothing: the clipboard refused');
              setTimeout(() => setCopied(null), 1500);
            });
          }}
        >
          {f.label}
        </MenuItem>
      ))}
    </Menu>
  );
}
