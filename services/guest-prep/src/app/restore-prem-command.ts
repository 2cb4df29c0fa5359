// The RestorePremDisks command (migrate back): validated and decoded for the domain.
import { ValidationError } from '@ferry/errors';
import { type ferry } from '@ferry/proto';
import { type RestorePremInput } from '../restore/restore-prem-disks';

/** The command's input; a bad field is a ValidationError naming it and the fix. */
export function decodeRestorePremDisks(cmd: ferry.guestprep.v1.IRestorePremDisks): RestorePremInput {
  if (!cmd.restoreId) throw new ValidationError('restore_id', 'empty; give each restore run its own id');
  const images = cmd.diskImages ?? [];
  if (!images.length || images.some((p) => !p.startsWith('/'))) {
    throw new ValidationError('disk_images', `${JSON.stringify(images)} is not a non-empty list of absolute paths; give each prem disk's raw flat extent as guest-prep sees it`);
  }
  const files = cmd.networkFiles ?? {};
  const bad = Object.keys(files).find((p) => !p.startsWith('/etc/') || p.split('/').includes('..'));
  if (bad !== undefined) throw new ValidationError('network_files', `${JSON.stringify(bad)} is not a guest path under /etc/; send the files ferry-prep.sh captured (GuestPrepCompleted's network files)`);
  return { diskImages: images, ...(Object.keys(files).length ? { networkFiles: files } : {}), undoPrep: cmd.undoPrep === true };
}
