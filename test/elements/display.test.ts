import { expect } from '@open-wc/testing';
import { shortTime } from '../../src/elements/display.js';

describe('display: shortTime', () => {
  const now = new Date(2026, 10, 27, 18, 0).getTime();

  it('shows a time today in the locale’s own clock: no leading zero in the US, 24 hours in Britain and China', () => {
    const morning = new Date(2026, 10, 27, 9, 5).getTime();
    expect(shortTime(morning, 'en-US', now)).to.equal('9:05 AM');
    expect(shortTime(morning, 'en-GB', now)).to.equal('09:05');
    expect(shortTime(morning, 'zh-CN', now)).to.equal('09:05');
  });

  it('shows the weekday within the week, and the date before that', () => {
    expect(shortTime(new Date(2026, 10, 25, 9, 5).getTime(), 'en-US', now)).to.equal('Wed');
    expect(shortTime(new Date(2026, 9, 3, 9, 5).getTime(), 'en-US', now)).to.equal('Oct 3');
  });
});
