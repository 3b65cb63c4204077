/**
 * The bundle folder as one zip file, made in this process and named by the hash of the folder's
 * contents. cdktf's own ARCHIVE assets zip in a child Node process started for each one (a third of
 * our synth's time, measured by `npm run bench -- --only synth`); this zip is made once per bundle
 * and handed to a public FILE asset (handler-asset.ts). Deterministic: the same files always make
 * the same bytes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { zipSync, type Zippable } from "fflate";

/** The archive's file name: the name cdktf gives an ARCHIVE asset, so the asset's path stays the one deployed. */
const ARCHIVE_FILE_NAME = "archive.zip";

/** Every zip entry gets this time, so that the same files always make the same bytes. */
const FIXED_ZIP_TIME = new Date("2020-01-01T00:00:00Z");

/**
 * The hash of a folder's contents as cdktf 0.21 computes an asset's (lib/private/fs.js `hashPath`):
 * MD5 over every file's bytes, depth first in `readdirSync` order, as 32 upper-case hex digits. It is
 * part of the function's `filename` and `source_code_hash`, so it must stay what deployed functions
 * carry; a test compares it with cdktf's.
 */
export function contentHash(dir: string): string {
  const hash = createHash("md5");
  const visit = (file: string): void => {
    const stat = statSync(file);
    if (stat.isFile()) hash.update(readFileSync(file));
    else if (stat.isDirectory()) for (const name of readdirSync(file)) visit(path.resolve(file, name));
  };
  visit(dir);
  return hash.digest("hex").slice(0, 32).toUpperCase();
}

/** The files of a folder, as fflate's nested object of contents, in a stable order. */
function zippable(dir: string): Zippable {
  const entries: Zippable = {};
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    entries[name] = statSync(file).isDirectory() ? zippable(file) : [readFileSync(file), { mtime: FIXED_ZIP_TIME }];
  }
  return entries;
}

export interface FolderArchive {
  /** The zip file, `<archives>/<hash>/archive.zip`. */
  readonly file: string;
  /** The hash of the folder's contents (contentHash). */
  readonly hash: string;
}

/**
 * Zips `dir` into `<archives>/<hash>/archive.zip`, unless that file is there already (the same hash,
 * the same bytes), and removes the archives of earlier contents. Written beside and then renamed, so
 * that a synth running at the same time never reads half a zip.
 */
export function archiveFolder(dir: string, archives: string): FolderArchive {
  const hash = contentHash(dir);
  const file = path.join(archives, hash, ARCHIVE_FILE_NAME);
  if (existsSync(file)) return { file, hash };
  mkdirSync(path.dirname(file), { recursive: true });
  const staged = `${file}.${process.pid}.tmp`;
  writeFileSync(staged, zipSync(zippable(dir), { level: 9 }));
  renameSync(staged, file);
  for (const other of readdirSync(archives)) {
    if (other !== hash) rmSync(path.join(archives, other), { recursive: true, force: true });
  }
  return { file, hash };
}
