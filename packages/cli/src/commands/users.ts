// `ferry users add|grant|passwd|list`, `ferry keys create|revoke` and `ferry security events`: the
// site's principals and the calls the appliance refused (all need the admin role).
import { InvalidArgumentError, type Command } from 'commander';
import { ferry } from '@ferry/proto';
import { withApiOptions, withAppliance, type ApiOptions } from '../api/appliance';
import { isoTime, table } from '../api/format';
import { readPassword } from '../api/secret-input';
import type { CliIo } from '../io';

import api = ferry.api.v1;

const ROLES = ['viewer', 'operator', 'admin'];

function role(value: string): string {
  if (!ROLES.includes(value)) throw new InvalidArgumentError(`"${value}" is not a role; use one of ${ROLES.join(', ')}`);
  return value;
}

/** "plan:<id>" or "folder:<path>"; the appliance checks the rest and names what is wrong. */
function scope(value: string): string {
  if (!/^(plan|folder):./.test(value)) throw new InvalidArgumentError(`"${value}" is not a scope; use plan:<plan id> or folder:<VM folder path> (e.g. folder:/DC0/vm/team-a)`);
  return value;
}

const SCOPE_HELP = 'limit the role to one plan (plan:<plan id>) or the VMs under a VM folder (folder:/DC0/vm/team-a); not for admin';

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a count`);
  return Number(value);
}

const scoped = (p: { scope?: string | null }) => (p.scope ? `, scope ${p.scope}` : '');
const userLine = (u: api.IUser) => `${u.actor} (role ${u.role}${scoped(u)})\n`;

export function registerUsers(program: Command, io: CliIo): void {
  const users = program.command('users').description("the site's users (admin)");
  withApiOptions(
    users
      .command('add')
      .description('add a user; the password is typed, piped in or read from --password-file')
      .argument('<name>')
      .requiredOption('--role <role>', ROLES.join(' | '), role)
      .option('--scope <scope>', SCOPE_HELP, scope)
      .option('--password-file <path>', 'read the password from this file'),
  ).action(async (user: string, options: ApiOptions & { role: string; scope?: string; passwordFile?: string }) => {
    const password = await readPassword(`password of ${user}`, options.passwordFile);
    await withAppliance(io, options, (call) => call<api.ICreateUserRequest, api.User>('CreateUser', { user, password, role: options.role, scope: options.scope ?? '' }), (u) => `added ${userLine(u)}`);
  });
  withApiOptions(users.command('grant').description("change a user's role").argument('<name>').argument('<role>', ROLES.join(' | '), role)).action((user: string, newRole: string, options: ApiOptions) =>
    withAppliance(io, options, (call) => call<api.IGrantRoleRequest, api.User>('GrantRole', { user, role: newRole }), (u) => `granted ${userLine(u)}`),
  );
  withApiOptions(users.command('passwd').description("replace a user's password (rotation): tokens issued before stop working").argument('<name>').option('--password-file <path>', 'read the password from this file')).action(
    async (user: string, options: ApiOptions & { passwordFile?: string }) => {
      const password = await readPassword(`new password of ${user}`, options.passwordFile);
      await withAppliance(io, options, (call) => call<api.ISetPasswordRequest, api.User>('SetPassword', { user, password }), (u) => `new password for ${userLine(u)}`);
    },
  );
  withApiOptions(users.command('list').description('users and API keys')).action((options: ApiOptions) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IListUsersRequest, api.ListUsersResponse>('ListUsers', {}),
      (r) =>
        table(
          ['ACTOR', 'ROLE', 'SCOPE', 'SINCE', 'STATE'],
          [
            ...r.users.map((u) => [u.actor, u.role, u.scope || 'site', isoTime(u.passwordSetAt?.unixMillis), 'user']),
            ...r.apiKeys.map((k) => [k.actor, k.role, k.scope || 'site', isoTime(k.issuedAt?.unixMillis), k.revoked ? 'key revoked' : 'key']),
          ],
        ),
    ),
  );

  const keys = program.command('keys').description("service accounts' API keys (admin)");
  withApiOptions(
    keys
      .command('create')
      .description('issue an API key for an integrator; it is shown once (the appliance keeps its hash)')
      .argument('<name>')
      .requiredOption('--role <role>', ROLES.join(' | '), role)
      .option('--scope <scope>', SCOPE_HELP, scope),
  ).action(
    (name: string, options: ApiOptions & { role: string; scope?: string }) =>
      withAppliance(
        io,
        options,
        (call) => call<api.ICreateApiKeyRequest, api.CreateApiKeyResponse>('CreateApiKey', { name, role: options.role, scope: options.scope ?? '' }),
        (r) => `${r.key}\n(API key of ${r.apiKey?.actor}, role ${r.apiKey?.role}${scoped(r.apiKey ?? {})}: shown once; the integrator sends it as "authorization: Bearer <key>")\n`,
      ),
  );
  withApiOptions(keys.command('revoke').description('revoke an API key at once').argument('<name>').option('--reason <text>', 'why, for the audit trail')).action((name: string, options: ApiOptions & { reason?: string }) =>
    withAppliance(io, options, (call) => call<api.IRevokeApiKeyRequest, api.ApiKey>('RevokeApiKey', { name, reason: options.reason ?? '' }), (k) => `revoked ${k.actor}\n`),
  );

  const security = program.command('security').description('the security stream (admin)');
  withApiOptions(
    security
      .command('events')
      .description('calls the appliance refused (UNAUTHENTICATED, PERMISSION_DENIED), newest first; identical ones are counted in REPEATS')
      .option('--days <n>', 'today and the days before (1-31)', count)
      .option('--limit <n>', 'at most this many (default 100)', count),
  ).action((options: ApiOptions & { days?: number; limit?: number }) =>
    withAppliance(
      io,
      options,
      (call) => call<api.IListSecurityEventsRequest, api.ListSecurityEventsResponse>('ListSecurityEvents', { days: options.days ?? 0, limit: options.limit ?? 0 }),
      (r) => table(['AT', 'RPC', 'CODE', 'PRINCIPAL', 'FROM', 'REPEATS', 'REASON'], r.events.map((e) => [isoTime(e.at?.unixMillis), e.rpc, e.code, e.principal || '-', e.peer, String(e.repeats), e.reason])),
    ),
  );
}
