import { open } from 'node:fs/promises';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  evidenceTypes,
  sniffEvidenceHead,
  type EvidenceType,
} from '../../domain/vouchers/evidence-file-type.ts';
import {
  ZIP_TAIL_BYTES,
  isOfdPackage,
  locateCentralDirectory,
  zipEntryNames,
} from '../../domain/vouchers/evidence-zip.ts';

const ACCEPTED = Object.values(evidenceTypes).map((type) => type.contentType);

/**
 * The type of a file just written (at `path`), from its first bytes and, for a ZIP, its central
 * directory: 415 UNSUPPORTED_MEDIA_TYPE, with the reason, for anything that is not a PDF, an
 * OFD, a script-free XML document, a PNG or a JPEG.
 */
export async function detectEvidenceType(file: {
  path: string;
  head: Uint8Array;
  sizeBytes: number;
  /** What the active-content scan found anywhere in the file (refuses an XML file). */
  activeMarker: string | null;
}): Promise<EvidenceType> {
  const sniffed = sniffEvidenceHead(file.head);
  if (sniffed.verdict === 'refused') refuse(sniffed.reason);
  if (sniffed.verdict === 'zip') {
    if (!isOfdPackage(await readZipEntryNames(file.path, file.sizeBytes))) {
      refuse('a ZIP container without OFD.xml (not an OFD document)');
    }
    return 'ofd';
  }
  if (sniffed.type === 'xml' && file.activeMarker !== null) {
    refuse(`XML with active content (${file.activeMarker})`);
  }
  return sniffed.type;
}

function refuse(reason: string): never {
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `file: ${reason}`, {
    field: 'file',
    reason,
    accepted: ACCEPTED,
  });
}

async function readZipEntryNames(path: string, sizeBytes: number): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const tailBytes = Math.min(sizeBytes, ZIP_TAIL_BYTES);
    const tail = new Uint8Array(tailBytes);
    await handle.read(tail, 0, tailBytes, sizeBytes - tailBytes);
    const located = locateCentralDirectory(tail, sizeBytes);
    if (located === null) return [];
    const directory = new Uint8Array(located.sizeBytes);
    await handle.read(directory, 0, located.sizeBytes, located.offset);
    return zipEntryNames(directory);
  } finally {
    await handle.close();
  }
}
