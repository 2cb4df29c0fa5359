// Service health: is every service up, how much CPU and memory, is its event loop keeping up, and the
// event store's stream on NATS.
import type { DashboardSpec } from './dashboard';

export const SERVICE_HEALTH: DashboardSpec = {
  uid: 'ferry-service-health',
  title: 'Ferry / Service health',
  description: 'Every Ferry service: scrape status, CPU, memory, event-loop lag; the event store stream on NATS.',
  rows: [
    {
      title: 'Services',
      panels: [
        { title: 'Up', kind: 'timeseries', unit: 'short', description: '1 when Prometheus scrapes the service (FerryServiceDown fires after 30 s at 0).', queries: [{ expr: 'up{job="ferry"}', legend: '{{service}}' }] },
        { title: 'CPU', kind: 'timeseries', unit: 'percentunit', description: 'CPU seconds per second, per service.', queries: [{ expr: 'sum by (service) (rate(ferry_process_cpu_seconds_total[1m]))', legend: '{{service}}' }] },
        { title: 'Memory (RSS)', kind: 'timeseries', unit: 'bytes', description: 'Resident memory per service.', queries: [{ expr: 'ferry_process_resident_memory_bytes', legend: '{{service}}' }] },
        { title: 'Event-loop lag p99', kind: 'timeseries', unit: 's', description: 'How late timers and I/O callbacks run: a busy service answers late.', queries: [{ expr: 'ferry_nodejs_eventloop_lag_p99_seconds', legend: '{{service}}' }] },
      ],
    },
    {
      title: 'Event store (NATS JetStream)',
      panels: [
        { title: 'Stream size', kind: 'timeseries', unit: 'bytes', description: 'Bytes in the event stream, and its limit when one is set.', queries: [{ expr: 'ferry_event_stream{figure="bytes"}', legend: '{{stream}}' }] },
        { title: 'Stream messages and consumers', kind: 'timeseries', unit: 'short', description: 'Decisions stored, and consumers open on the stream (reads delete theirs).', queries: [{ expr: 'ferry_event_stream{figure=~"messages|consumers"}', legend: '{{stream}} {{figure}}' }] },
      ],
    },
  ],
};
