// Every step by its Step value and by its effect's kind: the process manager plans from the first,
// the effect runner runs by the second. A step missing here is a compile error (the maps are total).
import { Step } from '../../migration';
import type { AfterwardsKind, StepEffect } from './step-definition';
import type { StepDefinition } from './step-definition';
import { completeStep } from './complete';
import { copyDisksStep } from './copy-disks';
import { createTargetStep } from './create-target';
import { fixupStep } from './fixup';
import { powerOffSourceStep } from './power-off-source';
import { powerOnTargetStep } from './power-on-target';
import { validateStep } from './validate';
import { awaitBootOverCacheStep } from './await-boot-over-cache';
import { createCacheVolumeStep } from './create-cache-volume';
import { createTargetOverCacheStep } from './create-target-over-cache';
import { hydrateStep } from './hydrate';
import { moveToStorageStep } from './move-to-storage';
import { prepareGuestStep } from './prepare-guest';
import { releaseCacheStep } from './release-cache';
import { powerOffCloudTargetStep } from './power-off-cloud-target';
import { powerOnPremSourceStep } from './power-on-prem-source';
import { restorePremGuestStep } from './restore-prem-guest';
import { shipBackStep } from './ship-back';
import { enableChangeTrackingStep } from './enable-change-tracking';
import { precopySyncStep } from './precopy-sync';

/** The steps by kind of effect; each entry's effect type is its own. */
const BY_KIND: { readonly [K in StepEffect['kind']]: StepDefinition<Extract<StepEffect, { kind: K }>> } = {
  ValidateSource: validateStep,
  PowerOffSource: powerOffSourceStep,
  CopyDisks: copyDisksStep,
  CreateTargetVm: createTargetStep,
  RunFixup: fixupStep,
  PowerOnTarget: powerOnTargetStep,
  CompleteMigration: completeStep,
  PrepareGuest: prepareGuestStep,
  CreateCacheVolume: createCacheVolumeStep,
  CreateTargetOverCache: createTargetOverCacheStep,
  AwaitBootOverCache: awaitBootOverCacheStep,
  Hydrate: hydrateStep,
  MoveToStorage: moveToStorageStep,
  ReleaseCache: releaseCacheStep,
  PowerOffCloudTarget: powerOffCloudTargetStep,
  ShipBack: shipBackStep,
  RestorePremGuest: restorePremGuestStep,
  PowerOnPremSource: powerOnPremSourceStep,
  EnableChangeTracking: enableChangeTrackingStep,
  PrecopySync: precopySyncStep,
};

/** The steps by Step value. */
const BY_STEP: Readonly<Record<Step, StepDefinition>> = Object.fromEntries(
  Object.values(BY_KIND).map((definition) => [definition.step, definition as StepDefinition]),
) as Record<Step, StepDefinition>;

/** The definition of a step. */
export function stepDefinition(step: Step): StepDefinition {
  return BY_STEP[step];
}

/** The step an effect runs, or undefined for compensation. */
export function stepOfEffect(kind: StepEffect['kind'] | AfterwardsKind): Step | undefined {
  return kind === 'Compensate' || kind === 'PurgeCloud' ? undefined : BY_KIND[kind].step;
}

/** Runs a step's effect with its own definition (the kind selects it, so the types agree). */
export function runStepEffect(effect: StepEffect, env: Parameters<StepDefinition['run']>[1]): Promise<void> {
  // The map is keyed by kind with matching effect types; TypeScript cannot correlate the two unions here.
  const definition = BY_KIND[effect.kind] as StepDefinition;
  return definition.run(effect, env);
}
