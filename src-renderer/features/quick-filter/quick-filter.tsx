import { useLayoutEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { WhereNode } from '../../../src-shared/contract/query';
import { parseSearchText } from '../../../src-shared/search/search-text';
import { useOperation } from '../../client/use-operation';
import { ActionButton } from '../../components/action-button';
import { Icon } from '../../components/icons';
import { Popover } from '../../components/popover';
import { useClientSize } from '../../components/use-client-size';
import { useQueryStore } from '../../state/query-store';
import { useTableActions } from '../../state/table-actions-store';
import { describeCondition } from './describe-condition';
import { fittingHint, searchHints, textRoomOf, textWidthIn } from './search-placeholder';
import './quick-filter.css';
import { usePick } from '../../state/use-pick';

/** Focused by `/` (see app/shortcuts.ts). */
export const quickFilterInputId = 'quick-filter-input';

/**
 * The search box: text as people type it into a log tool (src-shared/search/search-text.ts):
 * plain words and "quoted phrases" are found in every string of the event, in any case;
 * `-word` excludes; `/regex/` (or every word, with the regex toggle) is a regular expression;
 * `field:value` is a condition on that field. Enter turns each part into a condition, shown as
 * a chip that says what it does — with those added by facets, "filter to this" and the like.
 * A part that cannot be searched (an invalid regex, an open quote) is named in place and
 * nothing is sent. The query-builder feature replaces this component in the same region.
 */
export function QuickFilter() {
  const { where, setWhere, removeCondition, clearFilters, instance } = usePick(
    useQueryStore,
    'where',
    'setWhere',
    'removeCondition',
    'clearFilters',
    'instance',
  );
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  // Shown once Enter found a problem, then kept current while the text is edited.
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const shown = chipsThatFit(useClientSize(box).width, where.length);
  const inputWidth = useClientSize(input).width;
  const hints = regex ? searchHints.regex : searchHints.words;
  const [hint, setHint] = useState<string>(hints[0]);
  // Measured after layout, before paint: the hint never shows cut, even for a frame.
  useLayoutEffect(() => {
    const el = input.current;
    setHint(
      !el || inputWidth === 0
        ? hints[0]
        : fittingHint(hints, textRoomOf(el), (t) => textWidthIn(el, t)),
    );
  }, [hints, inputWidth]);
  // The instance's paths, so that `id.orig_h:x` finds Zeek's key "id.orig_h".
  const described = useOperation(
    'describeFields',
    { instanceId: instance ?? '' },
    { enabled: instance !== null },
  ).data?.fields;
  const knownFields = useMemo(() => new Set(described?.map((f) => f.path)), [described]);
  const check = (value: string, options: { regex: boolean; caseSensitive: boolean }) => {
    const parsed = parseSearchText(value, { ...options, knownFields });
    return parsed.ok ? null : problemText(parsed);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    const parsed = parseSearchText(text, { regex, caseSensitive, knownFields });
    if (!parsed.ok) {
      setProblem(problemText(parsed));
      return;
    }
    setWhere([...where, ...parsed.where]);
    setText('');
    setProblem(null);
  };
  const toggle = (which: 'regex' | 'case') => {
    const next = {
      regex: which === 'regex' ? !regex : regex,
      caseSensitive: which === 'case' ? !caseSensitive : caseSensitive,
    };
    setRegex(next.regex);
    setCaseSensitive(next.caseSensitive);
    if (problem !== null) setProblem(check(text, next));
    input.current?.focus();
  };
  return (
    <form className="quick-filter" onSubmit={submit} role="search" data-testid="quick-filter">
      <div ref={box} className="quick-filter-box" data-invalid={problem !== null || undefined}>
        <Icon name="filter" />
        {where.slice(0, shown).map((node, i) => (
          <ConditionChip key={i} node={node} onRemove={() => removeCondition(i)} />
        ))}
        {shown < where.length && (
          <Popover
            testId="more-conditions-list"
            className="more-conditions"
            trigger={
              <button
                type="button"
                className="chip chip-more"
                data-testid="more-conditions"
                data-count={where.length - shown}
                aria-label={`${where.length - shown} more conditions: show all`}
                title={where
                  .slice(shown)
                  .map((n) => describeCondition(n))
                  .join('\n')}
              >
                +{where.length - shown}
              </button>
            }
          >
            <div className="panel-title">All conditions</div>
            <ul className="more-conditions-items">
              {where.map((node, i) => (
                <li key={i} data-testid="listed-condition">
                  <ConditionChip
                    node={node}
                    onRemove={() => removeCondition(i)}
                    testId="listed-condition-chip"
                  />
                </li>
              ))}
            </ul>
          </Popover>
        )}
        {/* The input, its toggles and Clear keep their room; the chips give way (+N). */}
        <div className="quick-filter-tail">
          <input
            ref={input}
            id={quickFilterInputId}
            className="quick-filter-input"
            placeholder={where.length === 0 ? hint : 'Add…'}
            title={hints[0]}
            aria-label="Search"
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? 'quick-filter-problem' : undefined}
            data-testid="filter-input"
            disabled={instance === null}
            value={text}
            spellCheck={false}
            onChange={(e) => {
              setText(e.target.value);
              if (problem !== null) setProblem(check(e.target.value, { regex, caseSensitive }));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setText('');
                setProblem(null);
                input.current?.blur();
                // Out of the box, into the results: arrows, j / k and Enter work at once.
                useTableActions.getState().focus?.();
              }
              if (e.key === 'Backspace' && text === '' && where.length > 0)
                removeCondition(where.length - 1);
            }}
          />
          <SearchToggle
            on={caseSensitive}
            title="Match case: words and regular expressions in the case typed"
            testId="search-match-case"
            disabled={instance === null}
            onClick={() => toggle('case')}
          >
            Aa
          </SearchToggle>
          <SearchToggle
            on={regex}
            title="Regular expression: every word is a pattern (RE2 syntax), as /…/ is"
            testId="search-regex"
            disabled={instance === null}
            onClick={() => toggle('regex')}
          >
            .*
          </SearchToggle>
          {where.length > 0 && (
            <ActionButton
              className="button button-small"
              action={{ label: 'Clear', testId: 'clear-filters', onClick: clearFilters }}
            />
          )}
        </div>
      </div>
      {problem && (
        <p
          className="field-error"
          role="alert"
          id="quick-filter-problem"
          data-testid="search-problem"
        >
          {problem}
        </p>
      )}
    </form>
  );
}

/** The parser's message, with where the part starts unless the message says where already. */
function problemText(parsed: { message: string; at: number }): string {
  return / at character \d+$/u.test(parsed.message)
    ? parsed.message
    : `${parsed.message} at character ${parsed.at + 1}`;
}

/** A search option that stays on until pressed again (match case, regular expression). */
function SearchToggle(props: {
  on: boolean;
  title: string;
  testId: string;
  disabled: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`search-toggle${props.on ? ' is-on' : ''}`}
      aria-pressed={props.on}
      title={props.title}
      data-testid={props.testId}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** One condition as a chip, cut with an ellipsis where narrow: its title says it whole. */
function ConditionChip({
  node,
  onRemove,
  testId = 'condition-chip',
}: {
  node: WhereNode;
  onRemove: () => void;
  /** The bar's chips are `condition-chip`; the +N list's are others, so counts stay the bar's. */
  testId?: string;
}) {
  const text = describeCondition(node);
  return (
    <span className="chip" data-testid={testId}>
      <span className="mono" title={text}>
        {describeCondition(node, 'chip')}
      </span>
      <button
        type="button"
        aria-label={`Remove the condition ${text}`}
        data-testid="remove-condition"
        onClick={onRemove}
      >
        <Icon name="x" size={10} />
      </button>
    </span>
  );
}

/**
 * How many chips the box shows on its one line (px as in quick-filter.css): each needs at least
 * `chipMin`, the input with its toggles and Clear keep `tailMin`, and once some are hidden the
 * +N chip takes `moreWidth`. Before the box is measured (width 0), all of them.
 */
const chipMin = 100;
const tailMin = 170;
const moreWidth = 36;
const boxChrome = 40; // padding, border and the filter icon
const chipGap = 4;
function chipsThatFit(boxWidth: number, count: number): number {
  if (boxWidth === 0) return count;
  const room = boxWidth - boxChrome - tailMin;
  if (count * (chipMin + chipGap) <= room) return count;
  return Math.max(0, Math.floor((room - moreWidth - chipGap) / (chipMin + chipGap)));
}
