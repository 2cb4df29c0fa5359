import { IntegrityError } from '@ferry/errors';
import type { NewEvent } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import type { InventoryEvent } from '../inventory/events';
import type { Site } from '../inventory/model';
import { decodeInfra, decodeKind, decodeSite, decodeVm, encodeInfra, encodeKind, encodeSite, encodeVm, toNumber } from './model-codec';

import pb = ferry.inventory.v1;

/**
 * The one mapping between the domain's InventoryEvent union and the stored wire format
 * (proto/ferry/inventory/v1/events.proto). The stored event type is the proto message name.
 */
export const inventoryEventCodec = {
  encode(event: InventoryEvent): NewEvent {
    switch (event.type) {
      case 'VmDiscovered':
        return { type: event.type, payload: pb.VmDiscovered.encode({ vm: encodeVm(event.vm) }).finish() };
      case 'VmChanged':
        return { type: event.type, payload: pb.VmChanged.encode({ vm: encodeVm(event.vm), changed: event.changed }).finish() };
      case 'VmRemoved':
        return { type: event.type, payload: pb.VmRemoved.encode({ site: encodeSite(event.site), id: event.id }).finish() };
      case 'InfraObjectSeen':
        return { type: event.type, payload: pb.InfraObjectSeen.encode({ object: encodeInfra(event.object) }).finish() };
      case 'InfraObjectRemoved':
        return { type: event.type, payload: pb.InfraObjectRemoved.encode({ site: encodeSite(event.site), kind: encodeKind(event.kind), id: event.id }).finish() };
      case 'InventorySynced':
        return {
          type: event.type,
          payload: pb.InventorySynced.encode({ site: encodeSite(event.site), vms: event.vms, objects: event.objects, atUnixMillis: event.atMillis }).finish(),
        };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },

  /** Decodes one stored event; `site` is the aggregate id it was stored under. */
  decode(type: string, payload: Uint8Array, site: Site): InventoryEvent {
    switch (type) {
      case 'VmDiscovered': {
        const m = pb.VmDiscovered.decode(payload);
        return { type, site, vm: decodeVm(m.vm ?? {}, site) };
      }
      case 'VmChanged': {
        const m = pb.VmChanged.decode(payload);
        return { type, site, vm: decodeVm(m.vm ?? {}, site), changed: [...m.changed] };
      }
      case 'VmRemoved': {
        const m = pb.VmRemoved.decode(payload);
        return { type, site: decodeSite(m.site) ?? site, id: m.id };
      }
      case 'InfraObjectSeen': {
        const m = pb.InfraObjectSeen.decode(payload);
        return { type, site, object: decodeInfra(m.object ?? {}, site) };
      }
      case 'InfraObjectRemoved': {
        const m = pb.InfraObjectRemoved.decode(payload);
        return { type, site: decodeSite(m.site) ?? site, kind: decodeKind(m.kind) ?? 'Folder', id: m.id };
      }
      case 'InventorySynced': {
        const m = pb.InventorySynced.decode(payload);
        return { type, site: decodeSite(m.site) ?? site, vms: m.vms, objects: m.objects, atMillis: toNumber(m.atUnixMillis) };
      }
      default:
        throw new IntegrityError(`inventory event type "${type}" is unknown; it was not written by this inventory version (upgrade the service or run 'ferry audit verify')`);
    }
  },
};
