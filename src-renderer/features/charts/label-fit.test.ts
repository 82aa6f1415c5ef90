import { describe, expect, it } from 'vitest';
import { labelAxis } from './label-fit';

// 7 px a character: the arithmetic of the real measure, without a canvas.
const measure = Object.assign((t: string) => t.length * 7, { charWidth: 7 });

describe('labelAxis', () => {
  it('sizes the axis to the longest label, so it is drawn whole', () => {
    const labels = ['PushEvent', 'PullRequestReviewCommentEvent', 'ForkEvent'];
    const axis = labelAxis(labels, measure, { max: 320, pad: 14 });
    expect(axis.width).toBe(29 * 7 + 14);
    expect(axis.fit('PullRequestReviewCommentEvent')).toBe('PullRequestReviewCommentEvent');
  });

  it('caps the axis and cuts longer labels with an ellipsis', () => {
    const long = '/presentations/logstash-puppetconf-2012/images/nagios-sms5.png';
    const axis = labelAxis([long, 'GET 200'], measure, { max: 214, pad: 14 });
    expect(axis.width).toBe(214);
    const shown = axis.fit(long);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.length * 7).toBeLessThanOrEqual(200);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(axis.fit('GET 200')).toBe('GET 200');
  });

  it('keeps a minimum width for short labels', () => {
    expect(labelAxis(['a'], measure, { max: 300, pad: 10, min: 40 }).width).toBe(40);
  });
});
