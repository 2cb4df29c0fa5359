// Data plane: what crosses the interconnect, what it saves, where it waits.
import type { DashboardSpec } from './dashboard';

export const DATA_PLANE: DashboardSpec = {
  uid: 'ferry-data-plane',
  title: 'Ferry / Data plane',
  description: 'Disk transfers between prem-manager and cloud-manager: wire throughput, savings, flow control and resends.',
  rows: [
    {
      title: 'Throughput',
      panels: [
        { title: 'Wire bytes sent (prem-manager)', kind: 'timeseries', unit: 'Bps', description: 'Chunk frames on the wire, per prem-manager.', queries: [{ expr: 'ferry:shipper_wire_bytes:rate1m', legend: '{{instance}}' }] },
        { title: 'Wire bytes received (cloud-manager)', kind: 'timeseries', unit: 'Bps', description: 'Chunk frames received, per cloud-manager.', queries: [{ expr: 'ferry:receiver_wire_bytes:rate1m', legend: '{{instance}}' }] },
        { title: 'Source bytes per wire byte', kind: 'timeseries', unit: 'none', description: 'Above 1 when compression and zero ranges spare the link.', queries: [{ expr: 'ferry:shipper_source_per_wire:ratio5m', legend: '{{instance}}' }] },
        { title: 'Transfers running', kind: 'timeseries', unit: 'short', description: 'Transfers holding a parallel-disk slot.', queries: [{ expr: 'sum by (instance) (ferry_shipper_transfers_active)', legend: '{{instance}}' }] },
      ],
    },
    {
      title: 'Flow control and faults',
      panels: [
        { title: 'Credit stalls', kind: 'timeseries', unit: 'ops', description: 'Frames that waited for a flow-control credit from the receiver: the cloud side is the bottleneck.', queries: [{ expr: 'sum by (instance) (rate(ferry_shipper_credit_stalls_total[5m]))', legend: '{{instance}}' }] },
        { title: 'Rate-cap wait', kind: 'timeseries', unit: 's', description: "Seconds per second frames were held back by their plan's rate cap.", queries: [{ expr: 'sum by (instance) (rate(ferry_shipper_cap_wait_seconds_total[5m]))', legend: '{{instance}}' }] },
        { title: 'Chunks resent', kind: 'timeseries', unit: 'ops', description: 'Chunks a resumed session sent again (after a crash or a dropped link).', queries: [{ expr: 'sum by (instance) (rate(ferry_receiver_chunks_resent_total[5m]))', legend: '{{instance}}' }] },
        { title: 'Sessions started', kind: 'timeseries', unit: 'ops', description: 'First sessions and resumes of transfers.', queries: [{ expr: 'sum by (instance) (rate(ferry_shipper_sessions_started_total[5m]))', legend: '{{instance}}' }] },
      ],
    },
  ],
};
