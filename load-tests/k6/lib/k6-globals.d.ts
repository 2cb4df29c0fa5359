// k6 gives every script a console (its output goes to k6's log); @types/k6 declares k6's own globals
// only, and these scripts load no DOM or Node types, so it is declared here.
declare const console: {
  log(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
};
