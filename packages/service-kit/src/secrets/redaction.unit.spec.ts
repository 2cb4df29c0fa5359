import { redact, registerSecret, REDACTED } from './redaction';

describe('secret redaction', () => {
  it('given a registered secret, when text holds it raw, base64- or URL-encoded, then each form is replaced', () => {
    registerSecret('s3cr3t/pass+word');
    const text = `login s3cr3t/pass+word; header ${Buffer.from('s3cr3t/pass+word').toString('base64')}; query pw=${encodeURIComponent('s3cr3t/pass+word')}`;
    expect(redact(text)).toBe(`login ${REDACTED}; header ${REDACTED}; query pw=${REDACTED}`);
  });

  it('given a value too short to be a secret, when registered, then ordinary text keeps it', () => {
    registerSecret('root');
    expect(redact('user root logged in')).toBe('user root logged in');
  });
});
