// The harness's face. Each real component has its own file; add one export line per file.
export * from './ports';
export * from './nats';
export * from './nats-session';
export * from './vcsim';
export * from './disk-images';
export * from './services';
export * from './guest-images';
export * from './ferry-site';
export * from './cloud-host-runner';
export * from './warm-oracle';
export * from './prometheus';
export * from './otlp-receiver';
export * from './fault-report';
