import { anyField, type WhereNode } from '../../../src-shared/contract/query';
import { operatorFacts } from '../../../src-shared/contract/operators';

/**
 * A condition as its chip says it, in words a person reads at a glance: what the search box
 * made of each part ("any field contains "googlebot"", "not any field matches /^GET /"), and
 * what the builder, facets or "filter to this" added (`status = 404`). Text on `*` says "any
 * field"; the case-folding forms are the default of the search box, so only the exact-case
 * forms say so ("match case").
 */
export function describeCondition(node: WhereNode, style: Style = 'sentence'): string {
  if ('not' in node) {
    const inner = node.not;
    // `-field:value` and `field!=value` are `not eq`: a chip says ≠, as for neq.
    if ('field' in inner && inner.operator === 'eq' && inner.field !== anyField)
      return `${inner.field} ≠ ${JSON.stringify(inner.value)}`;
    return `not ${group(inner, style)}`;
  }
  if ('or' in node) return node.or.map((n) => group(n, style)).join(' or ');
  if ('and' in node) return node.and.map((n) => group(n, style)).join(' and ');
  if (node.field === anyField) {
    const value = typeof node.value === 'string' ? node.value : JSON.stringify(node.value);
    // A chip shows the text alone; the sentence says what is done with it.
    const lead = (verb: string) => (style === 'sentence' ? `any field ${verb} ` : '');
    switch (node.operator) {
      case 'icontains':
        return `${lead('contains')}${JSON.stringify(value)}`;
      case 'contains':
        return `${lead('contains')}${JSON.stringify(value)} (match case)`;
      case 'imatches':
        return `${lead('matches')}/${value}/`;
      case 'matches':
        return `${lead('matches')}/${value}/ (match case)`;
      default:
    }
  }
  const value = node.value === undefined ? '' : ` ${JSON.stringify(node.value)}`;
  if (node.operator === 'matches' || node.operator === 'imatches') {
    const pattern = typeof node.value === 'string' ? node.value : JSON.stringify(node.value);
    return `${node.field} ${operatorFacts[node.operator].chip} /${pattern}/`;
  }
  return `${node.field} ${operatorFacts[node.operator].chip}${value}`;
}

/**
 * `sentence` says what a condition does; `chip` is what a chip shows, cut where narrow: text
 * searched in any field as the search box takes it (`"googlebot"`, `/^GET /`), so the words
 * come first (at 1024 px wide a chip showed "any field contains …" and not the word).
 */
type Style = 'sentence' | 'chip';

/** A part of a larger description: groups of several in parentheses. */
function group(node: WhereNode, style: Style): string {
  const text = describeCondition(node, style);
  return ('or' in node && node.or.length > 1) || ('and' in node && node.and.length > 1)
    ? `(${text})`
    : text;
}
