import { bootProfileKeyOf } from './boot-profile-key';

describe('bootProfileKeyOf', () => {
  it('joins the guest OS and the boot disk size, in the characters cloud-cache takes', () => {
    expect(bootProfileKeyOf('debian 12', 2 * 2 ** 30)).toBe('debian-12/disk-2g');
    expect(bootProfileKeyOf('Red Hat Enterprise Linux 9 (64-bit)', 40 * 2 ** 30 + 1)).toBe('red-hat-enterprise-linux-9-64-bit/disk-41g');
    expect(bootProfileKeyOf('debian', undefined)).toBe('debian');
  });

  it('gives no key when guest-prep named no OS', () => {
    expect(bootProfileKeyOf(undefined, 2 ** 30)).toBe('');
    expect(bootProfileKeyOf('  ', 2 ** 30)).toBe('');
  });

  it('never gives more than 63 characters per part', () => {
    const [os] = bootProfileKeyOf('x'.repeat(200), 2 ** 30).split('/');
    expect(os).toHaveLength(63);
  });
});
