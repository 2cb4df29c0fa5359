import { grpcServiceDefinition } from '@ferry/service-kit';
import { allows } from '../../access/roles';
import { RPC_ROLES } from './rpc-roles';

describe('the role table of ferry.api.v1.Ferry', () => {
  it('has one row for every RPC of the service, and none for an RPC it does not have', () => {
    expect(Object.keys(RPC_ROLES).sort()).toEqual(Object.keys(grpcServiceDefinition('ferry.api.v1.Ferry')).sort());
  });

  it('lets only Login and InitAdmin be called without a credential', () => {
    expect(Object.entries(RPC_ROLES).filter(([, role]) => role === 'anyone').map(([rpc]) => rpc).sort()).toEqual(['InitAdmin', 'Login']);
  });

  it('gives viewers the reads, operators what runs migrations, admins users, keys and the audit trail', () => {
    const callable = (role: 'viewer' | 'operator' | 'admin') => Object.entries(RPC_ROLES).filter(([, needed]) => needed !== 'anyone' && allows(role, needed)).map(([rpc]) => rpc);
    expect(callable('viewer')).toEqual(expect.arrayContaining(['ListVms', 'GetPlan', 'ListMigrations', 'WatchMigration', 'ListMigrationEvents']));
    expect(callable('viewer')).not.toEqual(expect.arrayContaining(['StartPlan']));
    expect(callable('viewer')).not.toContain('CreatePlan');
    expect(callable('operator')).toEqual(expect.arrayContaining(['CreatePlan', 'StartPlan', 'CancelMigration', 'RetryMigration', 'MigrateBack', 'PurgeCloud', 'SetPlanDiskRate', 'ListVms']));
    expect(callable('operator')).not.toContain('CreateUser');
    expect(callable('operator')).not.toContain('ExportAudit');
    expect(callable('admin')).toHaveLength(Object.values(RPC_ROLES).filter((r) => r !== 'anyone').length);
  });
});
