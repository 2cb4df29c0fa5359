// The guest's network files as guest-prep captured them at preparation (GuestPrepared's network JSON,
// guest-prep's NetworkConfig.files): what the warm move re-applies on the moved disks and what the way
// back puts back on the prem disks.

/** The captured files by guest path; none when nothing was captured or the JSON is not guest-prep's. */
export function capturedNetworkFiles(networkJson: string | undefined): Record<string, string> {
  if (!networkJson) return {};
  try {
    const files = (JSON.parse(networkJson) as { files?: unknown }).files;
    if (files === null || typeof files !== 'object') return {};
    return Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
