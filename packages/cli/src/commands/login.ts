// `ferry login`, `ferry logout`, `ferry whoami`, `ferry admin init` and `ferry admin rotate-token-key`:
// getting a token from the appliance and keeping it in the user's config dir (api/sessions.ts, 0600),
// and replacing the key tokens are signed with.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions, type Call } from '../api/appliance';
import { isoTime } from '../api/format';
import { readPassword } from '../api/secret-input';
import { dropSession, saveSession } from '../api/sessions';
import type { CliIo } from '../io';

import api = ferry.api.v1;

interface LoginOptions extends ApiOptions {
  user: string;
  passwordFile?: string;
}

/** Logs `user` in and stores the token for the appliance; the reply says where. */
async function login(call: Call, options: LoginOptions, password: string): Promise<api.LoginResponse & { stored?: string }> {
  const reply = await call<api.ILoginRequest, api.LoginResponse>('Login', { user: options.user, password });
  const stored = await saveSession(options.appliance, { token: reply.token, actor: reply.actor, role: reply.role, expiresAt: Number(reply.expiresAt?.unixMillis ?? 0), caFile: options.caFile });
  return Object.assign(reply, { stored });
}

const loggedIn = (appliance: string) => (reply: api.LoginResponse & { stored?: string }) =>
  `logged in to ${appliance} as ${reply.actor} (role ${reply.role}) until ${isoTime(reply.expiresAt?.unixMillis)}; token kept in ${reply.stored} (mode 0600)\n`;

export function registerLogin(program: Command, io: CliIo): void {
  withApiOptions(
    program
      .command('login')
      .description('get a token for a user of the appliance (its password typed, piped in, or read from --password-file) and keep it for the next commands')
      .requiredOption('--user <name>', 'the user name')
      .option('--password-file <path>', 'read the password from the first line of this file'),
  ).action(async (options: LoginOptions) => {
    const password = await readPassword(`password of ${options.user}`, options.passwordFile);
    await withAppliance(io, { ...options, token: undefined }, (call) => login(call, options, password), loggedIn(options.appliance));
  });

  withApiOptions(program.command('logout').description("forget this machine's token for the appliance")).action(async (options: ApiOptions) => {
    const had = await dropSession(options.appliance);
    io.out(had ? `logged out of ${options.appliance}\n` : `no login for ${options.appliance}\n`);
    io.exit(0);
  });

  withApiOptions(program.command('whoami').description('who the appliance takes this CLI for, and the role')).action((options: ApiOptions) =>
    withAppliance(io, options, (call) => call<api.IWhoAmIRequest, api.WhoAmIResponse>('WhoAmI', {}), (r) => `${r.actor} (role ${r.role}${r.scope ? `, scope ${r.scope}` : ''})${r.expiresAt ? `, token valid until ${isoTime(r.expiresAt.unixMillis)}` : ''}\n`),
  );

  const admin = program.command('admin').description('set up the site');
  withApiOptions(
    admin
      .command('init')
      .description("make the site's first admin with the one-time code the appliance wrote into its STATE_DIR (refused once an admin exists), and log in as it")
      .requiredOption('--user <name>', "the first admin's name")
      .requiredOption('--code-file <path>', 'the appliance\'s STATE_DIR/admin-init-code')
      .option('--password-file <path>', 'read the new password from the first line of this file'),
  ).action(async (options: LoginOptions & { codeFile: string }) => {
    const initCode = (await readFile(options.codeFile, 'utf8')).trim();
    const password = await readPassword(`new password of ${options.user}`, options.passwordFile);
    await withAppliance(
      io,
      { ...options, token: undefined },
      async (call) => {
        await call<api.IInitAdminRequest, api.User>('InitAdmin', { user: options.user, password, initCode });
        return login(call, options, password);
      },
      loggedIn(options.appliance),
    );
  });

  withApiOptions(
    admin
      .command('rotate-token-key')
      .description('sign login tokens with a new key from now on (admin); tokens of the previous key keep working until they expire, so nobody is logged out'),
  ).action((options: ApiOptions) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IRotateTokenKeyRequest, api.RotateTokenKeyResponse>('RotateTokenKey', {}),
      (r) => `new token key ${r.keyId}; tokens of the previous key ${r.previousKeyId} are accepted until ${isoTime(r.previousAcceptedUntil?.unixMillis)}\n`,
    ),
  );
}
