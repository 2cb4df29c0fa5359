// Orchestration of migrations: effects, the steps that plan and run them, the process manager and the
// ports effects run through.
export * from './effects';
export * from './process-manager';
export * from './ports';
export * from './effect-runner';
export * from './migration-runner';
