import { withoutQueryStrings } from './without-query-strings';

describe('withoutQueryStrings', () => {
  it("cuts a URL's query, keeping scheme, host and path", () => {
    expect(
      withoutQueryStrings(
        'request to http://127.0.0.1:1/rest/v1/positions?select=positiontype&membernumber=eq.406130 failed, reason: connect ECONNREFUSED',
      ),
    ).toBe(
      'request to http://127.0.0.1:1/rest/v1/positions?… failed, reason: connect ECONNREFUSED',
    );
  });

  it('cuts every URL of the message and leaves text without one alone', () => {
    const text = withoutQueryStrings('a https://x.test/a?email=j%40x.org b HTTPS://y.test/b?c=1');
    expect(text).toBe('a https://x.test/a?… b HTTPS://y.test/b?…');
    expect(text).not.toContain('j%40x.org');
    expect(withoutQueryStrings('no answer in time')).toBe('no answer in time');
  });
});
