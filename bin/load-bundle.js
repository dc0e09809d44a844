// Loads the CLI's bundle (dist/cli.cjs, made by scripts/bundle.mjs) with a V8 code cache: what V8 compiled of it in an
// earlier run (the functions that ran, not only the top level) is read back instead of compiled again. That is most of
// what loading the CLI costs. The cache is an entry of briefing's cache folder (src/util/cache.ts: BRIEFING_CACHE_DIR;
// BRIEFING_NO_CACHE=1 turns it off), used only when the folder is the user's own and not writable by others, as for
// the other entries; V8 itself rejects data made by another V8 or for another source, and it is then made again.
// Best effort: any failure means the bundle is simply compiled, never a message.
// CommonJS, like briefing.js beside it (bin/package.json): Node starts a CommonJS entry sooner than an ES module.
'use strict';
const { createHash, randomBytes } = require('node:crypto');
const { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const here = (file) => path.join(__dirname, file);
const statOf = (file) => statSync(file, { throwIfNoEntry: false });

/** The cache folder, by the rule of cacheDir() in src/util/cache.ts (tests/unit/bundle.test.ts holds them equal). */
function cacheFolder() {
  if (process.env.BRIEFING_NO_CACHE && process.env.BRIEFING_NO_CACHE !== '0') return undefined;
  return process.env.BRIEFING_CACHE_DIR || here('../node_modules/.cache/briefing');
}

/** Only a folder (or file) of this user that nobody else can write to: code is run from it. */
const private_ = (st) => (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o022) === 0;
const MAX_CACHE = 64 * 1024 * 1024;

// An entry is the SHA-256 of the data, then the data. V8 does not check the data it is given (a damaged code cache
// can crash the process), so an entry whose data does not match its digest is never handed to it.
const DIGEST = 32;
const digest = (data) => createHash('sha256').update(data).digest();

function readCache(file) {
  let fd;
  try {
    // Without waiting: a FIFO there (no writer) must not hang the CLI; it is then not a file, and not read.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || !private_(st) || st.size > MAX_CACHE || st.size <= DIGEST) return undefined;
    const entry = readFileSync(fd);
    const data = entry.subarray(DIGEST);
    return digest(data).equals(entry.subarray(0, DIGEST)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeCache(dir, file, data) {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(statSync(dir))) return;
    writeFileSync(temp, Buffer.concat([digest(data), data]), { mode: 0o600 });
    renameSync(temp, file);
    // The entries of earlier bundles (or Node versions) are of no more use: keep this one and the newest other four
    // (the bundle's and its packages' own bundles each have one).
    const others = readdirSync(dir)
      .filter((n) => /^code-[0-9a-f]+\.bin$/.test(n) && n !== path.basename(file))
      .map((n) => ({ n, t: statOf(path.join(dir, n))?.mtimeMs ?? 0 }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of others.slice(4)) rmSync(path.join(dir, n), { force: true });
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * The bundle's exports (`main`…), whether its code came from the cache, and `store`: what to do once it has run
 * (keep the code V8 compiled, when it had none to read or V8 refused it; and the same for the packages' bundles it
 * loaded). `importer` is the import() the bundle's importPackage calls. Its requirePackage loads a package from the
 * package's own bundle beside it (`<bundle>.<package>.cjs`, scripts/bundle.mjs) when there is one, the same way.
 */
function loadBundle(bundleFile, { importer = (name) => import(name) } = {}) {
  const stores = [];
  const loaded = new Map();
  const require = createRequire(bundleFile);
  const dir = cacheFolder();
  const dirStat = dir && statOf(dir);
  const cache = dir !== undefined && (!dirStat || (dirStat.isDirectory() && private_(dirStat))) ? { dir, made: Boolean(dirStat) } : undefined;
  const base = bundleFile.replace(/\.cjs$/, '');
  const requirePackage = (name) => {
    if (!loaded.has(name)) {
      const own = `${base}.${name.replace(/[^\w-]+/g, '-')}.cjs`;
      if (!statOf(own)) loaded.set(name, require(name));
      else {
        const pkg = compile(own, cache, importer, createRequire(own));
        if (pkg.store) stores.push(pkg.store);
        loaded.set(name, pkg.exports);
      }
    }
    return loaded.get(name);
  };
  const main = compile(bundleFile, cache, importer, require, requirePackage);
  if (main.store) stores.unshift(main.store);
  return { exports: main.exports, cached: main.cached, store: () => stores.forEach((s) => s()) };
}

/**
 * One bundle file compiled with its code cache and run as a CommonJS module. `cache`: the usable cache folder (and
 * whether it exists yet), or undefined.
 */
function compile(bundleFile, cache, importer, require, requirePackage = require) {
  const bundle = statSync(bundleFile);
  const id = `${bundle.size}\0${bundle.mtimeMs}\0${bundle.ino}\0${process.version}\0${process.arch}`;
  const file = cache ? path.join(cache.dir, `code-${createHash('sha256').update(id).digest('hex').slice(0, 24)}.bin`) : undefined;
  const cachedData = file && cache.made ? readCache(file) : undefined;
  const source = readFileSync(bundleFile, 'utf8');
  // The same parameters as Node's own CommonJS wrapper, and the loaders src/util/import-package.ts calls in the bundle.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __briefingImport, __briefingRequire) {${source}\n})`, {
    filename: bundleFile,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundleFile, path.dirname(bundleFile), importer, requirePackage);
  const store = file && (!cachedData || script.cachedDataRejected) ? () => writeCache(cache.dir, file, script.createCachedData()) : undefined;
  return { exports: module.exports, cached: Boolean(cachedData) && !script.cachedDataRejected, store };
}

exports.cacheFolder = cacheFolder;
exports.loadBundle = loadBundle;
