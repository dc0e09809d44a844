import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChokidarOptions, FSWatcher } from 'chokidar';
import { importPackage } from '../util/import-package.js';

export interface FileWatch {
  /** Resolves when the first watch is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watch one file through its folder, and keep watching it when that folder is deleted and made again, or does not
 * exist yet. Editors and git replace a file (delete, then create), so a watch on the file itself ends with the
 * delete; a watch on its folder ends when the folder goes (a branch switch, `rm -r specs && git checkout specs`).
 * Then the nearest folder that is still there is watched until the path comes back, and the watch moves down again.
 */
export function watchFile(file: string, options: ChokidarOptions, onChange: (file: string) => void): FileWatch {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let current: FSWatcher | undefined;
  let closed = false;
  let arming: Promise<void> = Promise.resolve();

  const inode = (p: string) => {
    try {
      return statSync(p).ino;
    } catch {
      return undefined;
    }
  };
  let watchedInode: number | undefined;
  let checkTimer: NodeJS.Timeout | undefined;
  // After the file goes: is its folder still the one being watched? It may be gone (watch the nearest folder that is
  // left) or already made again (a new folder: watch that). Checked a moment later, when the delete has finished.
  const checkFolder = () => {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => {
      if (!closed && inode(dir) !== watchedInode) rearm();
    }, 100);
  };

  const arm = async (again: boolean): Promise<void> => {
    const { watch } = await importPackage<typeof import('chokidar')>('chokidar');
    let base = dir;
    while (!existsSync(base) && path.dirname(base) !== base) base = path.dirname(base);
    watchedInode = base === dir ? inode(dir) : undefined;
    const watcher = watch(base, { ...options, depth: 0 });
    current = watcher;
    watcher.on('all', (event, p) => {
      const abs = path.resolve(p);
      if (base === dir) {
        if (abs === target) {
          onChange(abs);
          if (event === 'unlink') checkFolder();
        } else if (event === 'unlinkDir' && abs === dir) {
          // The file went with its folder (its own unlink event may not come).
          onChange(target);
          checkFolder();
        }
      } else if (event === 'addDir' && (abs === dir || dir.startsWith(abs + path.sep))) rearm();
    });
    // A watcher on a folder that went away reports an error on some platforms: look again from the top.
    watcher.on('error', () => rearm());
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    // The file may have been written between the folder coming back and this watch starting.
    if (again && base === dir && existsSync(target)) onChange(target);
  };
  const rearm = () => {
    arming = arming.then(async () => {
      if (closed) return;
      await current?.close();
      current = undefined;
      if (!closed) await arm(true);
    });
  };
  arming = arm(false);
  return {
    ready: arming,
    close: async () => {
      closed = true;
      clearTimeout(checkTimer);
      await arming.catch(() => undefined);
      await current?.close();
    },
  };
}
