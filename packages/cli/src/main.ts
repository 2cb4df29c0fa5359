#!/usr/bin/env node
// The ferry command line: this file only routes; each command lives in src/commands/<name>.ts
// and registers itself on the program it is given.
import { Command } from 'commander';
import { registerAssess } from './commands/assess';
import { registerAuditVerify } from './commands/audit-verify';
import { registerCache } from './commands/cache';
import { registerCancel } from './commands/cancel';
import { registerEvents } from './commands/events';
import { registerMigrate } from './commands/migrate';
import { registerPlan } from './commands/plan';
import { registerRetry } from './commands/retry';
import { registerCutover } from './commands/cutover';
import { registerMigrateBack } from './commands/migrate-back';
import { registerMigrationCommands } from './commands/purge-cloud';
import { registerLists } from './commands/lists';
import { registerLogin } from './commands/login';
import { registerUsers } from './commands/users';
import { registerAuditReplay } from './commands/audit-replay';
import { registerVms } from './commands/vms';
import { registerWatch } from './commands/watch';
import { processIo, type CliIo } from './io';

/** What scripts can branch on (see src/api/call-errors.ts for the gRPC status behind each). */
const EXIT_CODES = `
Exit codes of the commands that call the appliance:
  0  done
  1  refused or failed: bad input, wrong state, unknown id, an error inside the appliance; a watched migration failed or was cancelled
  2  usage: the command line is wrong
  3  cannot reach the appliance (check --appliance or FERRY_APPLIANCE)
  4  the appliance answered but cannot serve now (its event store or a peer is down, it is overloaded, a conflict): try again
  5  the appliance does not accept the credential or its role (run ferry login)
`;

/** The whole command tree; tests call parseAsync on it with their own output sinks. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('ferry').description('Ferry: move VMware workloads between vCenters').exitOverride();
  program.configureOutput({ writeOut: io.out, writeErr: io.err });
  program.addHelpText('after', EXIT_CODES);
  const audit = program.command('audit').description('prove the event history is complete and untampered');
  registerAuditVerify(audit, io);
  registerAuditReplay(audit, io);
  registerVms(program, io);
  registerAssess(program, io);
  registerPlan(program, io);
  registerEvents(program, io);
  registerMigrate(program, io);
  registerWatch(program, io);
  registerCancel(program, io);
  registerRetry(program, io);
  registerCutover(program, io);
  registerMigrateBack(program, io);
  registerMigrationCommands(program, io);
  registerLists(program, io);
  registerCache(program, io);
  registerLogin(program, io);
  registerUsers(program, io);
  return program;
}

async function main(): Promise<void> {
  // grpc-js names an IP address as the TLS server name when --appliance is one (e.g. 127.0.0.1:443),
  // which Node answers with deprecation DEP0123 on every call; the certificate is still checked against
  // the IP (its subjectAltName), so the warning only clutters the output scripts read.
  process.noDeprecation = true;
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    // commander already printed help (exit 0) or the usage error (exit 2, so 1 always means findings)
    if (typeof code === 'number') process.exitCode = code === 0 ? 0 : 2;
    else {
      process.stderr.write(`ferry: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  }
}

if (require.main === module) void main();
