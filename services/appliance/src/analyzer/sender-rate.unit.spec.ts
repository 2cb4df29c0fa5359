import { SenderRate } from './sender-rate';

function given(limits = { summariesPerSecond: 100, maxVolumesPerSender: 1000, maxSenders: 3 }) {
  const clock = { now: 0 };
  return { rate: new SenderRate(limits, () => clock.now), clock };
}

describe('summaries per second per sender', () => {
  it('given a sender that pushed a full batch, when it pushes again at once, then 429 names ANALYZER_SUMMARIES_PER_SECOND and when the batch fits', () => {
    const { rate } = given();
    expect(rate.take('10.0.0.1', 1000)).toBeUndefined();
    const refused = rate.take('10.0.0.1', 50);
    expect(refused).toMatchObject({ status: 429, limit: 'summariesPerSecond', retryAfterSeconds: 1 });
    expect(refused?.message).toBe('10.0.0.1 pushed more than 100 volume summaries per second; a batch of 50 fits again in 500 ms (limit ANALYZER_SUMMARIES_PER_SECOND=100)');
    expect(rate.take('10.0.0.2', 1000)).toBeUndefined(); // another sender has its own budget
  });

  it('given an exhausted sender, when time passes, then the budget refills at the rate and a refused push costs nothing', () => {
    const { rate, clock } = given();
    rate.take('10.0.0.1', 1000);
    clock.now = 500;
    expect(rate.take('10.0.0.1', 50)).toBeUndefined();
    expect(rate.take('10.0.0.1', 100)?.limit).toBe('summariesPerSecond');
    clock.now = 1500;
    expect(rate.take('10.0.0.1', 100)).toBeUndefined();
  });

  it('given empty batches, when a sender floods them, then each costs one summary', () => {
    const { rate } = given({ summariesPerSecond: 10, maxVolumesPerSender: 10, maxSenders: 3 });
    const taken = Array.from({ length: 15 }, () => rate.take('10.0.0.1', 0) === undefined).filter(Boolean).length;
    expect(taken).toBe(10);
  });

  it('given as many senders with spent budgets as tracked, when another address pushes, then 429 names ANALYZER_MAX_SENDERS; once budgets are full again it is taken', () => {
    const { rate, clock } = given();
    for (const sender of ['a', 'b', 'c']) rate.take(sender, 500);
    expect(rate.take('d', 1)).toMatchObject({ status: 429, limit: 'maxSenders' });
    clock.now = 5000;
    expect(rate.take('d', 1)).toBeUndefined();
    expect(rate.tracked).toBe(1);
  });

  it('given a check that does not charge, when asked, then the budget is unchanged', () => {
    const { rate } = given();
    for (let i = 0; i < 5; i++) expect(rate.take('10.0.0.1', 1000, false)).toBeUndefined();
    expect(rate.tracked).toBe(0);
  });
});
